import { startsWithText } from "../../at/text";
import { ascii } from "../../at/bytes";
import { constant } from "../../at/constant";
import type { NetworkTimeQuery } from "../dialect";
import { modemClockUtc } from "../modem-clock";

const CCLK_HEAD = '+CCLK: "';

/**
 * `+CCLK: "yy/MM/dd,hh:mm:ss±zz"` (27.007: local time, the zone its distance from UTC in
 * quarter hours) to UTC epoch ms; NaN for anything else, including the module's epoch
 * (`70/01/01,...`) before the network set its clock.
 */
export function parseCclk(line: string): number {
  if (!startsWithText(line, CCLK_HEAD)) return NaN;
  return modemClockUtc(line.slice(CCLK_HEAD.length), true);
}

/**
 * The real-time clock, `AT+CCLK?`. The network sets it only with automatic time zone
 * update on (`AT+CTZU=1`, a bring-up step): otherwise it counts from the module's epoch.
 */
export const CCLK_TIME: NetworkTimeQuery = constant({
  request: (b) => b.begin("AT+CCLK?"),
  response: ascii("+CCLK:"),
  utcMs: parseCclk,
});
