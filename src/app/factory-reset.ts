import type { Log, Storage } from "../hal";
import { BOOT_KEY } from "./boot-count";
import { TIMER_COUNT_KEY } from "./local-timers";
import { RELAY_KEY, relayKey } from "./relay";

/**
 * What a factory reset forgets in NVS: the schedules, the relays' remembered states and the
 * boot counter. Not the device's credentials or settings. The host's storage has no delete,
 * so each is set to what "never stored" reads as (no relay state, no schedule, no boot yet).
 * Written at once, not from a later poll: a reboot follows.
 */
export function clearUserData(storage: Storage, log: Log): boolean {
  try {
    storage.setInt(TIMER_COUNT_KEY, 0);
    storage.setInt(RELAY_KEY, -1);
    storage.setInt(relayKey(1), -1);
    storage.setInt(BOOT_KEY, 0);
    return true;
  } catch (error) {
    log("error", "factory reset: cannot clear NVS: " + String(error));
    return false;
  }
}
