import { createHash, type Hash } from "node:crypto";
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { BootImage, FirmwareWriter, ImageDigest, Log, SettingsStore } from "../../src/hal";

/** Where the PC host keeps the version an update installed (not a config key: the console cannot set it). */
export const INSTALLED_VERSION_KEY = "otaInstalled";
/** The version before it ("" for the build's own), while the new one is on trial. */
const PREVIOUS_KEY = "otaPrevious";
const TRIAL_KEY = "otaTrial";
const ROLLED_BACK_KEY = "otaRolledBack";
/** An installed version whose image was made to fail (the demo's "broken image"). */
export const BROKEN_KEY = "otaBroken";
/** The first bytes of an image the PC host boots as broken (it never gets online): rollback demos. */
export const BROKEN_MARK = "BROKEN-IMAGE";

/** The ESP32's update partition in this product's layout (two 0x1E8000 app slots). */
export const PARTITION_BYTES = 0x1e8000;

/**
 * The PC host's update partition: the image goes to a file as it arrives; complete() keeps
 * it as `firmware-<version>.bin` and records the version in the settings, so the restarted
 * unit reports it, as a board booted into the new image would.
 */
export class FirmwareFile implements FirmwareWriter, BootImage {
  readonly capacity: number;
  private fd = -1;
  private path = "";
  private head = "";

  constructor(
    private readonly dir: string,
    private readonly settings: SettingsStore,
    private readonly log: Log,
    capacity = PARTITION_BYTES,
  ) {
    this.capacity = capacity;
  }

  begin(size: number): boolean {
    this.cancel();
    if (size > this.capacity) return false;
    try {
      mkdirSync(this.dir, { recursive: true });
      this.path = join(this.dir, "update.part");
      this.fd = openSync(this.path, "w");
      this.head = "";
      return true;
    } catch (error) {
      this.log("error", "ota: cannot open " + this.path + ": " + (error as Error).message);
      return false;
    }
  }

  write(bytes: Uint8Array, offset: number, length: number): boolean {
    if (this.fd < 0) return false;
    try {
      writeSync(this.fd, bytes, offset, length);
      if (this.head.length < BROKEN_MARK.length) this.head += Buffer.from(bytes.subarray(offset, offset + Math.min(length, BROKEN_MARK.length))).toString("latin1");
      return true;
    } catch (error) {
      this.log("error", "ota: write failed: " + (error as Error).message);
      return false;
    }
  }

  complete(version: string): boolean {
    if (this.fd < 0) return false;
    try {
      closeSync(this.fd);
      this.fd = -1;
      renameSync(this.path, join(this.dir, `firmware-${version}.bin`));
      this.settings.set(PREVIOUS_KEY, this.settings.get(INSTALLED_VERSION_KEY) ?? "");
      this.settings.set(INSTALLED_VERSION_KEY, version);
      this.settings.set(TRIAL_KEY, "1");
      if (this.head.startsWith(BROKEN_MARK)) this.settings.set(BROKEN_KEY, version);
      return true;
    } catch (error) {
      this.log("error", "ota: cannot keep the image: " + (error as Error).message);
      return false;
    }
  }

  // ---- BootImage: ESP-IDF's pending-verify image, kept in the settings ----

  get trial(): boolean {
    return this.settings.get(TRIAL_KEY) === "1";
  }

  get rolledBack(): string {
    return this.settings.get(ROLLED_BACK_KEY) ?? "";
  }

  confirm(): void {
    this.settings.remove(TRIAL_KEY);
    this.settings.remove(PREVIOUS_KEY);
  }

  rollback(): boolean {
    const previous = this.settings.get(PREVIOUS_KEY);
    const failed = this.settings.get(INSTALLED_VERSION_KEY);
    if (previous === undefined || failed === undefined) return false;
    if (previous === "") this.settings.remove(INSTALLED_VERSION_KEY);
    else this.settings.set(INSTALLED_VERSION_KEY, previous);
    this.settings.set(ROLLED_BACK_KEY, failed);
    this.confirm();
    return true;
  }

  forgetRollback(): void {
    this.settings.remove(ROLLED_BACK_KEY);
  }

  cancel(): void {
    if (this.fd < 0) return;
    try {
      closeSync(this.fd);
      rmSync(this.path, { force: true });
    } catch {
      // Nothing to keep either way.
    }
    this.fd = -1;
  }
}

/** node:crypto's MD5 and SHA-256, as the Moddable host has `crypt`'s Digest. */
export class NativeDigest implements ImageDigest {
  private hash: Hash | null = null;

  begin(method: string): boolean {
    this.hash = method === "md5" || method === "sha256" ? createHash(method) : null;
    return this.hash !== null;
  }

  update(bytes: Uint8Array, offset: number, length: number): void {
    this.hash?.update(bytes.subarray(offset, offset + length));
  }

  hex(): string {
    const hash = this.hash;
    this.hash = null;
    return hash === null ? "" : hash.digest("hex");
  }
}
