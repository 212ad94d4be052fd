/** A local date and time to the minute, filled in place (`civilMinute`). */
export interface CivilMinute {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
  /** 0 Sunday - 6 Saturday, as cron counts */
  weekday: number;
  hour: number;
  minute: number;
}

export function newCivilMinute(): CivilMinute {
  return { year: 1970, month: 1, day: 1, weekday: 4, hour: 0, minute: 0 };
}

/**
 * Epoch minutes (already shifted to the wanted zone) to a calendar date, in integer
 * arithmetic (H. Hinnant's civil_from_days): no Date object, nothing allocated, the same
 * answer on XS, Espruino and Node whatever the host's own time zone.
 */
export function civilMinute(epochMinutes: number, out: CivilMinute): CivilMinute {
  const m = Math.floor(epochMinutes);
  const hours = Math.floor(m / 60);
  let z = Math.floor(hours / 24);
  out.minute = m - hours * 60;
  out.hour = hours - z * 24;
  // 1970-01-01 was a Thursday.
  out.weekday = (((z + 4) % 7) + 7) % 7;
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  out.day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  out.month = mp < 10 ? mp + 3 : mp - 9;
  out.year = yoe + era * 400 + (out.month <= 2 ? 1 : 0);
  return out;
}
