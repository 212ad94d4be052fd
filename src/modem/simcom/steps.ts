import type { AtBuilder } from "../../at/builder";
import { ascii, utf8Encode } from "../../at/bytes";
import { AT_OK } from "../../at/command";
import { constant } from "../../at/constant";
import type { Fields } from "../../at/fields";
import type { ModemConfig } from "../config";
import * as O from "../outcome";
import * as S from "../states";
import { EFFECT_MQTT_OPEN, EFFECT_PDP_ACTIVE, MARK_MQTT_OPEN, optional, Step, step, StepContext } from "../step";
import { loginPrepared } from "../login";
import { ECHO_OFF, hasSubscriptions, NUMERIC_ERRORS, REGISTRATION, REGISTRATION_URCS, SIM } from "../steps";
import { MQTT_SSL, simcomTlsSteps } from "./tls";

const CMQTTSTART = ascii("+CMQTTSTART:");
const CMQTTCONNECT = ascii("+CMQTTCONNECT:");
const CMQTTSUB = ascii("+CMQTTSUB:");

/** SIMCom MQTT error codes the runner tells apart (A76XX AT manual, MQTT chapter). */
const ERR_OK = 0;
/** `+CMQTTSTART: 23`: the network (MQTT service) is already open. */
const ERR_NETWORK_OPENED = 23;
/** CONNACK 4 and 5, as SIMCom numbers them: bad user name or password, not authorized. */
const ERR_BAD_LOGIN = 30;
const ERR_NOT_AUTHORIZED = 31;
/** The TLS handshake failed (the server's certificate does not verify), and no certificate set. */
const ERR_HANDSHAKE = 32;
const ERR_NO_CERTIFICATE = 33;

/** The client index is the only field before the error in these results. */
function errorOf(f: Fields, ctx: StepContext): number {
  if (f.int(0, -1) !== ctx.config.clientIndex) return -2;
  // Stryker disable next-line UnaryOperator: a missing error code is a failure, and neither -1 nor +1 is a code told apart (0, 23, 30-33)
  return f.int(1, -1);
}

function startLine(f: Fields): O.LineOutcome {
  // Stryker disable next-line UnaryOperator: a missing error code is a failure, and neither -1 nor +1 is 0 or 23
  const err = f.int(0, -1);
  return err === ERR_OK || err === ERR_NETWORK_OPENED ? O.OUTCOME_NEXT : O.OUTCOME_RETRY;
}

// The result decides, whatever the final code: the module prints a refusal's result before
// ERROR, and `+CMQTTSTART: 23` then ERROR is a service already started, which is what we want.
// OK without a result cannot end the command (the engine waits for it).
function resultDone(_status: number, _code: number, lineOutcome: O.LineOutcome): O.Outcome {
  return lineOutcome !== O.OUTCOME_NONE ? lineOutcome : O.OUTCOME_RETRY;
}

/** `+CMQTTCONNECT: <idx>,<err>`. */
export function connectOutcome(err: number): O.Outcome {
  if (err === ERR_OK) return O.OUTCOME_NEXT;
  if (err === ERR_HANDSHAKE || err === ERR_NO_CERTIFICATE) return O.OUTCOME_TLS_REFUSED;
  return err === ERR_BAD_LOGIN || err === ERR_NOT_AUTHORIZED ? O.OUTCOME_AUTH_FAILED : O.OUTCOME_REOPEN;
}

function connectLine(f: Fields, _b: Uint8Array, ctx: StepContext): O.LineOutcome {
  const err = errorOf(f, ctx);
  return err === -2 ? O.OUTCOME_NONE : connectOutcome(err);
}

function mqttDone(status: number, _code: number, lineOutcome: O.LineOutcome): O.Outcome {
  if (status === AT_OK && lineOutcome !== O.OUTCOME_NONE) return lineOutcome;
  return O.OUTCOME_REOPEN;
}

function subscribeLine(f: Fields, _b: Uint8Array, ctx: StepContext): O.LineOutcome {
  const err = errorOf(f, ctx);
  if (err === -2) return O.OUTCOME_NONE;
  return err === ERR_OK ? O.OUTCOME_NEXT : O.OUTCOME_REOPEN;
}

// The module has no aliauth: the login is signed here, a slice per turn (login-signer.ts).
function signLogin(ctx: StepContext): boolean {
  return loginPrepared(ctx.login) && ctx.signer.sign(ctx.login);
}

function acquireRequest(b: AtBuilder, ctx: StepContext): void {
  b.begin("AT+CMQTTACCQ=").int(ctx.config.clientIndex, 0, 1).str(ctx.signer.clientId, 128).int(ctx.config.tls ? 1 : 0, 0, 1);
}

