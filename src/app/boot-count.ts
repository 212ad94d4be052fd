import type { Log, Storage } from "../hal";

/** NVS key of the boot counter (at most 15 characters). */
export const BOOT_KEY = "boots";

const BOOT_MAX = 0x7fffffff;

/**
 * Count this boot in NVS and return its number (1 on a fresh device). Alink post ids are
 * seeded from it, so a reboot does not reuse the ids of the boot before.
 */
export function countBoot(storage: Storage, log: Log): number {
  let boot = 1;
  try {
    const last = storage.getInt(BOOT_KEY);
    if (typeof last === "number" && last >= 1 && last < BOOT_MAX && Math.floor(last) === last) boot = last + 1;
    storage.setInt(BOOT_KEY, boot);
  } catch (error) {
    // Ids may then repeat those of an earlier boot: the platform copes, the relay must not stop.
    log("warn", "boot counter not saved: " + String(error));
  }
  return boot;
}
