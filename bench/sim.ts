/**
 * Bench section "sim": the whole firmware on the EC600S simulator and the embedded broker,
 * in simulated time (hosts/node/time.ts). Medians over RUNS power-ons:
 *
 *   onlineMs        board power-on to subscribed (the firmware's "online")
 *   modemMinimumMs  the module's own delays on that path (simulator minimumPathMs())
 *   setToRelayMs    console publish to the relay switching
 *   roundTripMs     console publish to the device's post of the new state
 *
 * and the bring-up cut into phases, each next to what the module itself needs for it, so
 * an onlineMs over the minimum says where the firmware spends the difference.
 */
import type { RigEvent } from "../hosts/node/events";
import { createRig, type Rig } from "../hosts/node/rig";
import { RoundTripTracker, type RoundTrip } from "../hosts/node/round-trip";
import type { Ec600sDelays } from "../sim/ec600s";
import type { BenchContext, Figure, Section, SectionResult } from "./section";

/**
 * Half speed: a Node timer's 1 ms grain is 2 simulated ms, small next to the 10 ms module
 * response, so the firmware is not charged for the host's timer resolution. The broker's
 * real-time latency counts double in simulated ms: the set figures come in real ms too.
 */
const SCALE = 0.5;
const RUNS = 5;
const SETS_PER_RUN = 5;
/** Real ms between sets, as a person clicking would leave (and TCP's delayed ACKs settle). */
const SET_GAP_MS = 100;
const ONLINE_TIMEOUT_MS = 60000;

/**
 * Bring-up marks: each phase runs from its mark to the next. Settings that need no network
 * (QMTCFG, APN) go out while the module registers, so they share the registration phase.
 */
const PHASES: Array<{ name: string; from: string; to: string }> = [
  { name: "probe", from: "start", to: "PWRKEY" },
  { name: "pwrkey", from: "PWRKEY", to: "module on" },
  { name: "boot", from: "module on", to: "echo off" },
  { name: "registration", from: "echo off", to: "pdp state" },
  { name: "pdp", from: "pdp state", to: "mqtt open" },
  { name: "open", from: "mqtt open", to: "mqtt connect" },
  { name: "connect", from: "mqtt connect", to: "subscribe" },
  { name: "subscribe", from: "subscribe", to: "online" },
];

/** What the module alone needs in each phase, from its configured delays (options.ts). */
function moduleNeeds(d: Ec600sDelays): Record<string, number> {
  return {
    probe: 0,
    pwrkey: d.pwrkeyHold,
    boot: d.boot,
    registration: d.registration,
    pdp: d.pdpActivation,
    open: d.response + d.mqttOpen,
    connect: d.response + d.mqttConnect,
    subscribe: d.response + d.subscribe,
  };
}

/** Where the firmware's share of each phase comes from (read from the code). */
const WHY: Record<string, string> = {
  probe: "src/modem/modem.ts probeDone(): probeAttempts x probeTimeoutMs of silence before the first PWRKEY pulse of a cold board (a module that is already on answers at once)",
  pwrkey: "src/modem/config.ts pwrkeyPulseMs, held a little longer than the module's minimum",
  registration: "src/modem/steps.ts: the registration query and the settings sent while the module registers",
  pdp: "src/modem/steps.ts 'pdp state' is asked before QIACT, so an active context is not activated twice",
};

interface RunFigures {
  marks: Map<string, number>;
  trips: RoundTrip[];
  minimumMs: number;
  delays: Ec600sDelays;
}

async function oneRun(): Promise<RunFigures> {
  const rig = await createRig({ timeScale: SCALE, autoStart: false });
  try {
    const simulator = rig.simulator!;
    const marks = watchBringUp(rig, simulator.delays.pwrkeyHold);
    rig.start();
    await rig.waitFor("online", ONLINE_TIMEOUT_MS);
    const trips = await measureSets(rig);
    return { marks, trips, minimumMs: simulator.minimumPathMs(), delays: simulator.delays };
  } finally {
    await rig.stop();
  }
}

