/**
 * What the web console shows, kept up to date from the rig: status, the bring-up checklist,
 * a chart of the readings, the event log, the AT trace and the last set's round trip. The
 * server sends `snapshot()` once to a new page, then each `push` as it happens.
 */
import { EventEmitter } from "node:events";
import type { CloudLink } from "../cloud-link";
import { describe } from "../describe";
import type { RigEvent } from "../events";
import { availableFaults } from "../faults";
import type { Rig } from "../rig";
import type { RoundTrip } from "../round-trip";
import { DIALECTS } from "../../../src/modem/dialects";
import { BringUp } from "./bring-up";
import { Ring } from "./ring";
import type { Firmware, FirmwareStatus } from "../../../src/app/firmware";
import { SOURCE_RELAY, SOURCE_TEMPERATURE, TYPE_BOOL } from "../../../src/cloud/thing-model";

export interface Sample {
  /** Date.now() */
  t: number;
  temperature: number;
  humidity: number;
}

export interface LogLine {
  wall: number;
  at: number;
  text: string;
  kind: RigEvent["type"];
}

export interface StatusView {
  modem: string;
  reason: string;
  /** The module's model and firmware revision ("" when unknown). */
  model: string;
  revision: string;
  online: boolean;
  relay: 0 | 1;
  temperature: number | null;
  humidity: number | null;
  boot: number;
  queued: number;
  /** Simulated ms since start. */
  simTime: number;
  /** Whether the broker has the device's session (null: cannot tell, external broker). */
  cloudOnline: boolean | null;
  consoleConnected: boolean;
  counters: Record<string, number>;
  /** The device's wall clock: ISO UTC (null before a sync), where it came from, how old. */
  clock: { utc: string | null; source: string; ageS: number | null };
  /** The status LED's pattern. */
  led: string;
  /** The schedules (LocalTimer entries, as the cloud set them). */
  schedules: unknown[];
  countdown: { running: boolean; timeLeft: number; power: 0 | 1 };
  /** The thing model's rows (the firmware's profile), each with the device's value now. */
  properties: PropertyView[];
  /** Updates over the air: the running version, the one under way, its progress or failure. */
  ota: { state: string; version: string; target: string; percent: number; error: string };
}

/** One row of the thing model as the console shows it. */
export interface PropertyView {
  id: string;
  type: "bool" | "float";
  writable: boolean;
  min: number;
  max: number;
  /** The device's value now (null: none yet, e.g. no reading). */
  value: number | null;
}

export interface ModelEvents {
  push: [kind: "status" | "steps" | "sample" | "event" | "trace" | "roundtrip", data: unknown];
}

/** 10 minutes of samples, one every 2 s. */
const SAMPLE_MS = 2000;
const SAMPLES = 300;

