import type { AtBuilder } from "../at/builder";
import { AT_OK, AT_TIMEOUT } from "../at/command";
import type { Fields } from "../at/fields";
import type { CaFile } from "./ca-file";
import type { ModemConfig } from "./config";
import type { LoginSigner } from "./login-signer";
import type { MqttLogin } from "./login";
import { Escalation, LineOutcome, Outcome, OUTCOME_NEXT, OUTCOME_NONE, OUTCOME_POWER_CYCLE, OUTCOME_RETRY } from "./outcome";
import type { DisplayState } from "./states";

/** What a step that succeeded has established on the module (the runner tracks these). */
export const EFFECT_NONE = 0;
/** The PDP context is active: from now on a `pdpdeact` is news. */
export const EFFECT_PDP_ACTIVE = 1;
/** The MQTT client is open: from now on its closing is news. */
export const EFFECT_MQTT_OPEN = 2;
export type Effect = typeof EFFECT_NONE | typeof EFFECT_PDP_ACTIVE | typeof EFFECT_MQTT_OPEN;

/** Where recovery resumes. Every dialect marks one step of each (the runner checks). */
export const MARK_NONE = 0;
/** The SIM check: where a lost SIM resumes. */
export const MARK_SIM = 1;
/** The registration poll: where a lost registration and a PDP reactivation resume. */
export const MARK_REGISTRATION = 2;
/** Opening the MQTT client: where reopening resumes. */
export const MARK_MQTT_OPEN = 3;
export type Mark = typeof MARK_NONE | typeof MARK_SIM | typeof MARK_REGISTRATION | typeof MARK_MQTT_OPEN;

/** What a step can read and change while it runs. */
export interface StepContext {
  readonly config: ModemConfig;
  readonly login: MqttLogin;
  readonly subscriptions: string[];
  /** Attempts of this step since it was entered (registration rotates its query with it). */
  attempt: number;
  /** MQTT packet id of the last SUB, to match its result. */
  msgId: number;
  nextMsgId(): number;
  /** Signs a login the module cannot sign itself (see `Step.prepare`). */
  readonly signer: LoginSigner;
  /** The CA certificate to provision when the config says `tls` (ca-file.ts). */
  readonly ca: CaFile;
}

/**
 * One step of bring-up, as data: the request, what answers it, what the answer means (an
 * Outcome), and what success establishes (`effect`). The runner does the sending, timing
 * and escalation; it never looks at a step's name.
 */
export interface Step {
  readonly name: string;
  /** The observable state while this step runs. */
  readonly state: DisplayState;
  /** Information line prefixes; `attempt` picks one when there are several. */
  readonly responses: Uint8Array[] | null;
  /** The result URC after OK, or null. */
  readonly result: Uint8Array | null;
  /** What an exhausted OUTCOME_RETRY turns into. */
  readonly escalation: Escalation;
  readonly effect: Effect;
  readonly mark: Mark;
  /** False: this step does not apply to this login or configuration, and is passed over. */
  applies(ctx: StepContext): boolean;
  /**
   * Work before the request (signing a login), a slice per call so that no turn runs long:
   * false means "call again from the next poll". Null for none.
   */
  readonly prepare: ((ctx: StepContext) => boolean) | null;
  /** Bytes sent after the `>` prompt, written into `out` (after `request`); their count. Null for no data phase. */
  readonly data: ((ctx: StepContext, out: Uint8Array) => number) | null;
  /**
   * Bytes sent whole after the prompt (or `CONNECT`) from their own buffer, a file such as
   * the CA certificate: the engine writes them as the UART takes them. Called after `request`
   * (which may pick a command without data): null from the call, no data phase this time.
   * Null for a step without one.
   */
  readonly file: ((ctx: StepContext) => Uint8Array | null) | null;
  request(b: AtBuilder, ctx: StepContext): void;
  timeoutMs(c: ModemConfig): number;
  resultTimeoutMs(c: ModemConfig): number;
  /** Poll interval for OUTCOME_WAIT, and how long waiting may last before escalation. */
  waitMs(c: ModemConfig): number;
  waitDeadlineMs(c: ModemConfig): number;
  /** A response or result line, its fields read after the prefix. */
  line(f: Fields, bytes: Uint8Array, ctx: StepContext): LineOutcome;
  /** The command ended; `lineOutcome` is what line() last said. */
  done(status: number, code: number, lineOutcome: LineOutcome, ctx: StepContext): Outcome;
}

/** Defaults for a step that sends one line and wants OK. Override what differs. */
export function step(name: string, state: DisplayState, request: (b: AtBuilder, ctx: StepContext) => void, extra?: Partial<Step>): Step {
  const base: Step = {
    name,
    state,
    responses: null,
    result: null,
    escalation: OUTCOME_POWER_CYCLE,
    effect: EFFECT_NONE,
    mark: MARK_NONE,
    applies: always,
    prepare: null,
    data: null,
    file: null,
    request,
    timeoutMs: (c) => c.atTimeoutMs,
    resultTimeoutMs: (c) => c.mqttResultTimeoutMs,
    waitMs: (c) => c.registrationPollMs,
    waitDeadlineMs: (c) => c.registrationDeadlineMs,
    // Stryker disable next-line ArrowFunction: the runner asks line() only about a result or response line, and every step that has either has its own
    line: () => OUTCOME_NONE,
    done: okOrRetry,
  };
  if (extra) {
    const keys = Object.keys(extra) as Array<keyof Step>;
    // Stryker disable next-line EqualityOperator: one more turn only adds a property named "undefined", which nothing reads
    for (let i = 0; i < keys.length; i++) (base as unknown as Record<string, unknown>)[keys[i]] = extra[keys[i]];
  }
  return base;
}

function always(): boolean {
  return true;
}

/** OK moves on, whatever the lines said; anything else is retried. */
export function okOrRetry(status: number): Outcome {
  return status === AT_OK ? OUTCOME_NEXT : OUTCOME_RETRY;
}

/** Settings some firmware lacks: only silence is a reason to stop, an ERROR is not. */
export function optional(status: number): Outcome {
  return status === AT_TIMEOUT ? OUTCOME_RETRY : OUTCOME_NEXT;
}
