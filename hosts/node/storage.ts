/**
 * NVS on a PC. Both enforce what ESP32 NVS enforces (keys of at most 15 characters, integer
 * values), so a key that would fail on the device fails here first.
 *
 * Pass the same MemoryStorage to a new rig for a simulated reboot; JsonFileStorage also
 * survives the process.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import type { Storage } from "../../src/hal";

export class MemoryStorage implements Storage {
  protected readonly values = new Map<string, number>();

  getInt(key: string): number | undefined {
    checkKey(key);
    return this.values.get(key);
  }

  setInt(key: string, value: number): void {
    checkKey(key);
    if (!Number.isInteger(value)) throw new RangeError(`NVS value must be an integer: ${key}=${value}`);
    this.values.set(key, value);
  }

  /** Everything stored, for a console or a test. */
  entries(): Record<string, number> {
    return Object.fromEntries(this.values);
  }
}

export class JsonFileStorage extends MemoryStorage {
  constructor(private readonly path: string) {
    super();
    for (const [key, value] of Object.entries(readJson(path))) {
      if (Number.isInteger(value)) this.values.set(key, value as number);
    }
  }

  override setInt(key: string, value: number): void {
    super.setInt(key, value);
    // Write then rename: a crash never leaves half a file.
    const temporary = this.path + ".tmp";
    writeFileSync(temporary, JSON.stringify(this.entries(), null, 2) + "\n");
    renameSync(temporary, this.path);
  }
}

function readJson(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error(`${path}: not a JSON object`);
  return parsed as Record<string, unknown>;
}

function checkKey(key: string): void {
  if (key.length === 0 || key.length > 15) throw new RangeError(`NVS key must be 1-15 characters: "${key}"`);
}
