/** The hal Log as timestamped text lines, for a terminal or a file. */
import type { Log, LogLevel } from "../../src/hal";
import { printable } from "./printable";
import type { Stamp } from "./stamp";

export type LineSink = (line: string) => void;

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export function isLogLevel(text: string): text is LogLevel {
  return Object.hasOwn(RANK, text);
}

/** `00:00:03.012 info  relay 1 (cloud)`; lines below `minLevel` are dropped; messages can hold cloud or UART text, so control characters are escaped. */
export function lineLog(sink: LineSink, stamp: Stamp, minLevel: LogLevel = "info"): Log {
  return (level, message) => {
    if (RANK[level] >= RANK[minLevel]) sink(`${stamp()} ${level.padEnd(5)} ${printable(message)}`);
  };
}

/** Several logs as one (e.g. the terminal and the web console's ring). */
export function teeLog(...logs: Log[]): Log {
  return (level, message) => {
    for (const log of logs) log(level, message);
  };
}
