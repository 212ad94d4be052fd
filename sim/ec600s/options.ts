/**
 * Simulator options and their defaults. Delays default near a real EC600S on a good cell
 * (boot ~3 s to RDY, registration ~2 s, PDP ~1 s, MQTT open/connect ~300 ms each).
 */
import type { ModuleModel } from "./personality";
import type { LfAfterCr } from "./uart-input";
import type { MqttTransport } from "./mqtt-transport";
import type { SimTimers } from "./timers";
import type { TraceEvent } from "./trace";
import { SimFiles } from "../ota/files";

/** Module-side delays in simulated ms. */
export interface Ec600sDelays {
  /** Power-on (or reboot) to `RDY`. */
  boot: number;
  /** `RDY` to registered (stat 1); stat is 2 (searching) meanwhile. */
  registration: number;
  /** `AT+QIACT=1` to its `OK`. */
  pdpActivation: number;
  /** `AT+QIDEACT` to its `OK`. */
  pdpDeactivation: number;
  /** After the `OK` of QMTOPEN until the TCP connect starts (the URC also waits for TCP). */
  mqttOpen: number;
  /** After the `OK` of QMTCONN until CONNECT is sent (the URC also waits for CONNACK). */
  mqttConnect: number;
  /** After the `OK` of QMTSUB / QMTUNS until the request goes out. */
  subscribe: number;
  /** After the `OK` of QMTDISC / QMTCLOSE until the URC. */
  mqttClose: number;
  /** Ordinary command line to its final result code. */
  response: number;
  /** `AT+QPOWD=1`'s `OK` to `POWERED DOWN`. */
  powerDown: number;
  /** PWRKEY held low this long toggles power. */
  pwrkeyHold: number;
}

export const DEFAULT_DELAYS: Ec600sDelays = {
  boot: 3000,
  registration: 2000,
  pdpActivation: 1000,
  pdpDeactivation: 300,
  mqttOpen: 300,
  mqttConnect: 300,
  subscribe: 100,
  mqttClose: 100,
  response: 10,
  powerDown: 300,
  pwrkeyHold: 500,
};

/** The `>` prompt of QMTPUBEX, sent raw with no line ending after it. */
export type PubexPrompt = ">" | "> " | "\r\n> ";

export interface Ec600sOptions {
  /** Which module to be (default the EC600S): personality.ts. */
  model?: ModuleModel;
  /** Module -> host bytes. */
  onData: (bytes: Uint8Array) => void;
  /** The MQTT side: `tcpMqttTransport()` for a real broker, `FakeMqttNetwork` in unit tests. */
  transport: MqttTransport;
  timers: SimTimers;
  delays?: Partial<Ec600sDelays>;
  /** Wall clock in ms, for the aliauth timestamp (default Date.now). */
  clock?: () => number;
  /** Seed for fault randomness (lost byte positions, garbage). */
  seed?: number;
  /** Default `\r\n> `, the seed's shape. */
  pubexPrompt?: PubexPrompt;
  /** `+QMTCONN: i,0,0` (default) or the short `+QMTCONN: i,0` some firmware prints. */
  connSuccessShape?: "0,0,0" | "0,0";
  lfAfterCr?: LfAfterCr;
  /** URCs printed after RDY, 100 ms apart (default none, as in the seed). */
  bootUrcs?: string[];
  /** Reported by `AT+QICSGP=1` before it is set (default "CMNET"). */
  apn?: string;
  /** Address in `+QIACT:` (default the seed's "10.189.73.246"). */
  ipAddress?: string;
  /** Registered stat once attached: 1 home (default) or 5 roaming. */
  registeredStat?: 1 | 5;
  simPresent?: boolean;
  /** What `AT+CGSN` answers (default "861234567890123", a device name the demo broker pre-registers). */
  imei?: string;
  /** Both directions, for a QCOM-like trace. */
  trace?: (event: TraceEvent) => void;
  /** What the module's HTTP client reaches (firmware images); default none. */
  files?: SimFiles;
}

export type ResolvedOptions = Required<Omit<Ec600sOptions, "delays" | "trace">> & {
  delays: Ec600sDelays;
  trace?: (event: TraceEvent) => void;
};

/** The simulated module's IMEI unless `imei` says otherwise. */
export const DEFAULT_IMEI = "861234567890123";

export function resolveOptions(o: Ec600sOptions): ResolvedOptions {
  return {
    model: "ec600s",
    clock: Date.now,
    seed: 1,
    pubexPrompt: "\r\n> ",
    connSuccessShape: "0,0,0",
    lfAfterCr: "swallow",
    bootUrcs: [],
    apn: "CMNET",
    ipAddress: "10.189.73.246",
    registeredStat: 1,
    simPresent: true,
    imei: DEFAULT_IMEI,
    files: new SimFiles(),
    ...o,
    delays: { ...DEFAULT_DELAYS, ...o.delays },
  };
}

/**
 * The least simulated time from power-on to a subscribed topic for a host that wastes
 * nothing: the PWRKEY hold the module needs to start, boot, registration, PDP activation,
 * then OPEN, CONN and SUB each as one command response plus the module's own delay (broker
 * time not included). Configuration commands (ATE0, QMTCFG...) can be sent while
 * registration runs, so they are not on the path.
 */
export function minimumPathMs(d: Ec600sDelays): number {
  return d.pwrkeyHold + d.boot + d.registration + d.pdpActivation + 3 * d.response + d.mqttOpen + d.mqttConnect + d.subscribe;
}
