import Preference from "preference";
import type { Log, SettingsStore } from "../../src/hal";

// ESP32 NVS limits namespace and key names to 15 characters; `preference` strings to 4000 bytes.
const NAME_MAX = 15;
const TEXT_MAX = 4000;

function checkKey(key: string): void {
  if (key.length === 0 || key.length > NAME_MAX) throw new RangeError("setting '" + key + "' must be 1 to " + NAME_MAX + " characters");
}

/**
 * The unit's text settings (identity, cloud settings) in their own `preference` domain: NVS
 * on ESP32, a file on lin. A value of another type (written by something else, a flash gone
 * bad) is removed and reported in one line, and the build's value applies.
 */
export class PreferenceSettings implements SettingsStore {
  constructor(
    private readonly domain: string,
    private readonly log: Log,
  ) {
    checkKey(domain);
  }

  get(key: string): string | undefined {
    checkKey(key);
    const value = Preference.get(this.domain, key);
    if (value === undefined || typeof value === "string") return value;
    if (typeof value === "number") return String(value);
    this.log("warn", "NVS " + this.domain + "/" + key + " holds a " + typeof value + ", not text: removed, build value used");
    Preference.delete(this.domain, key);
    return undefined;
  }

  set(key: string, value: string): void {
    checkKey(key);
    if (value.length > TEXT_MAX) throw new RangeError("'" + key + "' is longer than " + TEXT_MAX + " characters");
    Preference.set(this.domain, key, value);
  }

  remove(key: string): void {
    checkKey(key);
    Preference.delete(this.domain, key);
  }
}
