import type { InputPin, OutputPin, Sensor, SensorSample, SettingsStore, Storage } from "../../src/hal";
import { FakeClock, memoryLog } from "../at/fakes";
import { parseConfig, type Config } from "../../src/app/config";

export { FakeClock, memoryLog };

export const PK = "a1wFylTxYeD";
export const DN = "co_0001";
export const DS = "7ab0c4b3532b5783df5fdc58a2895d7a";

/** A valid config with `extra` on top (raw keys, as mcconfig would pass them). */
export function config(extra: Record<string, unknown> = {}): Config {
  const raw: Record<string, unknown> = { productKey: PK, deviceName: DN, deviceSecret: DS };
  for (const k of Object.keys(extra)) raw[k] = extra[k];
  return parseConfig(raw);
}

/** NVS in memory; survives a simulated reboot when the same object is passed again. */
export class FakeStorage implements Storage {
  values: Record<string, number> = {};
  writes = 0;
  failWrites = false;
  getInt(key: string): number | undefined {
    if (key.length > 15) throw new RangeError("key too long: " + key);
    return Object.prototype.hasOwnProperty.call(this.values, key) ? this.values[key] : undefined;
  }
  setInt(key: string, value: number): void {
    if (key.length > 15) throw new RangeError("key too long: " + key);
    if (!Number.isInteger(value)) throw new RangeError("not an integer: " + value);
    if (this.failWrites) throw new Error("nvs full");
    this.writes++;
    this.values[key] = value;
  }
}

export class FakePin implements OutputPin {
  writes: number[] = [];
  /** When the level changed (with a clock): [time, level]. */
  changes: Array<[number, number]> = [];
  constructor(
    private readonly journal?: string[],
    private readonly name = "pin",
    private readonly clock?: FakeClock,
  ) {}
  write(value: number): void {
    if (this.clock && value !== this.level) this.changes.push([this.clock.t, value]);
    this.writes.push(value);
    if (this.journal) this.journal.push(this.name + " " + value);
  }
  get level(): number {
    return this.writes.length > 0 ? this.writes[this.writes.length - 1] : -1;
  }
}

export class FakeInput implements InputPin {
  value = 0;
  read(): number {
    return this.value;
  }
}

/** A sensor whose next results are scripted; a conversion must have had `conversionMs`. */
export class FakeSensor implements Sensor {
  readonly conversionMs = 20;
  /** Next readings; `null` is a failed read (bus error or CRC). */
  script: Array<SensorSample | null> = [];
  /** What repeats when the script is empty. */
  steady: SensorSample | null = { temperature: 20, humidity: 50 };
  startOk = true;
  starts = 0;
  reads = 0;
  earlyReads = 0;
  private startedAt = -1;
  constructor(private readonly clock: FakeClock) {}
  start(): boolean {
    this.starts++;
    if (!this.startOk) return false;
    this.startedAt = this.clock.t;
    return true;
  }
  read(out: SensorSample): boolean {
    this.reads++;
    if (this.startedAt < 0 || this.clock.t - this.startedAt < this.conversionMs) this.earlyReads++;
    this.startedAt = -1;
    const next = this.script.length > 0 ? this.script.shift() : this.steady;
    if (next === null || next === undefined) return false;
    out.temperature = next.temperature;
    out.humidity = next.humidity;
    return true;
  }
}

/** NVS text settings in memory; keys checked as NVS checks them. */
export class FakeSettings implements SettingsStore {
  values: Record<string, string> = {};
  writes = 0;
  failWrites = false;
  get(key: string): string | undefined {
    if (key.length > 15) throw new RangeError("key too long: " + key);
    return Object.prototype.hasOwnProperty.call(this.values, key) ? this.values[key] : undefined;
  }
  set(key: string, value: string): void {
    if (key.length > 15) throw new RangeError("key too long: " + key);
    if (this.failWrites) throw new Error("nvs full");
    this.writes++;
    this.values[key] = value;
  }
  remove(key: string): void {
    delete this.values[key];
  }
}
