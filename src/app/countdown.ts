import { COUNT_DOWN, CountDownSet, encodeCountDown } from "../cloud/timer-model";
import type { Clock } from "../hal";

/**
 * CountDown: switch to `power` after N seconds, on the monotonic clock, so a reconnect (or
 * an outage) does not touch it. A manual switch or a new countdown cancels it; not kept
 * across a reboot (the wall clock is not known at boot to tell how much is left).
 */
export class CountDown {
  running = false;
  power: 0 | 1 = 0;
  /** Countdowns that ran out and switched. */
  fired = 0;
  private deadline = 0;
  private timestamp = "";
  /** Started, stopped or fired since the last state post. */
  private changed = false;
  private readonly clock: Clock;

  constructor(clock: Clock) {
    this.clock = clock;
  }

  /** A set: start (IsRunning 1) or cancel (IsRunning 0). */
  set(s: CountDownSet): void {
    this.timestamp = s.timestamp;
    this.power = s.power;
    this.running = s.isRunning === 1;
    this.deadline = this.clock.now() + s.timeLeft * 1000;
    this.changed = true;
  }

  /** A manual switch. True if one was running. */
  cancel(): boolean {
    if (!this.running) return false;
    this.running = false;
    this.changed = true;
    return true;
  }

  /** From every poll: true once, when it runs out. */
  poll(): boolean {
    if (!this.running || this.clock.now() < this.deadline) return false;
    this.running = false;
    this.changed = true;
    this.fired++;
    return true;
  }

  /** Whole seconds left, rounded up; 0 when not running. */
  get timeLeft(): number {
    if (!this.running) return 0;
    const ms = this.deadline - this.clock.now();
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  }

  /** The member for a state post: while running or just after a change. */
  member(): string {
    if (!this.running && !this.changed) return "";
    return ',"' + COUNT_DOWN + '":' + encodeCountDown(this.running ? 1 : 0, this.timeLeft, this.power, this.timestamp);
  }

  posted(): void {
    this.changed = false;
  }
}
