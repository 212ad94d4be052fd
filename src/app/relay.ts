import type { Log, OutputPin, Storage } from "../hal";
import type { RelayBootPolicy } from "./config";

/** NVS key of the last relay state (at most 15 characters). */
export const RELAY_KEY = "relay";

/**
 * The relay: the pin follows `set()` at once, and the state is kept in NVS so that a power
 * cut can be followed by the same state ("restore") when the user wants that.
 */
export class Relay {
  /** Times the relay changed state (boot excluded). */
  switches = 0;
  /** NVS writes that failed; the relay switched anyway. */
  persistFailures = 0;
  private level: 0 | 1 = 0;
  private stored = -1;
  /** A change not yet saved; cleared by an attempt, so a failing NVS is retried on the next change, not every poll. */
  private dirty = false;
  private readonly pin: OutputPin;
  private readonly storage: Storage;
  private readonly log: Log;

  constructor(pin: OutputPin, storage: Storage, policy: RelayBootPolicy, log: Log) {
    this.pin = pin;
    this.storage = storage;
    this.log = log;
    this.stored = this.load();
    this.level = bootLevel(policy, this.stored);
    this.pin.write(this.level);
    this.persist();
  }

  get value(): 0 | 1 {
    return this.level;
  }

  /** Drive the relay; the pin has changed when this returns. True if the state changed. */
  set(value: 0 | 1): boolean {
    // The pin is written even when unchanged: it costs nothing and heals a disturbed output.
    this.pin.write(value);
    if (value === this.level) return false;
    this.level = value;
    this.switches++;
    this.dirty = true;
    return true;
  }

  /**
   * Save the state if it changed, from a poll: an NVS write can take milliseconds of flash
   * erase, which must not land in the turn that handles a UART chunk.
   */
  poll(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.persist();
  }

  toggle(): 0 | 1 {
    this.set(this.level === 1 ? 0 : 1);
    return this.level;
  }

  private load(): number {
    try {
      const value = this.storage.getInt(RELAY_KEY);
      return value === 0 || value === 1 ? value : -1;
    } catch (error) {
      this.log("warn", "relay: cannot read NVS: " + String(error));
      return -1;
    }
  }

  // Written only on change: NVS pages wear out, and a relay can toggle many times a day.
  private persist(): void {
    if (this.stored === this.level) return;
    try {
      this.storage.setInt(RELAY_KEY, this.level);
      this.stored = this.level;
    } catch (error) {
      this.persistFailures++;
      this.log("error", "relay: cannot save state: " + String(error));
    }
  }
}

/** The state after a reset; with nothing stored, "restore" means off. */
export function bootLevel(policy: RelayBootPolicy, stored: number): 0 | 1 {
  if (policy === "on") return 1;
  if (policy === "off") return 0;
  return stored === 1 ? 1 : 0;
}
