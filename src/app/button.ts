import type { Clock, InputPin } from "../hal";

/**
 * The local button, sampled on every poll. A level counts once it has held for `debounceMs`,
 * so contact bounce (a few ms of chatter on press and release) makes one press, not several.
 * The level at start-up is taken as the resting one: a button held during boot is no press.
 */
export class Button {
  /** Debounced presses seen. */
  presses = 0;
  private readonly pin: InputPin;
  private readonly clock: Clock;
  private readonly debounceMs: number;
  private readonly pressedLevel: number;
  private stable: number;
  private candidate: number;
  private since: number;
  /** When the current press settled; -1 while released (and for a button held since boot). */
  private pressedAt = -1;

  /** `pressedLevel`: what `read()` returns while pressed (the Moddable host inverts to 1). */
  constructor(pin: InputPin, clock: Clock, debounceMs: number, pressedLevel: number) {
    this.pin = pin;
    this.clock = clock;
    this.debounceMs = debounceMs;
    this.pressedLevel = pressedLevel ? 1 : 0;
    this.stable = this.candidate = this.level();
    this.since = clock.now();
  }

  /** Sample the pin. True exactly once per press, when it has settled. */
  poll(): boolean {
    const level = this.level();
    const now = this.clock.now();
    if (level !== this.candidate) {
      this.candidate = level;
      this.since = now;
      return false;
    }
    if (level === this.stable || now - this.since < this.debounceMs) return false;
    this.stable = level;
    if (level !== this.pressedLevel) {
      this.pressedAt = -1;
      return false;
    }
    this.presses++;
    this.pressedAt = now;
    return true;
  }

  /**
   * How long the current press has lasted (ms), 0 while released. A button already held at
   * boot counts only from its next press: a stuck button must not act by itself.
   */
  heldMs(): number {
    return this.pressedAt < 0 ? 0 : this.clock.now() - this.pressedAt;
  }

  private level(): number {
    return this.pin.read() ? 1 : 0;
  }
}
