import { ascii, utf8 } from "../../at/bytes";
import { AT_ABORTED, AT_OK, AtCommand, command } from "../../at/command";
import type { AtEngine } from "../../at/engine";

const QLTS = ascii("+QLTS:");

/** What a network-time query ends with. */
export type NetworkTimeOutcome = "time" | "no-time" | "aborted";

/**
 * The module's network time (NITZ), Quectel's `AT+QLTS=1`: the current UTC time the module
 * keeps from the network's last time signal, e.g. `+QLTS: "2026/12/02,06:40:13+32,0"` (the
 * zone, in quarter hours, and the daylight-saving flag are the network's local ones; the
 * time itself is UTC in mode 1). Some firmware prints a two-digit year.
 *
 * A narrow capability beside the driver, not part of it: it borrows the driver's AT engine
 * only while that engine is idle (`query` refuses otherwise), so the driver's own commands
 * never wait for it for longer than one short exchange.
 */
export class NetworkTime {
  /** UTC epoch ms of the last answer, NaN when the module had no network time. */
  utcMs = NaN;
  private readonly engine: AtEngine;
  private readonly cmd: AtCommand;
  private readonly onDone: (outcome: NetworkTimeOutcome, utcMs: number) => void;

  constructor(engine: AtEngine, timeoutMs: number, onDone: (outcome: NetworkTimeOutcome, utcMs: number) => void) {
    this.engine = engine;
    this.onDone = onDone;
    this.cmd = command("network time", timeoutMs, (status) => this.done(status));
    this.cmd.response = QLTS;
    this.cmd.onLine = (b, off, len) => this.line(b, off, len);
  }

  /** Send the query if the engine is free. False when it is not (try again later). */
  query(): boolean {
    if (this.engine.busy) return false;
    this.utcMs = NaN;
    this.engine.begin("AT+QLTS=").int(1, 0, 2);
    return this.engine.send(this.cmd);
  }

  private line(bytes: Uint8Array, offset: number, length: number): void {
    // Once a day at most: a string is cheaper to read than a byte-level date parser is to keep.
    this.utcMs = parseQlts(utf8(bytes, offset, length));
  }

  private done(status: number): void {
    if (status === AT_ABORTED) return this.onDone("aborted", NaN);
    this.onDone(status === AT_OK && !isNaN(this.utcMs) ? "time" : "no-time", this.utcMs);
  }
}

const QLTS_HEAD = '+QLTS: "';

/**
 * `+QLTS: "yyyy/MM/dd,hh:mm:ss±zz,d"` to UTC epoch ms; NaN for anything else, including the
 * empty answer of a module that has not received network time yet.
 */
export function parseQlts(line: string): number {
  if (line.indexOf(QLTS_HEAD) !== 0) return NaN;
  const n = numbersIn(line.slice(QLTS_HEAD.length), 6);
  if (n.length < 6) return NaN;
  const year = n[0] < 100 ? 2000 + n[0] : n[0];
  if (!plausible(year, n[1], n[2], n[3], n[4], n[5])) return NaN;
  return ((daysFromCivil(year, n[1], n[2]) * 24 + n[3]) * 60 + n[4]) * 60000 + n[5] * 1000;
}

// A module that never heard the network reports its epoch (1980 or 2000): not a time.
function plausible(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  return year >= 2020 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60;
}

/** The first `max` runs of digits in `text` (a run longer than 4 digits ends the list). */
function numbersIn(text: string, max: number): number[] {
  const runs = text.split(/[^0-9]+/);
  const out: number[] = [];
  for (let i = 0; i < runs.length && out.length < max; i++) {
    if (runs[i].length > 4) break;
    if (runs[i].length > 0) out.push(Number(runs[i]));
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
