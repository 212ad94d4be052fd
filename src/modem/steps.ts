import { AtBuilder } from "../at/builder";
import { ascii, startsWith } from "../at/bytes";
import { AT_CME_ERROR, AT_OK } from "../at/command";
import { Fields } from "../at/fields";
import type { ModemConfig } from "./config";
import { LOGIN_ALIYUN } from "./login";
import * as O from "./outcome";
import * as S from "./states";
import { optional, Step, step, StepContext } from "./step";
import { constant } from "../at/constant";

const CPIN = ascii("+CPIN:");
const READY = ascii("READY");
const REG_PREFIXES = constant([ascii("+CEREG:"), ascii("+CGREG:"), ascii("+CREG:")]);
const REG_QUERIES = constant(["AT+CEREG?", "AT+CGREG?", "AT+CREG?"]);
const QIACT = ascii("+QIACT:");
const QMTOPEN = ascii("+QMTOPEN:");
const QMTCONN = ascii("+QMTCONN:");
const QMTSUB = ascii("+QMTSUB:");

/** CME codes: SIM not inserted, PIN required, PUK required, failure; busy is worth a wait. */
const SIM_ABSENT = constant([10, 11, 12, 13]);
const SIM_BUSY = 14;

/** Registration stat: 1 home, 5 roaming. The read form has <n> first; the URC does not. */
export function registrationStat(f: Fields): number {
  return f.count >= 2 && f.int(1, -1) >= 0 ? f.int(1, -1) : f.int(0, -1);
}

export function registered(stat: number): boolean {
  return stat === 1 || stat === 5;
}

function simDone(status: number, code: number, lineOutcome: number): number {
  if (status === AT_OK) return lineOutcome === O.OUTCOME_NONE ? O.OUTCOME_RETRY : lineOutcome;
  if (status !== AT_CME_ERROR) return O.OUTCOME_RETRY;
  if (code === SIM_BUSY) return O.OUTCOME_WAIT;
  return SIM_ABSENT.indexOf(code) >= 0 ? O.OUTCOME_NO_SIM : O.OUTCOME_RETRY;
}

function simLine(f: Fields, bytes: Uint8Array): number {
  if (f.count === 0) return O.OUTCOME_NONE;
  return startsWith(bytes, f.starts[0], f.lengths[0], READY) ? O.OUTCOME_NEXT : O.OUTCOME_NO_SIM;
}

function registrationLine(f: Fields): number {
  return registered(registrationStat(f)) ? O.OUTCOME_NEXT : O.OUTCOME_WAIT;
}

function registrationDone(status: number, _code: number, lineOutcome: number): number {
  return status === AT_OK && lineOutcome === O.OUTCOME_NEXT ? O.OUTCOME_NEXT : O.OUTCOME_WAIT;
}

// `+QIACT: <cid>,<state>,<type>,"<ip>"`: our context 1 already active means skip activation.
function pdpStateLine(f: Fields): number {
  return f.int(0, -1) === 1 && f.int(1, 0) === 1 ? O.OUTCOME_SKIP : O.OUTCOME_NONE;
}

function pdpStateDone(status: number, _code: number, lineOutcome: number): number {
  if (status !== AT_OK) return O.OUTCOME_RETRY;
  return lineOutcome === O.OUTCOME_SKIP ? O.OUTCOME_SKIP : O.OUTCOME_NEXT;
}

/** `+QMTOPEN: <idx>,<result>`. */
export function openOutcome(result: number): number {
  switch (result) {
    case 0:
      return O.OUTCOME_NEXT;
    case 1:
      return O.OUTCOME_CONFIG_ERROR;
    case 2:
      return O.OUTCOME_REOPEN;
    case 3:
      return O.OUTCOME_REACTIVATE;
    default:
      return O.OUTCOME_RETRY;
  }
}

function openLine(f: Fields, _b: Uint8Array, ctx: StepContext): number {
  if (f.int(0, -1) !== ctx.config.clientIndex || f.count < 2) return O.OUTCOME_NONE;
  return openOutcome(f.int(1, -1));
}

function openDone(status: number, _code: number, lineOutcome: number): number {
  if (status === AT_OK) return lineOutcome === O.OUTCOME_NONE ? O.OUTCOME_RETRY : lineOutcome;
  // ERROR to QMTOPEN mostly means the client is still open from before.
  return status === 1 || status === AT_CME_ERROR ? O.OUTCOME_REOPEN : O.OUTCOME_RETRY;
}

/** `+QMTCONN: <idx>,<result>[,<ret_code>]`; some firmware omits ret_code on success. */
export function connectOutcome(result: number, ret: number): number {
  if (ret === 4 || ret === 5) return O.OUTCOME_AUTH_FAILED;
  if (result === 0 && ret <= 0) return O.OUTCOME_NEXT;
  return O.OUTCOME_REOPEN;
}

function connectLine(f: Fields, _b: Uint8Array, ctx: StepContext): number {
  if (f.int(0, -1) !== ctx.config.clientIndex || f.count < 2) return O.OUTCOME_NONE;
  return connectOutcome(f.int(1, -1), f.int(2, -1));
}

function mqttDone(status: number, _code: number, lineOutcome: number): number {
  if (status === AT_OK && lineOutcome !== O.OUTCOME_NONE) return lineOutcome;
  return O.OUTCOME_REOPEN;
}

// `+QMTSUB: <idx>,<msgid>,<result>[,<granted QoS per topic>]`; a granted 128 is a refusal.
function subscribeLine(f: Fields, _b: Uint8Array, ctx: StepContext): number {
  if (f.int(0, -1) !== ctx.config.clientIndex || f.int(1, -1) !== ctx.msgId) return O.OUTCOME_NONE;
  if (f.int(2, -1) !== 0) return O.OUTCOME_REOPEN;
  for (let i = 3; i < f.count; i++) if (f.int(i, 0) === 128) return O.OUTCOME_REOPEN;
  return O.OUTCOME_NEXT;
}

