import type { AtBuilder } from "../at/builder";
import { AT_OK, AT_TIMEOUT } from "../at/command";
import type { Fields } from "../at/fields";
import type { ModemConfig } from "./config";
import type { MqttLogin } from "./login";
import { OUTCOME_NEXT, OUTCOME_NONE, OUTCOME_RETRY } from "./outcome";

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
}

/**
 * One step of bring-up, as data: the request, what answers it, and what the answer means
 * (an OUTCOME_*). The runner in modem.ts does the sending, timing and escalation.
 */
export interface Step {
  readonly name: string;
  /** The observable state while this step runs. */
  readonly state: number;
  /** Information line prefixes; `attempt` picks one when there are several. */
  readonly responses: Uint8Array[] | null;
  /** The result URC after OK, or null. */
  readonly result: Uint8Array | null;
  /** What an exhausted OUTCOME_RETRY turns into. */
  readonly escalation: number;
  request(b: AtBuilder, ctx: StepContext): void;
  timeoutMs(c: ModemConfig): number;
  resultTimeoutMs(c: ModemConfig): number;
  /** Poll interval for OUTCOME_WAIT, and how long waiting may last before escalation. */
  waitMs(c: ModemConfig): number;
  waitDeadlineMs(c: ModemConfig): number;
  /** A response or result line, its fields read after the prefix. */
  line(f: Fields, bytes: Uint8Array, ctx: StepContext): number;
  /** True when this step does not apply to this login (it is passed over, not sent). */
  skip(ctx: StepContext): boolean;
  /** The command ended; `lineOutcome` is what line() last said. */
  done(status: number, code: number, lineOutcome: number, ctx: StepContext): number;
}

/** Defaults for a step that sends one line and wants OK. Override what differs. */
export function step(name: string, state: number, request: (b: AtBuilder, ctx: StepContext) => void, extra?: Partial<Step>): Step {
  const base: Step = {
    name,
    state,
    responses: null,
    result: null,
    escalation: OUTCOME_RETRY,
    request,
    timeoutMs: (c) => c.atTimeoutMs,
    resultTimeoutMs: (c) => c.mqttResultTimeoutMs,
    waitMs: (c) => c.registrationPollMs,
    waitDeadlineMs: (c) => c.registrationDeadlineMs,
    line: () => OUTCOME_NONE,
    skip: () => false,
    done: okOrRetry,
  };
  if (extra) {
    const keys = Object.keys(extra) as Array<keyof Step>;
    for (let i = 0; i < keys.length; i++) (base as unknown as Record<string, unknown>)[keys[i]] = extra[keys[i]];
  }
  return base;
}

/** OK moves on, whatever the lines said; anything else is retried. */
export function okOrRetry(status: number): number {
  return status === AT_OK ? OUTCOME_NEXT : OUTCOME_RETRY;
}

/** Settings some firmware lacks: only silence is a reason to stop, an ERROR is not. */
export function optional(status: number): number {
  return status === AT_TIMEOUT ? OUTCOME_RETRY : OUTCOME_NEXT;
}
