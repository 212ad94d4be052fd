/**
 * When faults strike during a soak: every few commands the next kind from a shuffled deck
 * (so every kind comes round equally often), after a random real delay so that some land
 * while a command is in flight and some between commands.
 */
import type { Rig } from "../../hosts/node/rig";
import { FAULT_KINDS, type FaultKind } from "./fault-kinds";

export interface ScheduleOptions {
  /** A fault after every `min`..`max` commands. */
  every: [min: number, max: number];
  /** Real ms after the command starts, at most. */
  maxDelayMs: number;
  random: () => number;
  /** Told of each fault as it strikes (the flight recorder). */
  note?: (text: string) => void;
}

export class FaultSchedule {
  /** Injections by kind. */
  readonly counts: Record<string, number> = {};
  readonly failures: string[] = [];
  private deck: FaultKind[] = [];
  private countdown: number;
  private readonly running = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private last: Promise<void> = Promise.resolve();

  constructor(
    private readonly rig: Rig,
    private readonly o: ScheduleOptions,
  ) {
    for (const kind of FAULT_KINDS) this.counts[kind.name] = 0;
    this.countdown = this.gap();
  }

  get total(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }

  /** Called as each command starts. */
  tick(): void {
    if (--this.countdown > 0) return;
    this.countdown = this.gap();
    const kind = this.draw();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.strike(kind);
    }, Math.floor(this.o.random() * this.o.maxDelayMs));
    this.timers.add(timer);
  }

  /** Wait for injections under way (a broker restart takes a while); drop those not begun. */
  async drain(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(this.running);
  }

  /**
   * Faults run one after another, never overlapping: a second login while the broker is
   * down for its restart cannot connect, and neither is a fault a person could cause. Each
   * gets FAULT_LIMIT_MS to finish so that one stuck injection cannot hang the run.
   */
  private strike(kind: FaultKind): void {
    const round = this.counts[kind.name]++;
    this.o.note?.(`fault ${kind.name} #${round + 1}`);
    const done = this.last
      .then(() => withLimit(Promise.resolve().then(() => kind.run(this.rig, round)), FAULT_LIMIT_MS, kind.name))
      .catch((error: unknown) => void this.failures.push(`${kind.name}: ${String(error)}`))
      .finally(() => this.running.delete(done));
    this.last = done;
    this.running.add(done);
  }

  private draw(): FaultKind {
    if (this.deck.length === 0) this.deck = shuffle([...FAULT_KINDS], this.o.random);
    return this.deck.pop() as FaultKind;
  }

  private gap(): number {
    const [min, max] = this.o.every;
    return min + Math.floor(this.o.random() * (max - min + 1));
  }
}

/** Real ms a fault may take (a broker restart is the slowest: its down time, then listen). */
const FAULT_LIMIT_MS = 15000;

function withLimit(work: Promise<void>, ms: number, name: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
