/**
 * The fault run itself: `commands` property sets from a careful cloud, one at a time, while
 * a FaultSchedule breaks the module, the broker and the board underneath. Returns everything
 * a test needs to judge "exactly once", without judging it.
 */
import type { Rig } from "../../hosts/node/rig";
import { CarefulCloud, type CommandOutcome } from "./careful-cloud";
import { ErrorWatch } from "./error-watch";
import { FaultSchedule } from "./fault-schedule";
import { FirmwareTally, type SetCounts } from "./firmware-tally";
import { RelayLedger } from "./relay-ledger";
import { settle, type Quiet } from "./settle";

export interface SoakOptions {
  commands: number;
  /** A fault every this many commands (min, max). */
  faultEvery: [number, number];
  /** Simulated ms the cloud waits for a set_reply before sending the same id again. */
  retrySimMs: number;
  maxAttempts: number;
  /** Real ms the command loop may take in all; past it the run stops as failed. */
  budgetMs: number;
  random: () => number;
  /** Told of each fault and of a lost command (the flight recorder). */
  note?: (text: string) => void;
}

export interface SoakResult {
  outcomes: CommandOutcome[];
  /** The command that could not get an answer, if any. */
  lost: string | null;
  retries: number;
  consoleConnects: number;
  faults: Record<string, number>;
  faultFailures: string[];
  ledger: RelayLedger;
  /** The firmware's own count of sets applied and retries it recognised. */
  sets: SetCounts;
  errors: string[];
  lastValue: 0 | 1 | null;
  end: Quiet;
  realMs: number;
  simMs: number;
}

export async function runSoak(rig: Rig, o: SoakOptions): Promise<SoakResult> {
  const started = { real: Date.now(), sim: rig.time.now() };
  const ledger = new RelayLedger(rig.relay);
  const watch = new ErrorWatch(rig);
  const tally = new FirmwareTally(rig);
  const cloud = new CarefulCloud(rig, rig.time.realMs(o.retrySimMs), o.maxAttempts);
  const faults = new FaultSchedule(rig, { every: o.faultEvery, maxDelayMs: rig.time.realMs(o.retrySimMs / 2), random: o.random, note: o.note });
  const outcomes: CommandOutcome[] = [];
  let lost: string | null = null;
  try {
    lost = await commandLoop(o, cloud, faults, ledger, outcomes);
    await faults.drain();
    const end = await settle(rig, rig.time.realMs(2000), 30000);
    return {
      outcomes,
      lost,
      retries: cloud.retries,
      consoleConnects: cloud.reconnects,
      faults: faults.counts,
      faultFailures: faults.failures,
      ledger,
      sets: tally.totals(),
      errors: watch.problems,
      lastValue: ledger.entries.at(-1)?.value ?? null,
      end,
      realMs: Date.now() - started.real,
      simMs: rig.time.now() - started.sim,
    };
  } finally {
    await faults.drain();
    watch.close();
    await cloud.close();
  }
}

/** Null, or why it stopped early (a command nobody answered, or out of time). */
async function commandLoop(o: SoakOptions, cloud: CarefulCloud, faults: FaultSchedule, ledger: RelayLedger, outcomes: CommandOutcome[]): Promise<string | null> {
  const end = Date.now() + o.budgetMs;
  for (let i = 0; i < o.commands; i++) {
    if (Date.now() > end) return `out of time after ${i} commands (${o.budgetMs} ms)`;
    const value: 0 | 1 = o.random() < 0.5 ? 0 : 1;
    const id = cloud.freshId();
    ledger.begin(id, value);
    faults.tick();
    try {
      outcomes.push(await cloud.command(id, value));
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      o.note?.(why);
      return why;
    } finally {
      ledger.end();
    }
  }
  return null;
}
