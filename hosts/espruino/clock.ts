import type { Clock } from "../../src/hal";
import { espruino } from "./platform";

/**
 * Monotonic milliseconds from `getTime()`, Espruino's seconds since start-up. `setTime()`
 * (a user, or an NTP client) would step it; a step back is ignored here, so deadlines never
 * move away, and the core's timeouts absorb a step forward.
 */
export class UptimeClock implements Clock {
  private readonly getTime = espruino().getTime;
  private last: number;
  private total = 0;

  constructor() {
    this.last = this.getTime();
  }

  now(): number {
    const raw = this.getTime();
    const delta = raw - this.last;
    this.last = raw;
    if (delta > 0) this.total += delta * 1000;
    return Math.floor(this.total);
  }
}
