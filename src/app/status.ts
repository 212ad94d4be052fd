import type { AlinkStats } from "../cloud/client";
import type { ModemStats } from "../modem/modem";
import type { SamplerStats } from "./sensor";
import type { ClockStatus } from "./time-keeper";

/** Counters kept by the app itself. */
export interface AppCounters {
  buttonPresses: number;
  relaySwitches: number;
  /** Relay commands that waited for the least interval between switches. */
  relayHeld: number;
  relayPersistFailures: number;
  /** Messages the module reported sent. */
  published: number;
  publishFailed: number;
  /** Messages that could never go out (too long for the payload buffer). */
  publishRejected: number;
  /** Telemetry dropped from a full publish queue. */
  telemetryDropped: number;
  schedulesFired: number;
  countdownsFired: number;
}

export interface CountDownStatus {
  running: boolean;
  /** Seconds left, 0 when not running. */
  timeLeft: number;
  /** The state it switches to. */
  power: 0 | 1;
}

/** A firmware update over the air (Aliyun). */
export interface OtaStatus {
  /** "idle", "waiting" (for the link), "downloading", "rebooting", "failed". */
  state: string;
  /** The running firmware's version. */
  version: string;
  /** The version offered ("" before any offer). */
  target: string;
  percent: number;
  /** Why the last one failed ("" if it did not). */
  error: string;
}

/** What a console shows. `Firmware.status()` refreshes and returns one object, never a new one. */
export interface FirmwareStatus {
  /** Modem state name ("online", "registering", ...). */
  modem: string;
  /** Why the modem is in that state ("" when nothing to say). */
  reason: string;
  /** The module: what ATI identified (modem=auto), else the configured dialect's name. */
  modemModel: string;
  /** Its firmware revision as ATI printed it ("" unless identified). */
  modemRevision: string;
  /** Bring-up step in progress ("" when online). */
  step: string;
  online: boolean;
  relay: 0 | 1;
  /** Smoothed readings; NaN without a sensor or before the first good reading. */
  temperature: number;
  humidity: number;
  /** This boot's number (NVS counter). */
  boot: number;
  /** Messages waiting in the modem's publish queue. */
  queued: number;
  app: AppCounters;
  modemStats: ModemStats;
  cloudStats: AlinkStats;
  /** Null without a sensor. */
  sensorStats: SamplerStats | null;
  /** Wall-clock time, its source and age. */
  clock: ClockStatus;
  ota: OtaStatus;
  /** The status LED's pattern name. */
  led: string;
  /** The schedules as the LocalTimer JSON value. */
  schedules: string;
  countdown: CountDownStatus;
}
