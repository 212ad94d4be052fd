/** What a rig reports as it runs: one stream for the terminal, the web console and tests. */
import type { LogLevel } from "../../src/hal";
import type { RoundTrip } from "./round-trip";

export type RigEventBody =
  /** The modem changed state; during bring-up `reason` is the step's name. */
  | { type: "modem"; state: string; reason: string; step: boolean }
  | { type: "online" }
  | { type: "offline"; reason: string }
  | { type: "relay"; value: 0 | 1; source: string }
  /** A reading handed to the cloud client. */
  | { type: "telemetry"; temperature: number; humidity: number }
  /** A property set's progress (see round-trip.ts); sent at each stage. */
  | { type: "roundtrip"; trip: RoundTrip }
  | { type: "fault"; name: string; detail: string }
  /** The status LED's pattern, the clock, a schedule, the countdown, a factory reset, dynamic registration (the firmware's detail line). */
  | { type: "feature"; what: "led" | "time" | "schedule" | "countdown" | "factory-reset" | "registration" | "ota"; detail: string }
  /** The ESP32 side restarted (a new Firmware on the same storage and modem). */
  | { type: "firmware-boot"; boot: number }
  | { type: "log"; level: LogLevel; message: string };

/** `at`: simulated ms since the rig started; `wall`: Date.now(). */
export type RigEvent = RigEventBody & { at: number; wall: number };

export interface RigEvents {
  event: [event: RigEvent];
}
