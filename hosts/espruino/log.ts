import type { Log, LogLevel } from "../../src/hal";
import { espruino } from "./platform";

/** One console line per message (the console is UART0 on ESP32); debug lines only when asked for. */
export function printLog(debug: boolean): Log {
  const print = espruino().print;
  return (level: LogLevel, message: string): void => {
    if (level === "debug" && !debug) return;
    print(level + ": " + message);
  };
}