export class ConsoleModel {
  readonly events = new EventEmitter<ModelEvents>();
  private readonly bringUp: BringUp;
  private readonly samples = new Ring<Sample>(SAMPLES);
  private readonly log = new Ring<LogLine>(200);
  private readonly traceLines = new Ring<string>(400);
  private roundTrip: RoundTrip | null = null;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly rig: Rig,
    private readonly cloud: CloudLink | null,
  ) {
    // The running dialect's steps: an A7670 identified at boot (modem=auto) has its own.
    this.bringUp = new BringUp(() => (rig.started && rig.unit.firmware ? rig.unit.firmware.modem.dialect.steps.map((s) => s.name) : DIALECTS[0].steps.map((s) => s.name)));
    rig.events.on("event", (e) => this.onEvent(e));
    this.timers.push(setInterval(() => this.sample(), SAMPLE_MS));
    this.timers.push(setInterval(() => this.push("status", this.status()), 500));
  }

  /** An AT trace line (the session's trace sink calls this). */
  trace(line: string): void {
    this.traceLines.push(line);
    this.push("trace", line);
  }

  close(): void {
    for (const t of this.timers) clearInterval(t);
  }

  snapshot(): unknown {
    const rig = this.rig;
    return {
      info: {
        device: { productKey: rig.device.productKey, deviceName: rig.device.deviceName },
        broker: rig.brokerUrl,
        embeddedBroker: rig.broker !== null,
        simulated: rig.simulator !== null,
        timeScale: rig.time.scale,
        canSet: this.cloud !== null,
        faults: availableFaults(rig).map(({ id, label, detail }) => ({ id, label, detail })),
      },
      status: this.status(),
      steps: this.bringUp.steps,
      chart: this.samples.toArray(),
      events: this.log.toArray(),
      trace: this.traceLines.toArray(),
      roundTrip: this.roundTrip,
    };
  }

  status(): StatusView {
    const rig = this.rig;
    if (!rig.started) return { ...NOT_STARTED, simTime: rig.time.now() };
    // A unit waiting for its identity (or with settings that cannot run) has no firmware to ask.
    if (rig.unit.firmware === null) return { ...NOT_STARTED, modem: rig.unit.state, reason: rig.unit.settings.problems.join("; "), simTime: rig.time.now() };
    const s = rig.firmware.status();
    const m = s.modemStats;
    return {
      modem: s.modem,
      reason: s.reason,
      model: s.modemModel,
      revision: s.modemRevision,
      online: s.online,
      relay: s.relay,
      temperature: finite(s.temperature),
      humidity: finite(s.humidity),
      boot: s.boot,
      queued: s.queued,
      simTime: rig.time.now(),
      cloudOnline: rig.broker ? rig.broker.isOnline(rig.device.productKey, rig.device.deviceName) : null,
      consoleConnected: this.cloud?.connected ?? false,
      counters: {
        "module reboots": m.reboots,
        "MQTT drops": m.mqttDrops,
        "PDP drops": m.pdpDrops,
        "coverage losses": m.registrationLosses,
        "power cycles": m.powerCycles,
        "AT timeouts": m.commandTimeouts,
        published: s.app.published,
        "sets applied": s.cloudStats.setsApplied,
        "schedules fired": s.app.schedulesFired,
        "countdowns fired": s.app.countdownsFired,
      },
      clock: {
        utc: Number.isFinite(s.clock.utcMs) ? new Date(s.clock.utcMs).toISOString() : null,
        source: s.clock.source,
        ageS: s.clock.ageMs >= 0 ? Math.round(s.clock.ageMs / 1000) : null,
      },
      led: s.led,
      schedules: JSON.parse(s.schedules) as unknown[],
      countdown: { ...s.countdown },
      ota: { ...s.ota },
      properties: propertyViews(rig.firmware, s),
    };
  }

  private onEvent(e: RigEvent): void {
    if (this.bringUp.update(e)) this.push("steps", this.bringUp.steps);
    if (e.type === "roundtrip") this.roundTrip = e.trip;
    if (e.type === "roundtrip") this.push("roundtrip", e.trip);
    const text = describe(e);
    if (text !== null) this.addLine({ wall: e.wall, at: e.at, text, kind: e.type });
    if (STATUS_EVENTS.has(e.type)) this.push("status", this.status());
  }

  private addLine(line: LogLine): void {
    this.log.push(line);
    this.push("event", line);
  }

  private sample(): void {
    if (!this.rig.started || this.rig.unit.firmware === null) return;
    const s = this.rig.firmware.status();
    if (!Number.isFinite(s.temperature) || !Number.isFinite(s.humidity)) return;
    const sample = { t: Date.now(), temperature: s.temperature, humidity: s.humidity };
    this.samples.push(sample);
    this.push("sample", sample);
  }

  private push(kind: ModelEvents["push"][0], data: unknown): void {
    this.events.emit("push", kind, data);
  }
}

/** Events after which the console's status is pushed at once. */
const STATUS_EVENTS = new Set<RigEvent["type"]>(["relay", "online", "offline", "feature"]);

const NOT_STARTED: StatusView = {
  modem: "off",
  reason: "board not powered yet",
  model: "",
  revision: "",
  online: false,
  relay: 0,
  temperature: null,
  humidity: null,
  boot: 0,
  queued: 0,
  simTime: 0,
  cloudOnline: null,
  consoleConnected: false,
  counters: {},
  clock: { utc: null, source: "none", ageS: null },
  led: "off",
  schedules: [],
  countdown: { running: false, timeLeft: 0, power: 0 },
  ota: { state: "idle", version: "", target: "", percent: 0, error: "" },
  properties: [],
};

/** The firmware's thing model, row by row, with the value each row reads on the device. */
export function propertyViews(firmware: Firmware, s: FirmwareStatus): PropertyView[] {
  return firmware.profile.model.map((p) => ({
    id: p.id,
    type: p.type === TYPE_BOOL ? ("bool" as const) : ("float" as const),
    writable: p.writable,
    min: p.min,
    max: p.max,
    value: p.source === SOURCE_RELAY ? (firmware.relays[p.channel]?.value ?? null) : finite(p.source === SOURCE_TEMPERATURE ? s.temperature : s.humidity),
  }));
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
