import Time from "time";
import type { Clock } from "../../src/hal";

/**
 * Monotonic milliseconds from `Time.ticks`. On ESP32 ticks is a 32-bit integer that turns
 * negative after 24.8 days and wraps after 49.7; on lin it is wall-clock time, which can step
 * back. Accumulating unsigned deltas gives the core deadlines that never wrap. `now()` must run
 * at least once every 24 days: the poll timer sees to that.
 */
export class TicksClock implements Clock {
  private last = Time.ticks;
  private total = 0;

  now(): number {
    const raw = Time.ticks;
    const delta = (raw - this.last) >>> 0;
    this.last = raw;
    // A delta this large is a wall clock stepping back (lin), not 24 days between polls.
    if (delta < 0x80000000) this.total += delta;
    return this.total;
  }
}
