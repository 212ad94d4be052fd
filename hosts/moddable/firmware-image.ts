import { Digest } from "crypt";
import OTA from "ota";
import type { FirmwareWriter, ImageDigest, Log, SettingsStore } from "../../src/hal";
import { TRIED_KEY } from "./boot-image";

/**
 * The update partition an image may fill. The `ota` module's manifest asks mcconfig to split
 * the default table's factory app partition (0x3F0000 on a 4 MB flash, less 0x2000 for
 * otadata) into ota_0 of 0x1F0000 and ota_1 of 0x1FE000: the next partition is either, so
 * an image must fit the smaller.
 */
export const UPDATE_PARTITION_BYTES = 0x1f0000;
/** One flash sector: `ota.write` takes a whole buffer, so pieces are gathered into one. */
const WRITE_BLOCK = 4096;
/** The digest's native write per this many bytes (one call into C each). */
const DIGEST_BLOCK = 1024;
const HEX = "0123456789abcdef";

/**
 * Pieces copied into one preallocated block, handed on whole each time it fills: the
 * download's pieces sit in place in the parser's ring, and a view of each (subarray) would be
 * an allocation per piece. Only the last, partial block is handed on as one subarray.
 */
class Blocks {
  readonly block: Uint8Array;
  fill = 0;

  constructor(size: number) {
    this.block = new Uint8Array(size);
  }

  /** Copy bytes [offset, offset + length); `full` gets the block whenever it is full (false stops). */
  add(bytes: Uint8Array, offset: number, length: number, full: (block: Uint8Array) => boolean): boolean {
    const block = this.block;
    const size = block.length;
    let at = offset;
    const end = offset + length;
    while (at < end) {
      let fill = this.fill;
      const n = end - at < size - fill ? end - at : size - fill;
      for (let i = 0; i < n; i++) block[fill++] = bytes[at + i];
      at += n;
      this.fill = fill;
      if (fill < size) break;
      this.fill = 0;
      if (!full(block)) return false;
    }
    return true;
  }

  /** The bytes gathered since the last full block (a view: one allocation per image). */
  rest(): Uint8Array | null {
    const fill = this.fill;
    this.fill = 0;
    return fill > 0 ? this.block.subarray(0, fill) : null;
  }
}

/**
 * The image into the next OTA partition through Moddable's `ota` module, a sector at a time;
 * `complete` has ESP-IDF check the image and make it the boot partition, and notes the
 * version in `settings` for the trial (boot-image.ts). On lin "ota" is ota-lin.ts, which only
 * counts. The running firmware stays the boot image until complete().
 */
export class PartitionWriter implements FirmwareWriter {
  readonly capacity = UPDATE_PARTITION_BYTES;
  private readonly log: Log;
  private readonly settings: SettingsStore;
  private readonly blocks = new Blocks(WRITE_BLOCK);
  private readonly flush = (block: Uint8Array): boolean => this.writeBlock(block);
  private ota: OTA | null = null;

  constructor(log: Log, settings: SettingsStore) {
    this.log = log;
    this.settings = settings;
  }

  begin(size: number): boolean {
    this.cancel();
    if (size > this.capacity) return false;
    try {
      this.ota = new OTA();
      return true;
    } catch (error) {
      this.log("error", "ota: the update partition cannot be opened: " + String(error));
      return false;
    }
  }

  write(bytes: Uint8Array, offset: number, length: number): boolean {
    return this.ota !== null && this.blocks.add(bytes, offset, length, this.flush);
  }

  complete(version: string): boolean {
    const ota = this.ota;
    if (ota === null) return false;
    const rest = this.blocks.rest();
    if (rest !== null && !this.writeBlock(rest)) return false;
    try {
      ota.complete();
    } catch (error) {
      this.log("error", "ota: " + version + " was not made the boot image: " + String(error));
      this.cancel();
      return false;
    }
    this.ota = null;
    // After the boot partition changed, not before: a power cut in between must not make the
    // old image report a rollback of an update it never booted.
    this.settings.set(TRIED_KEY, version);
    this.log("info", "ota: " + version + " is the next boot image");
    return true;
  }

  cancel(): void {
    const ota = this.ota;
    this.ota = null;
    this.blocks.fill = 0;
    if (ota === null) return;
    try {
      ota.cancel();
    } catch (error) {
      this.log("warn", "ota: cancel: " + String(error));
    }
  }

  private writeBlock(block: Uint8Array): boolean {
    try {
      (this.ota as OTA).write(block);
      return true;
    } catch (error) {
      this.log("error", "ota: writing the update partition failed: " + String(error));
      this.cancel();
      return false;
    }
  }
}

/** MD5 or SHA-256 of the image as it downloads: `crypt`'s native Digest, a block at a time. */
export class NativeImageDigest implements ImageDigest {
  private readonly blocks = new Blocks(DIGEST_BLOCK);
  private readonly flush = (block: Uint8Array): boolean => this.writeBlock(block);
  private digest: Digest | null = null;

  begin(method: string): boolean {
    this.digest = null;
    this.blocks.fill = 0;
    if (method === "md5") this.digest = new Digest("MD5");
    else if (method === "sha256") this.digest = new Digest("SHA256");
    return this.digest !== null;
  }

  update(bytes: Uint8Array, offset: number, length: number): void {
    if (this.digest !== null) this.blocks.add(bytes, offset, length, this.flush);
  }

  hex(): string {
    const digest = this.digest;
    if (digest === null) return "";
    const rest = this.blocks.rest();
    if (rest !== null) digest.write(rest);
    this.digest = null;
    const hash = new Uint8Array(digest.close());
    let hex = "";
    for (let i = 0; i < hash.length; i++) hex += HEX[hash[i] >> 4] + HEX[hash[i] & 15];
    return hex;
  }

  private writeBlock(block: Uint8Array): boolean {
    (this.digest as Digest).write(block);
    return true;
  }
}
