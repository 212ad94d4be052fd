/** What a bring-up step's answer means for the state machine. */
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
/** QMTOPEN says our parameters are wrong. */
export const OUTCOME_CONFIG_ERROR = 9;
/** Skip the next step (PDP already active). */
export const OUTCOME_SKIP = 10;