// All topics in one command: one round trip to the broker instead of one per topic.
function subscribeRequest(b: AtBuilder, ctx: StepContext): void {
  const c = ctx.config;
  ctx.msgId = ctx.nextMsgId();
  b.begin("AT+QMTSUB=").int(c.clientIndex, 0, 5).int(ctx.msgId, 1, 65535);
  for (let i = 0; i < ctx.subscriptions.length; i++) b.str(ctx.subscriptions[i], 200).int(c.publishQos, 0, 1);
}

/**
 * Bring-up of an EC600S from a module that answers `AT` to a subscribed MQTT client: the
 * seed session's commands, with everything that needs no network (MQTT settings, APN) sent
 * while the module is still registering. Indexes into this table are the runner's resume
 * points.
 */
export const BRING_UP: Step[] = constant([
  step("echo off", S.MODEM_CONFIGURING, (b) => b.begin("ATE0"), { escalation: O.OUTCOME_POWER_CYCLE }),
  step("numeric errors", S.MODEM_CONFIGURING, (b) => b.begin("AT+CMEE=1"), { escalation: O.OUTCOME_POWER_CYCLE }),
  step("urc port", S.MODEM_CONFIGURING, (b) => b.begin('AT+QURCCFG="urcport","uart1"'), { done: optional }),
  step("sim", S.MODEM_SIM, (b) => b.begin("AT+CPIN?"), {
    responses: [CPIN],
    line: simLine,
    done: simDone,
    waitMs: (c: ModemConfig) => c.simRetryMs,
    escalation: O.OUTCOME_POWER_CYCLE,
  }),
  step("mqtt version", S.MODEM_MQTT_CONFIG, (b, ctx) => b.begin('AT+QMTCFG="version",').int(ctx.config.clientIndex, 0, 5).int(4, 3, 4)),
  step("mqtt recv mode", S.MODEM_MQTT_CONFIG, (b, ctx) => b.begin('AT+QMTCFG="recv/mode",').int(ctx.config.clientIndex, 0, 5).int(0, 0, 1).int(1, 0, 1)),
  step("mqtt keepalive", S.MODEM_MQTT_CONFIG, (b, ctx) => b.begin('AT+QMTCFG="keepalive",').int(ctx.config.clientIndex, 0, 5).int(ctx.config.keepaliveS, 0, 3600)),
  step("aliauth", S.MODEM_MQTT_CONFIG, (b, ctx) => {
    const l = ctx.login;
    b.begin('AT+QMTCFG="aliauth",').int(ctx.config.clientIndex, 0, 5).str(l.productKey, 32).str(l.deviceName, 64).str(l.deviceSecret, 64);
  }, { skip: (ctx: StepContext) => ctx.login.kind !== LOGIN_ALIYUN }),
  step("apn", S.MODEM_PDP, (b, ctx) => {
    const c = ctx.config;
    b.begin("AT+QICSGP=").int(1, 1, 16).int(1, 1, 3).str(c.apn, 62).str(c.apnUser, 62).str(c.apnPassword, 62).int(c.apnAuth, 0, 3);
  }),
  step("registration urcs", S.MODEM_REGISTERING, (b) => b.begin("AT+CEREG=1"), { done: optional }),
  step("registration", S.MODEM_REGISTERING, (b, ctx) => b.begin(REG_QUERIES[ctx.attempt % 3]), {
    responses: REG_PREFIXES,
    line: registrationLine,
    done: registrationDone,
    escalation: O.OUTCOME_POWER_CYCLE,
  }),
  step("pdp state", S.MODEM_PDP, (b) => b.begin("AT+QIACT?"), { responses: [QIACT], line: pdpStateLine, done: pdpStateDone }),
  step("pdp activate", S.MODEM_PDP, (b) => b.begin("AT+QIACT=1"), {
    timeoutMs: (c: ModemConfig) => c.pdpTimeoutMs,
    escalation: O.OUTCOME_REACTIVATE,
  }),
  step("mqtt open", S.MODEM_MQTT_OPENING, (b, ctx) => b.begin("AT+QMTOPEN=").int(ctx.config.clientIndex, 0, 5).str(ctx.config.mqttHost, 100).int(ctx.config.mqttPort, 1, 65535), {
    result: QMTOPEN,
    line: openLine,
    done: openDone,
    escalation: O.OUTCOME_REACTIVATE,
  }),
  step("mqtt connect", S.MODEM_MQTT_CONNECTING, (b, ctx) => {
    const l = ctx.login;
    b.begin("AT+QMTCONN=").int(ctx.config.clientIndex, 0, 5).str(l.clientId, 64);
    if (l.kind !== LOGIN_ALIYUN) b.str(l.username, 256).str(l.password, 256);
  }, {
    result: QMTCONN,
    line: connectLine,
    done: mqttDone,
    escalation: O.OUTCOME_REOPEN,
  }),
  step("subscribe", S.MODEM_SUBSCRIBING, subscribeRequest, {
    result: QMTSUB,
    line: subscribeLine,
    done: mqttDone,
    escalation: O.OUTCOME_REOPEN,
  }),
]);

function indexOfStep(name: string): number {
  for (let i = 0; i < BRING_UP.length; i++) if (BRING_UP[i].name === name) return i;
  return -1;
}

/** Resume points. */
export const STEP_SIM = indexOfStep("sim");
export const STEP_REGISTRATION = indexOfStep("registration");
export const STEP_MQTT_OPEN = indexOfStep("mqtt open");