function connectRequest(b: AtBuilder, ctx: StepContext): void {
  const c = ctx.config;
  const s = ctx.signer;
  b.begin("AT+CMQTTCONNECT=").int(c.clientIndex, 0, 1).str("tcp://" + c.mqttHost + ":" + c.mqttPort, 256).int(c.keepaliveS, 1, 64800).int(1, 0, 1);
  b.str(s.username, 256).str(s.password, 256);
}

// One topic per command, its bytes after the prompt; `attempt` walks the topics.
function subscribeTopicRequest(b: AtBuilder, ctx: StepContext): void {
  const topic = ctx.subscriptions[ctx.attempt];
  b.begin("AT+CMQTTSUBTOPIC=").int(ctx.config.clientIndex, 0, 1).int(utf8Bytes(topic), 1, 256).int(ctx.config.publishQos, 0, 1);
}

function subscribeTopicData(ctx: StepContext, out: Uint8Array): number {
  return utf8Encode(ctx.subscriptions[ctx.attempt], out, 0);
}

function subscribeTopicDone(status: number, _code: number, _line: O.LineOutcome, ctx: StepContext): O.Outcome {
  if (status !== AT_OK) return O.OUTCOME_REOPEN;
  return ctx.attempt + 1 < ctx.subscriptions.length ? O.OUTCOME_REPEAT : O.OUTCOME_NEXT;
}

// The UTF-8 length of a topic, as utf8Encode will write it after the prompt: each half of a
// surrogate pair counts 2 of the pair's 4 bytes (a lone half is refused by the encoder).
function utf8Bytes(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c < 0xe000) ? 2 : 3;
  }
  return n;
}

function hasApnLogin(ctx: StepContext): boolean {
  return ctx.config.apnUser !== "";
}

/**
 * Bring-up of a SIMCom A7670/A7600 to a subscribed MQTT client: automatic time zone update
 * (so that the clock follows the network), 3GPP SIM and registration,
 * the PDP context by `AT+CGDCONT`, then the CMQTT service, a client, a signed login and the
 * subscriptions (one `AT+CMQTTSUBTOPIC` per topic, then one `AT+CMQTTSUB`).
 */
export const A7670_STEPS: Step[] = constant([
  ECHO_OFF,
  NUMERIC_ERRORS,
  // The real-time clock (AT+CCLK?, the network-time fallback) follows NITZ only with this on.
  step("network time updates", S.MODEM_CONFIGURING, (b) => b.begin("AT+CTZU=").int(1, 0, 1), { done: optional }),
].concat(simcomTlsSteps(), [
  SIM,
  step("apn", S.MODEM_PDP, (b, ctx) => b.begin("AT+CGDCONT=").int(1, 1, 15).str("IP", 8).str(ctx.config.apn, 62)),
  step(
    "apn login",
    S.MODEM_PDP,
    (b, ctx) => {
      const c = ctx.config;
      b.begin("AT+CGAUTH=").int(1, 1, 15).int(c.apnAuth, 0, 3).str(c.apnUser, 62).str(c.apnPassword, 62);
    },
    { applies: hasApnLogin, done: optional },
  ),
  REGISTRATION_URCS,
  REGISTRATION,
  step("mqtt start", S.MODEM_PDP, (b) => b.begin("AT+CMQTTSTART"), {
    result: CMQTTSTART,
    line: startLine,
    done: resultDone,
    timeoutMs: (c: ModemConfig) => c.atTimeoutMs,
    resultTimeoutMs: (c: ModemConfig) => c.pdpTimeoutMs,
    escalation: O.OUTCOME_REACTIVATE,
    effect: EFFECT_PDP_ACTIVE,
  }),
  // ERROR: the client is still acquired from before (a reopen), which is what we want.
  step("mqtt client", S.MODEM_MQTT_OPENING, acquireRequest, {
    prepare: signLogin,
    done: optional,
    escalation: O.OUTCOME_REACTIVATE,
    mark: MARK_MQTT_OPEN,
  }),
  MQTT_SSL,
  step("mqtt connect", S.MODEM_MQTT_CONNECTING, connectRequest, {
    prepare: signLogin,
    result: CMQTTCONNECT,
    line: connectLine,
    done: mqttDone,
    escalation: O.OUTCOME_REOPEN,
    effect: EFFECT_MQTT_OPEN,
  }),
  step("subscribe topics", S.MODEM_SUBSCRIBING, subscribeTopicRequest, {
    applies: hasSubscriptions,
    data: subscribeTopicData,
    done: subscribeTopicDone,
    escalation: O.OUTCOME_REOPEN,
  }),
  step("subscribe", S.MODEM_SUBSCRIBING, (b, ctx) => b.begin("AT+CMQTTSUB=").int(ctx.config.clientIndex, 0, 1), {
    applies: hasSubscriptions,
    result: CMQTTSUB,
    line: subscribeLine,
    done: mqttDone,
    escalation: O.OUTCOME_REOPEN,
  }),
]));
