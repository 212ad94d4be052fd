import type { Log, LogLevel } from "../../src/hal";

/**
 * Log to the console: xsbug in debug builds, the serial monitor otherwise. One string per line,
 * since xsbug shows each `trace` argument as its own message. Debug lines only when asked for.
 */
export function traceLog(debug: boolean): Log {
  return (level: LogLevel, message: string): void => {
    if (level === "debug" && !debug) return;
    trace(level + ": " + message + "\n");
  };
}
