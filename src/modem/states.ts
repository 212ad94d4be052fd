import { constant } from "../at/constant";

/**
 * The modem's observable state, for logs and the console. The runner's own control state
 * is its phase (runner-phase.ts); this is what it shows while in it.
 */
export const MODEM_OFF = 0;
export const MODEM_PROBING = 1;
export const MODEM_POWERING_ON = 2;
export const MODEM_BOOTING = 3;
export const MODEM_CONFIGURING = 4;
export const MODEM_SIM = 5;
export const MODEM_NO_SIM = 6;
export const MODEM_REGISTERING = 7;
export const MODEM_PDP = 8;
export const MODEM_MQTT_CONFIG = 9;
export const MODEM_MQTT_OPENING = 10;
export const MODEM_MQTT_CONNECTING = 11;
export const MODEM_SUBSCRIBING = 12;
export const MODEM_ONLINE = 13;
/** Waiting out a backoff before the next attempt. */
export const MODEM_BACKOFF = 14;
/** The broker refused the credentials (CONNACK 4/5): long backoff, no hammering. */
export const MODEM_AUTH_FAILED = 15;
/** The module rejected our parameters (QMTOPEN 1): long backoff. */
export const MODEM_CONFIG_ERROR = 16;
export const MODEM_RECOVERING = 17;
export const MODEM_POWERING_OFF = 18;

export type DisplayState =
  | typeof MODEM_OFF
  | typeof MODEM_PROBING
  | typeof MODEM_POWERING_ON
  | typeof MODEM_BOOTING
  | typeof MODEM_CONFIGURING
  | typeof MODEM_SIM
  | typeof MODEM_NO_SIM
  | typeof MODEM_REGISTERING
  | typeof MODEM_PDP
  | typeof MODEM_MQTT_CONFIG
  | typeof MODEM_MQTT_OPENING
  | typeof MODEM_MQTT_CONNECTING
  | typeof MODEM_SUBSCRIBING
  | typeof MODEM_ONLINE
  | typeof MODEM_BACKOFF
  | typeof MODEM_AUTH_FAILED
  | typeof MODEM_CONFIG_ERROR
  | typeof MODEM_RECOVERING
  | typeof MODEM_POWERING_OFF;

export const MODEM_STATE_NAMES = constant([
  "off",
  "probing",
  "powering-on",
  "booting",
  "configuring",
  "sim",
  "no-sim",
  "registering",
  "pdp",
  "mqtt-config",
  "mqtt-opening",
  "mqtt-connecting",
  "subscribing",
  "online",
  "backoff",
  "auth-failed",
  "config-error",
  "recovering",
  "powering-off",
]);
