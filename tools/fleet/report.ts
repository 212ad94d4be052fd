/** The fleet's findings as one object (for --json) and as a short text report. */
import type { CommandTally, LostCommand } from "./commander";
import { percentiles, rate, type Percentiles } from "./stats";

export interface FleetReport {
  broker: string;
  devices: number;
  /** The firmware's `modem` key on every device. */
  modem: string;
  timeScale: number;
  staggerMs: number;
  online: number;
  neverOnline: number;
  /** Power-on to subscribed, per device. */
  connect: { simulatedMs: Percentiles; realMs: Percentiles };
  commands: {
    requested: number;
    sent: number;
    answered: number;
    lost: number;
    unfinished: number;
    /** Devices whose relay, at the end, is not where their last answered command put it. */
    finalMismatches: string[];
    /** The first few lost ones. */
    lostSample: LostCommand[];
    replyRealMs: Percentiles;
  };
  rates: { setsPerS: number; repliesPerS: number; postsPerS: number };
  realMs: { powerOn: number; commands: number; total: number };
  process: { eventLoopLagP99Ms: number; eventLoopLagMaxMs: number; rssMb: number; cpuS: number };
  /** False when --duration cut the run short. */
  completed: boolean;
}

export interface ReportInput {
  broker: string;
  requested: { devices: number; commands: number; timeScale: number; staggerMs: number; modem: string };
  connects: Array<{ simMs: number; realMs: number } | null>;
  tally: CommandTally;
  finalMismatches: string[];
  realMs: FleetReport["realMs"];
  process: FleetReport["process"];
  completed: boolean;
}

export function buildReport(i: ReportInput): FleetReport {
  const up = i.connects.filter((c) => c !== null);
  const t = i.tally;
  return {
    broker: i.broker,
    devices: i.requested.devices,
    modem: i.requested.modem,
    timeScale: i.requested.timeScale,
    staggerMs: i.requested.staggerMs,
    online: up.length,
    neverOnline: i.requested.devices - up.length,
    connect: { simulatedMs: percentiles(up.map((c) => c.simMs)), realMs: percentiles(up.map((c) => c.realMs)) },
    commands: {
      requested: i.requested.commands,
      sent: t.sent,
      answered: t.answered,
      lost: t.lost.length,
      unfinished: t.unfinished,
      finalMismatches: i.finalMismatches,
      lostSample: t.lost.slice(0, 10),
      replyRealMs: percentiles(t.replyMs),
    },
    rates: { setsPerS: rate(t.sent, t.realMs), repliesPerS: rate(t.answered + t.lost.length, t.realMs), postsPerS: rate(t.posts, t.realMs) },
    realMs: i.realMs,
    process: i.process,
    completed: i.completed,
  };
}

/** Nothing lost, every device up, the whole run done. */
export function healthy(r: FleetReport): boolean {
  return r.completed && r.neverOnline === 0 && r.commands.lost === 0 && r.commands.finalMismatches.length === 0 && r.commands.answered === r.commands.requested;
}

const p = (x: Percentiles): string => `p50 ${x.p50 ?? "-"}  p90 ${x.p90 ?? "-"}  p99 ${x.p99 ?? "-"}  max ${x.max ?? "-"}`;
const s = (ms: number): string => (ms / 1000).toFixed(1) + " s";

export function formatReport(r: FleetReport): string {
  const c = r.commands;
  const lost = c.lostSample.map((l) => `    ${l.deviceName} set ${l.id}: ${l.why}`);
  return [
    `fleet: ${r.devices} ${r.modem} devices on ${r.broker} (time scale ${r.timeScale}, ${r.staggerMs} ms apart): ${r.online} online, ${r.neverOnline} never${r.completed ? "" : "; CUT SHORT by --duration"}`,
    `connect   simulated ms  ${p(r.connect.simulatedMs)}`,
    `          real ms       ${p(r.connect.realMs)}`,
    `commands  ${c.sent}/${c.requested} sent, ${c.answered} answered, ${c.lost} lost, ${c.unfinished} unfinished, ${c.finalMismatches.length} relays off at the end`,
    ...lost,
    `reply     real ms       ${p(c.replyRealMs)}`,
    `rates     ${r.rates.setsPerS} sets/s, ${r.rates.repliesPerS} replies/s, ${r.rates.postsPerS} posts/s over ${s(r.realMs.commands)}`,
    `run       power-on ${s(r.realMs.powerOn)}, commands ${s(r.realMs.commands)}, total ${s(r.realMs.total)}; ` +
      `event-loop lag p99 ${r.process.eventLoopLagP99Ms} ms, max ${r.process.eventLoopLagMaxMs} ms; rss ${r.process.rssMb} MB, cpu ${r.process.cpuS} s`,
  ].join("\n");
}
