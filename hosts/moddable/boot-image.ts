import { confirm, pending, rollback } from "boot-slot";
import type { BootImage, Log, SettingsStore } from "../../src/hal";

/**
 * The version an update was written as (NVS, settings domain), from the moment it is the
 * next boot image until it confirms itself. A boot that finds it naming another version than
 * its own runs the image that was there before: the update was rolled back, by our trial or by
 * the bootloader after the new image died before confirming.
 */
export const TRIED_KEY = "otaTried";

/**
 * The update's trial on ESP32 (src/app/ota-trial.ts decides, ESP-IDF's app rollback acts):
 * `pending` is the bootloader's "pending verify", confirm and rollback mark the running image
 * valid or invalid. On lin the native side is a stand-in (boot-slot/lin/boot-slot.c).
 */
export class SlotBootImage implements BootImage {
  private readonly settings: SettingsStore;
  private readonly version: string;
  private readonly log: Log;

  /** `version`: this image's own (the build's firmwareVersion). */
  constructor(settings: SettingsStore, version: string, log: Log) {
    this.settings = settings;
    this.version = version;
    this.log = log;
  }

  get trial(): boolean {
    return pending();
  }

  get rolledBack(): string {
    if (pending()) return "";
    const tried = this.settings.get(TRIED_KEY);
    return tried !== undefined && tried !== this.version ? tried : "";
  }

  confirm(): void {
    if (!confirm()) this.log("error", "ota: ESP-IDF did not mark this image valid: the next reset brings back the previous one");
    this.settings.remove(TRIED_KEY);
  }

  rollback(): boolean {
    return rollback();
  }

  forgetRollback(): void {
    this.settings.remove(TRIED_KEY);
  }
}
