/**
 * The bring-up checklist the console shows: power, each step of the dialect's bring-up table,
 * online. A step event marks everything before it done and it active; a recovery that resumes
 * at a later step (reopen MQTT) keeps the earlier steps done, a power cycle starts over. The
 * steps are the running dialect's: a step it does not list (the module was identified as
 * another one, modem=auto) takes the list again from `stepNames`.
 */
import { DIALECTS } from "../../../src/modem/dialects";
import type { RigEvent } from "../events";

export type StepState = "pending" | "active" | "done";

export interface StepView {
  name: string;
  state: StepState;
  /** Simulated ms since power-on at which the step began (or, for "online", was reached). */
  at: number | null;
  /** How long the step took, once done (null if it was skipped over). */
  ms: number | null;
}

const POWER = "power on";
const ONLINE = "online";
/** Modem states before the first step: the module is being found or powered. */
const POWER_STATES = new Set(["off", "probing", "powering-on", "booting", "powering-off"]);

/** The first dialect's step names (the runner's before it knows better). */
const firstDialect = (): string[] => DIALECTS[0].steps.map((s) => s.name);

export class BringUp {
  readonly steps: StepView[] = [];

  constructor(private readonly stepNames: () => string[] = firstDialect) {
    this.list(stepNames());
  }

  /** The checklist afresh, for the dialect's steps now; what was done before the first step stays done. */
  private list(names: string[]): void {
    const power = this.steps[0];
    this.steps.splice(0, this.steps.length, ...[POWER, ...names, ONLINE].map((name): StepView => ({ name, state: "pending", at: null, ms: null })));
    if (power) this.steps[0] = power;
  }

  /** True if the checklist changed. */
  update(e: RigEvent): boolean {
    if (e.type === "online") return this.reach(this.steps.length - 1, e.at, "done");
    if (e.type !== "modem") return false;
    if (e.step) {
      const names = this.indexOf(e.reason) < 0 ? this.stepNames() : null;
      if (names !== null && names.includes(e.reason)) this.list(names);
      return this.reach(this.indexOf(e.reason), e.at, "active");
    }
    if (POWER_STATES.has(e.state)) return this.reach(0, e.at, "active");
    return false;
  }

  private indexOf(name: string): number {
    return this.steps.findIndex((s) => s.name === name);
  }

  private reach(index: number, at: number, state: StepState): boolean {
    if (index < 0) return false;
    this.steps.forEach((s, i) => {
      if (i < index) finish(s, at);
      else if (i > index) Object.assign(s, { state: "pending", at: null, ms: null });
    });
    const step = this.steps[index];
    // A retry of the active step keeps its start time.
    if (step.state !== state) Object.assign(step, { state, at, ms: null });
    return true;
  }
}

/** Done now; a step that was running gets its duration, one done before keeps its own. */
function finish(step: StepView, at: number): void {
  if (step.state === "active" && step.at !== null) step.ms = at - step.at;
  step.state = "done";
}
