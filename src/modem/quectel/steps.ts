import { AtBuilder } from "../../at/builder";
import { ascii } from "../../at/bytes";
import { AT_CME_ERROR, AT_OK } from "../../at/command";
import { constant } from "../../at/constant";
import { Fields } from "../../at/fields";
import type { ModemConfig } from "../config";
import { LOGIN_ALIYUN, loginPrepared } from "../login";
import * as O from "../outcome";
import * as S from "../states";
import { EFFECT_MQTT_OPEN, EFFECT_PDP_ACTIVE, MARK_MQTT_OPEN, optional, Step, step, StepContext } from "../step";
import { ECHO_OFF, hasSubscriptions, NUMERIC_ERRORS, REGISTRATION, REGISTRATION_URCS, SIM } from "../steps";
import { quectelTlsSteps } from "./tls";

const QIACT = ascii("+QIACT:");
const QMTOPEN = ascii("+QMTOPEN:");
const QMTCONN = ascii("+QMTCONN:");
const QMTSUB = ascii("+QMTSUB:");

// `+QIACT: <cid>,<state>,<type>,"<ip>"`: our context 1 already active means skip activation.
function pdpStateLine(f: Fields): O.LineOutcome {
  return f.int(0, -1) === 1 && f.int(1, 0) === 1 ? O.OUTCOME_SKIP : O.OUTCOME_NONE;
}

function pdpStateDone(status: number, _code: number, lineOutcome: O.LineOutcome): O.Outcome {
  if (status !== AT_OK) return O.OUTCOME_RETRY;
  return lineOutcome === O.OUTCOME_SKIP ? O.OUTCOME_SKIP : O.OUTCOME_NEXT;
}

/**
 * `+QMTOPEN: <idx>,<result>`. Over TLS a failed handshake (a certificate that does not verify)
 * is reported as -1, "failed to open network" (Quectel's forums show it for every SSL
 * misconfiguration): with TLS on that is the TLS refusal.
 */
