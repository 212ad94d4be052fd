import type { Storage } from "../../src/hal";
import type { EspruinoStorage } from "./platform";

// The core's keys are NVS-sized (hal.ts: at most 15 characters); Storage names may be 28.
const KEY_MAX = 15;
const PREFIX = "cat1.";

function checkKey(key: string): void {
  if (key.length === 0 || key.length > KEY_MAX) throw new Error("storage key '" + key + "' must be 1 to " + KEY_MAX + " characters");
}

/**
 * Integers in Espruino's flash Storage, one small file per key ("cat1.relay" holds "1"),
 * as decimal text. A write that changes nothing is skipped: every Storage write takes new
 * flash, and a full area is compacted, which blocks for as long as the erase takes.
 */
export class FlashStorage implements Storage {
  constructor(private readonly files: EspruinoStorage) {}

  getInt(key: string): number | undefined {
    checkKey(key);
    const text = this.files.read(PREFIX + key);
    const value = typeof text === "string" && text !== "" ? Number(text) : NaN;
    return Math.floor(value) === value ? value : undefined;
  }

  setInt(key: string, value: number): void {
    checkKey(key);
    if (Math.floor(value) !== value || value < -0x80000000 || value > 0x7fffffff) {
      throw new Error("'" + key + "' = " + value + " is not a 32-bit integer");
    }
    const text = String(value);
    if (this.files.read(PREFIX + key) === text) return;
    if (!this.files.write(PREFIX + key, text)) throw new Error("Storage refused '" + PREFIX + key + "' (flash full?)");
  }
}
