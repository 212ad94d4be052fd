import { startsWithText } from "../../at/text";
import { ascii } from "../../at/bytes";
import { constant } from "../../at/constant";
import type { NetworkTimeQuery } from "../dialect";
import { modemClockUtc } from "../modem-clock";

const QLTS_HEAD = '+QLTS: "';

/**
 * `+QLTS: "yyyy/MM/dd,hh:mm:ss±zz,d"` (mode 1: the time is UTC; the zone, in quarter hours,
 * and the daylight-saving flag are the network's local ones; some firmware prints a
 * two-digit year) to UTC epoch ms; NaN for anything else, including the empty answer of a
 * module that has not received network time yet.
 */
export function parseQlts(line: string): number {
  if (!startsWithText(line, QLTS_HEAD)) return NaN;
  // Stryker disable next-line MethodExpression: the head holds no digit, and the date reader skips what is not a digit
  return modemClockUtc(line.slice(QLTS_HEAD.length), false);
}

/** Quectel's `AT+QLTS=1`: the current UTC time the module keeps from the network's last NITZ. */
export const QLTS_TIME: NetworkTimeQuery = constant({
  request: (b) => b.begin("AT+QLTS=").int(1, 0, 2),
  response: ascii("+QLTS:"),
  utcMs: parseQlts,
});