export function openOutcome(result: number, tls: boolean): O.Outcome {
  if (result === -1 && tls) return O.OUTCOME_TLS_REFUSED;
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

function openLine(f: Fields, _b: Uint8Array, ctx: StepContext): O.LineOutcome {
  if (f.int(0, -1) !== ctx.config.clientIndex || f.count < 2) return O.OUTCOME_NONE;
  return openOutcome(f.int(1, -2), ctx.config.tls);
}

function openDone(status: number, _code: number, lineOutcome: O.LineOutcome): O.Outcome {
  if (status === AT_OK) return lineOutcome === O.OUTCOME_NONE ? O.OUTCOME_RETRY : lineOutcome;
  // ERROR to QMTOPEN mostly means the client is still open from before.
  return status === 1 || status === AT_CME_ERROR ? O.OUTCOME_REOPEN : O.OUTCOME_RETRY;
}

/** `+QMTCONN: <idx>,<result>[,<ret_code>]`; some firmware omits ret_code on success. */
export function connectOutcome(result: number, ret: number): O.Outcome {
  if (ret === 4 || ret === 5) return O.OUTCOME_AUTH_FAILED;
  if (result === 0 && ret <= 0) return O.OUTCOME_NEXT;
  return O.OUTCOME_REOPEN;
}

function connectLine(f: Fields, _b: Uint8Array, ctx: StepContext): O.LineOutcome {
  if (f.int(0, -1) !== ctx.config.clientIndex || f.count < 2) return O.OUTCOME_NONE;
  return connectOutcome(
    // Stryker disable next-line UnaryOperator: connectOutcome() asks only whether the result is 0, which neither -1 nor 1 is
    f.int(1, -1),
    f.int(2, -1),
  );
}

function mqttDone(status: number, _code: number, lineOutcome: O.LineOutcome): O.Outcome {
  if (status === AT_OK && lineOutcome !== O.OUTCOME_NONE) return lineOutcome;
  return O.OUTCOME_REOPEN;
}

// `+QMTSUB: <idx>,<msgid>,<result>[,<granted QoS per topic>]`; a granted 128 is a refusal.
function subscribeLine(f: Fields, _b: Uint8Array, ctx: StepContext): O.LineOutcome {
  if (f.int(0, -1) !== ctx.config.clientIndex || f.int(1, -1) !== ctx.msgId) return O.OUTCOME_NONE;
  if (f.int(2, -1) !== 0) return O.OUTCOME_REOPEN;
  // Stryker disable next-line EqualityOperator: one more turn reads past the fields, where int() gives the fallback 0, never 128
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

function preparedLogin(ctx: StepContext): boolean {
  return loginPrepared(ctx.login);
}

function aliyunLogin(ctx: StepContext): boolean {
  return ctx.login.kind === LOGIN_ALIYUN;
}

/**
 * `AT+QMTCONN`, its client id at most `clientIdMax` bytes (the model's limit, models.ts), user
 * name and password 256; the builder refuses a longer one (a config error, said once) rather
 * than the module answering ERROR on every attempt. With aliauth the module signs: the bare
 * client id alone, at most 64 bytes. Otherwise what the login says (a registration's client
 * id, its parameters between bars, is longer than 64; a OneNET token longer than 128).
 */
export function connectStep(clientIdMax: number): Step {
  // A parameter is a mutable binding: a preloaded closure over it is XS's "no const" warning.
  const max = clientIdMax;
  return step(
    "mqtt connect",
    S.MODEM_MQTT_CONNECTING,
    (b, ctx) => {
      const l = ctx.login;
      b.begin("AT+QMTCONN=").int(ctx.config.clientIndex, 0, 5).str(l.clientId, l.kind === LOGIN_ALIYUN ? 64 : max);
      if (l.kind !== LOGIN_ALIYUN) b.str(l.username, 256).str(l.password, 256);
    },
    { prepare: preparedLogin, result: QMTCONN, line: connectLine, done: mqttDone, escalation: O.OUTCOME_REOPEN },
  );
}

/** The URC port setting: which port URCs go to (EC600S/EC800M `uart1`, others differ). */
export function urcPortStep(port: string): Step {
  // A parameter is a mutable binding: a preloaded closure over it is XS's "no const" warning.
  const urcPort = port;
  return step("urc port", S.MODEM_CONFIGURING, (b) => b.begin('AT+QURCCFG="urcport",').str(urcPort, 16), { done: optional });
}

/**
 * Bring-up of a Quectel module from one that answers `AT` to a subscribed MQTT client: the
 * seed session's commands, with everything that needs no network (MQTT settings, APN) sent
 * while the module is still registering.
 */
export function quectelSteps(urcPort: Step, connect: Step): Step[] {
  return constant([
    ECHO_OFF,
    NUMERIC_ERRORS,
    urcPort,
    SIM,
    step("mqtt version", S.MODEM_MQTT_CONFIG, (b, ctx) => b.begin('AT+QMTCFG="version",').int(ctx.config.clientIndex, 0, 5).int(4, 3, 4)),
    step("mqtt recv mode", S.MODEM_MQTT_CONFIG, (b, ctx) => b.begin('AT+QMTCFG="recv/mode",').int(ctx.config.clientIndex, 0, 5).int(0, 0, 1).int(1, 0, 1)),
    step("mqtt keepalive", S.MODEM_MQTT_CONFIG, (b, ctx) => b.begin('AT+QMTCFG="keepalive",').int(ctx.config.clientIndex, 0, 5).int(ctx.config.keepaliveS, 0, 3600)),
    step(
      "aliauth",
      S.MODEM_MQTT_CONFIG,
      (b, ctx) => {
        const l = ctx.login;
        b.begin('AT+QMTCFG="aliauth",').int(ctx.config.clientIndex, 0, 5).str(l.productKey, 32).str(l.deviceName, 64).str(l.deviceSecret, 64);
      },
      { applies: aliyunLogin },
    ),
  ].concat(quectelTlsSteps(), [
    step("apn", S.MODEM_PDP, (b, ctx) => {
      const c = ctx.config;
      b.begin("AT+QICSGP=").int(1, 1, 16).int(1, 1, 3).str(c.apn, 62).str(c.apnUser, 62).str(c.apnPassword, 62).int(c.apnAuth, 0, 3);
    }),
    REGISTRATION_URCS,
    REGISTRATION,
    step("pdp state", S.MODEM_PDP, (b) => b.begin("AT+QIACT?"), { responses: [QIACT], line: pdpStateLine, done: pdpStateDone, escalation: O.OUTCOME_POWER_CYCLE }),
    step("pdp activate", S.MODEM_PDP, (b) => b.begin("AT+QIACT=1"), {
      timeoutMs: (c: ModemConfig) => c.pdpTimeoutMs,
      escalation: O.OUTCOME_REACTIVATE,
      effect: EFFECT_PDP_ACTIVE,
    }),
    step("mqtt open", S.MODEM_MQTT_OPENING, (b, ctx) => b.begin("AT+QMTOPEN=").int(ctx.config.clientIndex, 0, 5).str(ctx.config.mqttHost, 100).int(ctx.config.mqttPort, 1, 65535), {
      result: QMTOPEN,
      line: openLine,
      done: openDone,
      escalation: O.OUTCOME_REACTIVATE,
      effect: EFFECT_MQTT_OPEN,
      mark: MARK_MQTT_OPEN,
    }),
    connect,
    step("subscribe", S.MODEM_SUBSCRIBING, subscribeRequest, {
      applies: hasSubscriptions,
      result: QMTSUB,
      line: subscribeLine,
      done: mqttDone,
      escalation: O.OUTCOME_REOPEN,
    }),
  ]));
}
