import type { Clock, Log, OutputPin, Storage } from "../hal";
import type { RelayBootPolicy } from "./config";

/** NVS key of the last relay state (at most 15 characters). */
export const RELAY_KEY = "relay";
/** NVS key of relay `channel` (0: RELAY_KEY, as before a second relay existed). */
export function relayKey(channel: number): string {
  return channel === 0 ? RELAY_KEY : RELAY_KEY + (channel + 1);
}

export interface RelayOptions {
  pin: OutputPin;
  storage: Storage;
  policy: RelayBootPolicy;
  log: Log;
  clock: Clock;
  /** Least time between two physical switches (boot included); 0 switches at once. */
  minSwitchMs: number;
  /** NVS key (default RELAY_KEY). */
  key?: string;
}

/**
 * The relay: the pin follows the last command, and the state is kept in NVS so that a power
 * cut can be followed by the same state ("restore") when the user wants that.
 *
 * A relay and its load are protected from chatter: the pin changes at most once per
 * `minSwitchMs`. A command inside that time is held, and a later one replaces it (the latest
 * wins; one that returns to the pin's level cancels the switch), so the pin always ends at the
 * last command's state, at most `minSwitchMs` late.
 */
export class Relay {
  /** Times the pin changed state (boot excluded). */
  switches = 0;
  /** Commands that had to wait for the interval, whether they switched later or were replaced. */
  held = 0;
  /** NVS writes that failed; the relay switched anyway. */
  persistFailures = 0;
  /** What the pin drives. */
  private level: 0 | 1 = 0;
  /** The last command; differs from `level` while a switch is held. */
  private wanted: 0 | 1 = 0;
  private switchedAt: number;
  private stored = -1;
  /** A change not yet saved; cleared by an attempt, so a failing NVS is retried on the next change, not every poll. */
  private dirty = false;
  private readonly o: RelayOptions;
  private readonly key: string;

  constructor(options: RelayOptions) {
    this.o = options;
    this.key = options.key ?? RELAY_KEY;
    this.stored = this.load();
    this.level = bootLevel(options.policy, this.stored);
    this.wanted = this.level;
    options.pin.write(this.level);
    // The boot write may have switched the coil too: a reset loop must not chatter either.
    this.switchedAt = options.clock.now();
    this.persist();
  }

  /** The state commanded last: the pin's now, or within `minSwitchMs`. */
  get value(): 0 | 1 {
    return this.wanted;
  }

  /** The pin's state. */
  get pinLevel(): 0 | 1 {
    return this.level;
  }

  /** A command waits for the interval: the pin is not at `value` yet. */
  get switchPending(): boolean {
    return this.wanted !== this.level;
  }

  /** Command the relay: the pin switches now, or once the interval has passed. True if the commanded state changed. */
  set(value: 0 | 1): boolean {
    const changed = value !== this.wanted;
    this.wanted = value;
    // Writing the level it already has costs nothing and heals a disturbed output.
    if (value === this.level) this.o.pin.write(value);
    else if (this.due()) this.switchPin();
    else this.held++;
    return changed;
  }

  /**
   * From the host's poll: switch a held command once due, and save the state if it changed.
   * An NVS write can take milliseconds of flash erase, which must not land in the turn that
   * handles a UART chunk. True if the pin switched here.
   */
  poll(): boolean {
    const switched = this.wanted !== this.level && this.due();
    if (switched) this.switchPin();
    if (this.dirty) {
      this.dirty = false;
      this.persist();
    }
    return switched;
  }

  toggle(): 0 | 1 {
    this.set(this.wanted === 1 ? 0 : 1);
    return this.wanted;
  }

  private due(): boolean {
    return this.o.clock.now() - this.switchedAt >= this.o.minSwitchMs;
  }

  private switchPin(): void {
    this.level = this.wanted;
    this.o.pin.write(this.level);
    this.switchedAt = this.o.clock.now();
    this.switches++;
    this.dirty = true;
  }

  private load(): number {
    try {
      const value = this.o.storage.getInt(this.key);
      return value === 0 || value === 1 ? value : -1;
    } catch (error) {
      this.o.log("warn", "relay: cannot read NVS: " + String(error));
      return -1;
    }
  }

  // The pin's state, written only on change: NVS pages wear out, and a relay can toggle many
  // times a day. A held command is not saved: it is not answered either until it switched.
  private persist(): void {
    if (this.stored === this.level) return;
    try {
      this.o.storage.setInt(this.key, this.level);
      this.stored = this.level;
    } catch (error) {
      this.persistFailures++;
      this.o.log("error", "relay: cannot save state: " + String(error));
    }
  }
}

/** The state after a reset; with nothing stored, "restore" means off. */
export function bootLevel(policy: RelayBootPolicy, stored: number): 0 | 1 {
  if (policy === "on") return 1;
  if (policy === "off") return 0;
  return stored === 1 ? 1 : 0;
}
