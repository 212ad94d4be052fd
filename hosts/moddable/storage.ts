import Preference from "preference";
import type { Storage } from "../../src/hal";

// ESP32 NVS limits both namespace and key names to 15 characters (NVS_KEY_NAME_MAX_SIZE - 1).
const NAME_MAX = 15;

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
  constructor(private readonly domain: string) {
    checkName("domain", domain);
  }

  getInt(key: string): number | undefined {
    checkName("key", key);
    const value = Preference.get(this.domain, key);
    return typeof value === "number" ? value : undefined;
  }

  setInt(key: string, value: number): void {
    checkName("key", key);
    if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
      throw new RangeError("'" + key + "' = " + value + " is not a 32-bit integer");
    }
    Preference.set(this.domain, key, value);
  }
}
