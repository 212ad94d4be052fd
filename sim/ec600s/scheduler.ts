/**
 * Timers that belong to one power cycle of the module. A reboot or power-off cancels them
 * all at once, so nothing from the previous life (a pending `+QMTOPEN`, a registration)
 * leaks into the next one.
 */
import type { SimTimers } from "./timers";

export class Scheduler {
  private readonly live = new Set<unknown>();

  constructor(readonly timers: SimTimers) {}

  after(ms: number, fn: () => void): void {
    const handle = this.timers.setTimeout(() => {
      this.live.delete(handle);
      fn();
    }, ms);
    this.live.add(handle);
  }

  cancelAll(): void {
    for (const handle of this.live) this.timers.clearTimeout(handle);
    this.live.clear();
  }
}
