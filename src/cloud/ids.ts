/** Alink message ids are decimal strings in [0, 4294967295]. */
export const ALINK_ID_MAX = 4294967295;

/** Ids one boot may use before it reaches the range of the next boot. */
const IDS_PER_BOOT = 65536;

/**
 * Ids for the device's own messages (posts). The platform wants them unique per device per
 * day, so the counter must not start over at the same value after every reboot: seed it with
 * `firstIdForBoot()`. 0 is never produced, so the range wraps to 1.
 */
export class AlinkIds {
  private value: number;

  /** `first`: the first id to hand out (1..ALINK_ID_MAX; anything else starts at 1). */
  constructor(first: number) {
    this.value = isAlinkId(first) && first > 0 ? first - 1 : 0;
  }

  next(): string {
    this.value = this.value >= ALINK_ID_MAX ? 1 : this.value + 1;
    return String(this.value);
  }
}

/**
 * A first id from a boot counter the app keeps in NVS: every boot gets 65536 ids of its own
 * (a week of posts every 10 s; the last boot's range is one short, as 0 is skipped), and
 * 65536 boots go by before ranges repeat.
 */
export function firstIdForBoot(bootCount: number): number {
  const boot = isAlinkId(bootCount) ? bootCount % IDS_PER_BOOT : 0;
  return boot * IDS_PER_BOOT + 1;
}

/** A whole number in Alink's id range; anything that is not a number fails the floor test too (a value from NVS may be anything). */
export function isAlinkId(value: number): boolean {
  return value >= 0 && value <= ALINK_ID_MAX && Math.floor(value) === value;
}
