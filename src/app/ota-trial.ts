import type { BootImage, Log } from "../hal";

/** Quick boots in a row of an unconfirmed image: it crashes at start, do not wait for the window. */
const CRASHING_BOOTS = 2;

/**
 * The first boots of an update: it must get online and stable within `windowMs` of boot to
 * be kept (confirmed); otherwise, or if it keeps dying at boot, the previous image comes
 * back (BootImage.rollback) and the board restarts into it. The old firmware then reports
 * the rollback to the cloud once it is online.
 */
export class OtaTrial {
  private readonly image: BootImage;
  private readonly log: Log;
  private readonly windowMs: number;
  private done: boolean;

  constructor(image: BootImage, log: Log, windowMs: number) {
    this.image = image;
    this.log = log;
    this.windowMs = windowMs;
    this.done = !image.trial;
  }

  /** At boot, before the firmware runs: true if the board must restart into the previous image now. */
  crashLooping(quickBootsBefore: number): boolean {
    if (this.done || quickBootsBefore < CRASHING_BOOTS) return false;
    return this.rollback(quickBootsBefore + " quick reboots of the new image");
  }

  /** From the unit's poll: true if the board must restart into the previous image now. */
  poll(uptimeMs: number, stable: boolean): boolean {
    if (this.done) return false;
    if (stable) {
      this.done = true;
      this.image.confirm();
      this.log("info", "ota: the new image is online and stable: kept");
      return false;
    }
    return uptimeMs >= this.windowMs && this.rollback("not online and stable within " + Math.round(this.windowMs / 1000) + " s");
  }

  private rollback(why: string): boolean {
    this.done = true;
    if (!this.image.rollback()) {
      this.log("error", "ota: the new image failed (" + why + ") and there is no previous one to go back to");
      return false;
    }
    this.log("error", "ota: the new image failed (" + why + "): rolling back to the previous one");
    return true;
  }
}
