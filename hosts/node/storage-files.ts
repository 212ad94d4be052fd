/** The few file operations the NVS file needs, durable where it matters; tests wrap them to watch the order. */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, statSync, writeSync } from "node:fs";
import { dirname } from "node:path";

/** A storage path that cannot be used at all: its message is the whole story, in one line. */
export class StorageError extends Error {}

export interface StorageFiles {
  /** The file's text, or undefined when there is no such file. */
  read(path: string): string | undefined;
  exists(path: string): boolean;
  isDirectory(path: string): boolean;
  directoryOf(path: string): string;
  /** Create or replace `path` with `text`, on disk (fsync) before it returns. */
  writeDurably(path: string, text: string): void;
  rename(from: string, to: string): void;
  /** Make a rename in `directory` survive a power cut. */
  syncDirectory(directory: string): void;
}

export const NODE_FILES: StorageFiles = {
  read(path) {
    try {
      return readFileSync(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  },
  exists: (path) => existsSync(path),
  isDirectory: (path) => statSync(path, { throwIfNoEntry: false })?.isDirectory() === true,
  directoryOf: (path) => dirname(path),
  writeDurably(path, text) {
    const fd = openSync(path, "w");
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  },
  rename: (from, to) => renameSync(from, to),
  syncDirectory(directory) {
    // Not every platform can open a directory (Windows): the rename itself is still atomic there.
    let fd: number | undefined;
    try {
      fd = openSync(directory, "r");
      fsyncSync(fd);
    } catch {
      // Nothing more can be done; the data file itself was synced.
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  },
};
