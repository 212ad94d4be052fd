/**
 * The date a module prints for its clock, `yy/MM/dd,hh:mm:ss±zz` (27.007 `+CCLK`; Quectel's
 * `+QLTS` has a four-digit year and a daylight-saving flag after it), to UTC epoch ms. The
 * zone is in quarter hours. Read once a day at most: a string is cheaper to read than a
 * byte-level date parser is to keep.
 */

/**
 * `text` from the date on (after the opening quote). `local`: the time is local and the zone
 * says how far from UTC (`+CCLK`); otherwise it is UTC already (`+QLTS` mode 1). NaN for
 * anything else, and for a module's epoch (a clock the network never set).
 */
export function modemClockUtc(text: string, local: boolean): number {
  const n = numbersIn(text);
  // Stryker disable next-line ConditionalExpression: with fewer, n[5] is undefined and plausible() refuses it all the same
  if (n.length < 6) return NaN;
  // Two-digit years below 70 are this century; 70-99 are 27.007's 1900s (a fresh module says 70
  // or 80), left as they are: like any year before 2020, not a time.
  const year = n[0] < 70 ? 2000 + n[0] : n[0];
  if (!plausible(year, n[1], n[2], n[3], n[4], n[5])) return NaN;
  const utc = ((daysFromCivil(year, n[1], n[2]) * 24 + n[3]) * 60 + n[4]) * 60000 + n[5] * 1000;
  if (!local) return utc;
  const zone = zoneQuarters(text, n);
  return isNaN(zone) ? NaN : utc - zone * 900000;
}

// A module that never heard the network reports its epoch (1970, 1980 or 2000): not a time.
function plausible(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  return year >= 2020 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60;
}

/** The zone after the seconds, signed; NaN when there is none (27.007 lets a module leave it out). */
function zoneQuarters(text: string, n: number[]): number {
  // Stryker disable next-line ConditionalExpression: without it n[6] is undefined, and the zone NaN all the same
  if (n.length < 7) return NaN;
  if (n[6] > 96) return NaN;
  // The date and time hold no sign: the first one is the zone's. (The text begins with the
  // date's digits, so no sign is at index 0, and the two are never at one index.)
  const plus = text.indexOf("+");
  const minus = text.indexOf("-");
  // Stryker disable next-line EqualityOperator: neither is ever 0 (above), so < 0 and <= 0 agree
  if (plus < 0 && minus < 0) return NaN;
  // Stryker disable next-line EqualityOperator: as above, and the two are never equal
  return minus >= 0 && (plus < 0 || minus < plus) ? -n[6] : n[6];
}

/**
 * The runs of digits in `text` (a run longer than 4 digits ends the list). Read
 * by hand: on Espruino 2v29, `'2026/12/07,02:42:30+32,0"'.split(/[^0-9]+/)` (a text that
 * ends in a non-digit, as every +QLTS answer does) never returns.
 */
function numbersIn(text: string): number[] {
  const out: number[] = [];
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    // Past the end charCodeAt gives NaN (no digit): the last run ends there.
    const d = text.charCodeAt(i) - 48;
    if (d >= 0 && d <= 9) {
      value = value * 10 + d;
      digits++;
      continue;
    }
    if (digits > 4) break;
    if (digits > 0) out.push(value);
    value = 0;
    digits = 0;
  }
  return out;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
