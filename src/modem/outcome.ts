/**
 * What a bring-up step's answer means for the runner. Each is a literal type, so `Outcome`
 * is a union the compiler checks in the runner's switch (an unhandled one does not build),
 * at no run-time cost: they are plain numbers on XS and Espruino.
 */
/** A line said nothing about the outcome (only from `Step.line`). */
// Stryker disable next-line UnaryOperator: it is only compared for equality, and no other outcome is 1
export const OUTCOME_NONE = -1;
/** Go on to the next step. */
export const OUTCOME_NEXT = 0;
/** Not there yet (registration, SIM busy): ask again after the step's poll interval. */
export const OUTCOME_WAIT = 2;
/** Failed: retry the step after a short backoff, escalating after `stepRetries`. */
export const OUTCOME_RETRY = 3;
/** Close the MQTT client and open it again. */
export const OUTCOME_REOPEN = 4;
/** Deactivate and reactivate the PDP context. */
export const OUTCOME_REACTIVATE = 5;
/** Power-cycle the module. */
export const OUTCOME_POWER_CYCLE = 6;
/** CONNACK 4/5: credentials refused. */
export const OUTCOME_AUTH_FAILED = 7;
/** No SIM, or SIM locked. */
export const OUTCOME_NO_SIM = 8;
/** The module (or the command builder) says our parameters are wrong. */
export const OUTCOME_CONFIG_ERROR = 9;
/** The next step's work is already done (PDP already active): skip it, take its effect. */
export const OUTCOME_SKIP = 10;

/**
 * The TLS handshake failed (the broker's certificate does not verify against the CA, or the
 * module's SSL settings are wrong): not a network fault, so no reopen, reactivation or power
 * cycle cures it. Long backoff, the reason in the status.
 */
export const OUTCOME_TLS_REFUSED = 12;

/** The step has more to send (one topic of several): run it again at once, `attempt` + 1. */
export const OUTCOME_REPEAT = 11;

/** What an exhausted retry, or a failure beyond the step, turns into. */
export type Escalation =
  | typeof OUTCOME_REOPEN
  | typeof OUTCOME_REACTIVATE
  | typeof OUTCOME_POWER_CYCLE
  | typeof OUTCOME_AUTH_FAILED
  | typeof OUTCOME_NO_SIM
  | typeof OUTCOME_CONFIG_ERROR
  | typeof OUTCOME_TLS_REFUSED;

/** What a finished step means. */
export type Outcome = typeof OUTCOME_NEXT | typeof OUTCOME_SKIP | typeof OUTCOME_WAIT | typeof OUTCOME_RETRY | typeof OUTCOME_REPEAT | Escalation;

/** What one line of a step's answer means, if anything yet. */
export type LineOutcome = Outcome | typeof OUTCOME_NONE;

/**
 * For the `default` of an exhaustive switch: the compiler proves it is never reached (a new
 * member of the union that a switch forgets does not build). At run time it does nothing;
 * the caller still does something safe after it.
 */
// Stryker disable next-line BlockStatement: only called where the compiler proves no value arrives
export function unreachable(value: never): number {
  return value;
}

export function isEscalation(outcome: Outcome): outcome is Escalation {
  return (outcome >= OUTCOME_REOPEN && outcome <= OUTCOME_CONFIG_ERROR) || outcome === OUTCOME_TLS_REFUSED;
}