/** The first time each step (or state) is seen, in simulated ms since power-on. */
function watchBringUp(rig: Rig, pwrkeyHold: number): Map<string, number> {
  const marks = new Map<string, number>([["start", 0]]);
  const mark = (name: string, at: number): void => void (marks.has(name) || marks.set(name, at));
  rig.events.on("event", (e: RigEvent) => {
    if (e.type === "online") mark("online", e.at);
    if (e.type !== "modem") return;
    mark(e.reason || e.state, e.at);
    // The simulated module turns on once PWRKEY has been held for its hold time.
    if (e.reason === "PWRKEY") mark("module on", e.at + pwrkeyHold);
  });
  return marks;
}

/** Sets that each switch the relay, one at a time, followed by the rig's round-trip tracker. */
async function measureSets(rig: Rig): Promise<RoundTrip[]> {
  const cloud = await rig.connectConsole();
  const done = new Map<string, (trip: RoundTrip) => void>();
  const tracker = new RoundTripTracker(rig.device, (trip) => trip.done && done.get(trip.id)?.(trip), SCALE);
  tracker.attach(cloud);
  rig.events.on("event", (e) => e.type === "relay" && e.source === "cloud" && tracker.relay(e.value));
  const trips: RoundTrip[] = [];
  for (let i = 0; i < SETS_PER_RUN; i++) {
    const value = rig.relay.level === 1 ? 0 : 1;
    const id = String(100 + i);
    const finished = new Promise<RoundTrip>((resolve) => done.set(id, resolve));
    tracker.sent(id, value);
    await cloud.setProperty(rig.device.productKey, rig.device.deviceName, { PowerSwitch_1: value }, id);
    trips.push(await within(finished, 10000, `set ${id}`));
    await new Promise((r) => setTimeout(r, SET_GAP_MS));
  }
  return trips;
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no round trip for ${what} in ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round = (x: number): number => Math.round(x * 100) / 100;

function phaseFigures(runs: RunFigures[], figures: Record<string, Figure>, notes: string[]): void {
  const needs = moduleNeeds(runs[0].delays);
  for (const p of PHASES) {
    const ms = median(runs.map((r) => (r.marks.get(p.to) ?? NaN) - (r.marks.get(p.from) ?? NaN)));
    figures[`phase.${p.name}Ms`] = Math.round(ms);
    const extra = Math.round(ms - needs[p.name]);
    if (extra >= 50 && WHY[p.name]) notes.push(`${p.name}: ${Math.round(ms)} ms, module needs ${needs[p.name]}: +${extra} ms from ${WHY[p.name]}`);
  }
}

function setFigures(runs: RunFigures[], figures: Record<string, Figure>): void {
  const trips = runs.flatMap((r) => r.trips);
  const relay = median(trips.map((t) => t.relayMs ?? NaN));
  const post = median(trips.map((t) => t.postMs ?? NaN));
  figures.setToRelayMs = round(relay / SCALE);
  figures.roundTripMs = round(post / SCALE);
  figures.setToRelayRealMs = round(relay);
  figures.roundTripRealMs = round(post);
  figures.sets = trips.length;
}

async function run(ctx: BenchContext): Promise<SectionResult> {
  const runs: RunFigures[] = [];
  for (let i = 0; i < RUNS; i++) {
    ctx.log(`sim: power-on ${i + 1}/${RUNS} at time scale ${SCALE}`);
    runs.push(await oneRun());
  }
  const online = median(runs.map((r) => r.marks.get("online") as number));
  const moduleOn = median(runs.map((r) => (r.marks.get("online") as number) - (r.marks.get("module on") as number)));
  const minimum = runs[0].minimumMs;
  const figures: Record<string, Figure> = {
    timeScale: SCALE,
    runs: RUNS,
    onlineMs: Math.round(online),
    modemMinimumMs: minimum,
    onlineRatio: round(online / minimum),
    moduleOnToOnlineMs: Math.round(moduleOn),
    moduleOnRatio: round(moduleOn / minimum),
  };
  const notes = [`onlineRatio target <= 1.1: ${online / minimum <= 1.1 ? "met" : "NOT met"} from board power-on; from the module's power-on ${round(moduleOn / minimum)}`];
  setFigures(runs, figures);
  phaseFigures(runs, figures, notes);
  notes.push("set figures are in simulated ms (real / timeScale) and real ms: the broker and TCP run on real time");
  return { figures, notes };
}

const section: Section = { run };
export default section;
