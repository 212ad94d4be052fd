import { ascii, startsWith } from "../at/bytes";
import { AT_CME_ERROR, AT_OK } from "../at/command";
import { constant } from "../at/constant";
import type { Fields } from "../at/fields";
import type { ModemConfig } from "./config";
import * as O from "./outcome";
import * as S from "./states";
import { MARK_REGISTRATION, MARK_SIM, optional, Step, step, type StepContext } from "./step";

/**
 * The 3GPP TS 27.007 steps every Cat 1 module answers alike (echo, error format, SIM,
 * registration). Dialects put them in their own bring-up tables.
 */

const CPIN = ascii("+CPIN:");
const READY = ascii("READY");
const REG_PREFIXES = constant([ascii("+CEREG:"), ascii("+CGREG:"), ascii("+CREG:")]);
const REG_QUERIES = constant(["AT+CEREG?", "AT+CGREG?", "AT+CREG?"]);

/** CME codes: SIM not inserted, PIN required, PUK required, failure; busy is worth a wait. */
const SIM_ABSENT = constant([10, 11, 12, 13]);
const SIM_BUSY = 14;

/** Registration stat: 1 home, 5 roaming. The read form has <n> first; the URC does not. */
export function registrationStat(f: Fields): number {
  // Absent or quoted (the URC's location), the second field is -1 and the status is the first.
  const second = f.int(1, -1);
  return second >= 0 ? second : f.int(0, -1);
}

export function registered(stat: number): boolean {
  return stat === 1 || stat === 5;
}

function simDone(status: number, code: number, lineOutcome: O.LineOutcome): O.Outcome {
  if (status === AT_OK) return lineOutcome === O.OUTCOME_NONE ? O.OUTCOME_RETRY : lineOutcome;
  // Stryker disable next-line ConditionalExpression: no module answers AT+CPIN? with a CMS error, and every other status has code -1, which the tests below retry as well
  if (status !== AT_CME_ERROR) return O.OUTCOME_RETRY;
  if (code === SIM_BUSY) return O.OUTCOME_WAIT;
  return SIM_ABSENT.indexOf(code) >= 0 ? O.OUTCOME_NO_SIM : O.OUTCOME_RETRY;
}

function simLine(f: Fields, bytes: Uint8Array): O.LineOutcome {
  if (f.count === 0) return O.OUTCOME_NONE;
  return startsWith(bytes, f.starts[0], f.lengths[0], READY) ? O.OUTCOME_NEXT : O.OUTCOME_NO_SIM;
}

function registrationLine(f: Fields): O.LineOutcome {
  return registered(registrationStat(f)) ? O.OUTCOME_NEXT : O.OUTCOME_WAIT;
}

function registrationDone(status: number, _code: number, lineOutcome: O.LineOutcome): O.Outcome {
  return status === AT_OK && lineOutcome === O.OUTCOME_NEXT ? O.OUTCOME_NEXT : O.OUTCOME_WAIT;
}

export const ECHO_OFF: Step = constant(step("echo off", S.MODEM_CONFIGURING, (b) => b.begin("ATE0")));

export const NUMERIC_ERRORS: Step = constant(step("numeric errors", S.MODEM_CONFIGURING, (b) => b.begin("AT+CMEE=1")));

export const SIM: Step = constant(
  step("sim", S.MODEM_SIM, (b) => b.begin("AT+CPIN?"), {
    responses: [CPIN],
    line: simLine,
    done: simDone,
    waitMs: (c: ModemConfig) => c.simRetryMs,
    mark: MARK_SIM,
  }),
);

export const REGISTRATION_URCS: Step = constant(step("registration urcs", S.MODEM_REGISTERING, (b) => b.begin("AT+CEREG=1"), { done: optional }));

/** Polled, rotating CEREG/CGREG/CREG (some networks answer only one), until registered. */
export const REGISTRATION: Step = constant(
  step("registration", S.MODEM_REGISTERING, (b, ctx) => b.begin(REG_QUERIES[ctx.attempt % 3]), {
    responses: REG_PREFIXES,
    line: registrationLine,
    done: registrationDone,
    mark: MARK_REGISTRATION,
  }),
);

/** A client with nothing to subscribe (a registration, answered without one) skips the subscribe steps. */
export function hasSubscriptions(ctx: StepContext): boolean {
  return ctx.subscriptions.length > 0;
}
