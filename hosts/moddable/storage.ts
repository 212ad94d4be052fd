import Preference from "preference";
import type { Log, Storage } from "../../src/hal";

// ESP32 NVS limits both namespace and key names to 15 characters (NVS_KEY_NAME_MAX_SIZE - 1).
const NAME_MAX = 15;

function describe(value: unknown): string {
  return typeof value === "string" ? "a string of " + value.length : typeof value === "number" ? String(value) : "a " + typeof value;
}

function checkName(kind: string, name: string): void {
  if (name.length === 0 || name.length > NAME_MAX) {
    throw new RangeError(kind + " '" + name + "' must be 1 to " + NAME_MAX + " characters");
  }
}

/**
 * Integers in the `preference` module (NVS on ESP32, a JSON file on lin). NVS stores an int32
 * and throws on a fraction, so values are checked here where the message can say why.
 */
export class PreferenceStorage implements Storage {
  constructor(
    private readonly domain: string,
    private readonly log: Log,
  ) {
    checkName("domain", domain);
  }

  /**
   * A stored value that is not an integer (a string, a buffer, a flash gone bad) is removed
   * and reported in one line: the core then starts from its default, as the PC host does
   * with a storage file it cannot read.
   */
  getInt(key: string): number | undefined {
    checkName("key", key);
    const value = Preference.get(this.domain, key);
    if (value === undefined || (typeof value === "number" && Number.isInteger(value))) return value;
    this.log("warn", "NVS " + this.domain + "/" + key + " holds " + describe(value) + ", not an integer: removed, default used");
    Preference.delete(this.domain, key);
    return undefined;
  }

  setInt(key: string, value: number): void {
    checkName("key", key);
    if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
      throw new RangeError("'" + key + "' = " + value + " is not a 32-bit integer");
    }
    Preference.set(this.domain, key, value);
  }
}
