/**
 * NVS on a PC. Both enforce what ESP32 NVS enforces (keys of at most 15 characters, integer
 * values), so a key that would fail on the device fails here first.
 *
 * Pass the same MemoryStorage to a new rig for a simulated reboot; JsonFileStorage also
 * survives the process, and survives a crash or a power cut while it writes (see below).
 */
import type { SettingsStore, Storage } from "../../src/hal";
import { NODE_FILES, type StorageFiles } from "./storage-files";
import { readNvsFile, SETTINGS_FIELD } from "./storage-read";

export { NODE_FILES, StorageError, type StorageFiles } from "./storage-files";

export class MemoryStorage implements Storage, SettingsStore {
  protected readonly values = new Map<string, number>();
  /** The text settings (src/app/settings.ts): ESP32 keeps them in a namespace of their own. */
  protected readonly texts = new Map<string, string>();

  getInt(key: string): number | undefined {
    checkKey(key);
    return this.values.get(key);
  }

  setInt(key: string, value: number): void {
    checkKey(key);
    if (!Number.isInteger(value)) throw new RangeError(`NVS value must be an integer: ${key}=${value}`);
    this.values.set(key, value);
  }

  /** Every integer stored, for a console or a test. */
  entries(): Record<string, number> {
    return Object.fromEntries(this.values);
  }

  get(key: string): string | undefined {
    checkKey(key);
    return this.texts.get(key);
  }

  set(key: string, value: string): void {
    checkKey(key);
    if (typeof value !== "string") throw new RangeError(`NVS setting must be text: ${key}`);
    this.texts.set(key, value);
  }

  remove(key: string): void {
    checkKey(key);
    this.texts.delete(key);
  }

  /** Every text setting stored. */
  settings(): Record<string, string> {
    return Object.fromEntries(this.texts);
  }
}

/**
 * A JSON object of integers in one file. A file that cannot be used (truncated, empty, not an
 * object, a value NVS could not hold) is renamed to `<file>.corrupt` and the switch starts with
 * defaults, like a device whose NVS entry fails validation: `setAside` says so in one line.
 * A path in a missing directory, or one that cannot be read at all, is a StorageError at start.
 *
 * Writes go to `<file>.tmp`, are fsynced, then renamed over the file (and the directory is
 * synced), so after a crash the file holds either the old or the new values, never a part.
 */
export class JsonFileStorage extends MemoryStorage {
  /** The one-line report when the file was set aside at start; null when it was read (or absent). */
  readonly setAside: string | null;

  constructor(
    private readonly path: string,
    private readonly files: StorageFiles = NODE_FILES,
  ) {
    super();
    const read = readNvsFile(path, files, isNvsKey);
    this.setAside = read.setAside;
    for (const [key, value] of Object.entries(read.values)) this.values.set(key, value);
    for (const [key, value] of Object.entries(read.settings)) this.texts.set(key, value);
  }

  override setInt(key: string, value: number): void {
    super.setInt(key, value);
    this.save();
  }

  override set(key: string, value: string): void {
    super.set(key, value);
    this.save();
  }

  override remove(key: string): void {
    if (!this.texts.has(key)) return super.remove(key);
    super.remove(key);
    this.save();
  }

  /** The integers at the top level, the text settings under "settings" (absent when there are none). */
  private save(): void {
    const settings = this.settings();
    const content = Object.keys(settings).length > 0 ? { ...this.entries(), [SETTINGS_FIELD]: settings } : this.entries();
    const temporary = this.path + ".tmp";
    this.files.writeDurably(temporary, JSON.stringify(content, null, 2) + "\n");
    this.files.rename(temporary, this.path);
    this.files.syncDirectory(this.files.directoryOf(this.path));
  }
}

function isNvsKey(key: string): boolean {
  return key.length > 0 && key.length <= 15;
}

function checkKey(key: string): void {
  if (!isNvsKey(key)) throw new RangeError(`NVS key must be 1-15 characters: "${key}"`);
}
