/**
 * Reading the NVS file at start. Unusable content is not fatal (a device whose NVS entry fails
 * validation starts with defaults too) but it is kept: renamed aside, never overwritten.
 */
import { basename } from "node:path";
import { StorageError, type StorageFiles } from "./storage-files";

export interface NvsRead {
  values: Record<string, number>;
  /** The text settings (identity, cloud settings), kept under SETTINGS_FIELD. */
  settings: Record<string, string>;
  setAside: string | null;
}

/** Where the file keeps the text settings: ESP32 keeps them in a `preference` domain of their own. */
export const SETTINGS_FIELD = "settings";

const MAX_CORRUPT_COPIES = 100;

export function readNvsFile(path: string, files: StorageFiles, isKey: (key: string) => boolean): NvsRead {
  const text = readOrFail(path, files);
  if (text === undefined) return { values: {}, settings: {}, setAside: null };
  const parsed = parseNvs(text, isKey);
  if (typeof parsed !== "string") return { ...parsed, setAside: null };
  const aside = setAsidePath(path, files);
  files.rename(path, aside);
  return { values: {}, settings: {}, setAside: `${path} could not be used (${parsed}): set aside as ${basename(aside)}, starting with defaults` };
}

function readOrFail(path: string, files: StorageFiles): string | undefined {
  const directory = files.directoryOf(path);
  if (!files.isDirectory(directory)) throw new StorageError(`--storage ${path}: directory ${directory} does not exist`);
  try {
    return files.read(path);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new StorageError(`--storage ${path}: cannot read it (${code ?? message})`);
  }
}

/** The values, or why the text is not an NVS file. */
function parseNvs(text: string, isKey: (key: string) => boolean): { values: Record<string, number>; settings: Record<string, string> } | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text.trim() === "" ? "empty" : "not JSON, perhaps cut short";
  }
  if (!isObject(parsed)) return "not a JSON object";
  const { [SETTINGS_FIELD]: settings = {}, ...values } = parsed;
  if (!isObject(settings)) return `${SETTINGS_FIELD} is not a JSON object`;
  const bad = badEntry(values, isKey, Number.isInteger, "an integer") ?? badEntry(settings, isKey, (v) => typeof v === "string", "text");
  return bad ?? { values: values as Record<string, number>, settings: settings as Record<string, string> };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Why one entry could not be an NVS value of its kind, or undefined when all can. */
function badEntry(object: Record<string, unknown>, isKey: (key: string) => boolean, fits: (value: unknown) => boolean, kind: string): string | undefined {
  for (const [key, value] of Object.entries(object)) {
    if (!isKey(key)) return `key "${key.slice(0, 20)}" is not 1-15 characters`;
    if (!fits(value)) return `${key} is not ${kind}`;
  }
  return undefined;
}

/** `<file>.corrupt`, or `.corrupt.1`, `.2`... when an earlier one is still there. */
function setAsidePath(path: string, files: StorageFiles): string {
  for (let n = 0; n < MAX_CORRUPT_COPIES; n++) {
    const candidate = n === 0 ? `${path}.corrupt` : `${path}.corrupt.${n}`;
    if (!files.exists(candidate)) return candidate;
  }
  throw new StorageError(`--storage ${path}: cannot be read and ${MAX_CORRUPT_COPIES} corrupt copies are already kept beside it`);
}
