import type { Log, Storage } from "../hal";

/** NVS key: how many boots in a row ended quickly (at most 15 characters). */
export const QUICK_BOOTS_KEY = "quickBoots";

/**
 * Breaks boot loops. Every boot is counted in NVS before anything else runs; a boot that
 * lives `windowMs` or reaches a stable link clears the count. A firmware that keeps dying
 * early (a crash, the task watchdog, an exception at start) therefore piles the count up,
 * and after `maxQuick` such boots in a row the next one starts in safe mode: the relay in
 * its safe state, nothing but the cloud link and the console, and the reason said on both.
 * A safe-mode boot that lives its window clears the count too, so the next reboot is a
 * normal one again (a fix over the air, or a power cut after a bad night).
 */
export class BootGuard {
  /** Quick boots before this one, in a row. */
  readonly quickBefore: number;
  readonly safeMode: boolean;
  /** Why this boot is in safe mode ("" when it is not). */
  readonly reason: string;
  private readonly storage: Storage;
  private readonly log: Log;
  private readonly windowMs: number;
  private cleared = false;

  /** `maxQuick` 0 turns the guard off (boots are still counted). */
  constructor(storage: Storage, log: Log, maxQuick: number, windowMs: number) {
    this.storage = storage;
    this.log = log;
    this.windowMs = windowMs;
    let before = 0;
    try {
      const stored = storage.getInt(QUICK_BOOTS_KEY);
      if (typeof stored === "number" && stored > 0 && stored < 1000000) before = stored;
      storage.setInt(QUICK_BOOTS_KEY, before + 1);
    } catch (error) {
      // Without NVS the guard cannot count: run normally rather than guess.
      log("warn", "boot-loop counter not saved: " + String(error));
    }
    this.quickBefore = before;
    this.safeMode = maxQuick > 0 && before >= maxQuick;
    this.reason = this.safeMode ? before + " quick reboots in a row (each within " + Math.round(windowMs / 1000) + " s of boot, not online and stable)" : "";
  }

  /** True once the count has been cleared on this boot. */
  get stable(): boolean {
    return this.cleared;
  }

  /**
   * Call from the poll loop with the time since boot and whether the link has been stable;
   * the first call that finds the boot long or stable enough clears the count (one NVS write).
   */
  poll(uptimeMs: number, linkStable: boolean): void {
    if (this.cleared || (uptimeMs < this.windowMs && !linkStable)) return;
    this.cleared = true;
    try {
      this.storage.setInt(QUICK_BOOTS_KEY, 0);
      this.log("info", "boot: a good boot (" + (linkStable ? "link stable" : "up " + Math.round(uptimeMs / 1000) + " s") + "): quick reboots no longer counted");
    } catch (error) {
      this.log("warn", "boot-loop counter not cleared: " + String(error));
    }
  }
}
