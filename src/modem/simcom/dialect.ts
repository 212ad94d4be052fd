import { ascii } from "../../at/bytes";
import { constant } from "../../at/constant";
import type { Fields } from "../../at/fields";
import type { ModemConfig } from "../config";
import type { Dialect, DialectEnv, PublishEnv } from "../dialect";
import { CmqttInbound } from "./inbound";
import { CCLK_TIME } from "./network-time";
import { CmqttPublish } from "./publish";
import { A7670_STEPS } from "./steps";
import { simcomUrcs } from "./urcs";

const CMQTTDISC = ascii("+CMQTTDISC:");
const CMQTTSTOP = ascii("+CMQTTSTOP:");
const CMQTTSUB = ascii("+CMQTTSUB:");

function atTimeout(c: ModemConfig): number {
  return c.atTimeoutMs;
}

function mqttResultTimeout(c: ModemConfig): number {
  return c.mqttResultTimeoutMs;
}

// Stryker disable next-line BlockStatement: the result timeout of a command without a result is never read
function noResult(): number {
  return 0;
}

/**
 * SIMCom A7670 / A7600 (the CMQTT command set). Closing the client is `AT+CMQTTDISC`
 * (the client stays acquired, so a reopen's `AT+CMQTTACCQ` may say ERROR); deactivating is
 * stopping the MQTT service, `AT+CMQTTSTOP`; power down is `AT+CPOF`; network time is the
 * real-time clock, `AT+CCLK?`.
 */
export const A7670: Dialect = constant({
  name: "a7670",
  steps: A7670_STEPS,
  close: {
    name: "mqtt close",
    request: (b, c) => b.begin("AT+CMQTTDISC=").int(c.clientIndex, 0, 1).int(60, 0, 180),
    result: CMQTTDISC,
    timeoutMs: atTimeout,
    resultTimeoutMs: mqttResultTimeout,
  },
  deactivate: { name: "mqtt stop", request: (b) => b.begin("AT+CMQTTSTOP"), result: CMQTTSTOP, timeoutMs: atTimeout, resultTimeoutMs: mqttResultTimeout },
  powerDown: { name: "power off", request: (b) => b.begin("AT+CPOF"), result: null, timeoutMs: atTimeout, resultTimeoutMs: noResult },
  linkCheck: {
    request: (b) => b.begin("AT+CMQTTDISC?"),
    response: CMQTTDISC,
    // `+CMQTTDISC: <idx>,<state>`: 0 connected, 1 disconnected.
    state: (f: Fields, c: ModemConfig) => (f.int(0, -1) === c.clientIndex ? f.int(1, -1) : -1),
    connected: (state: number) => state === 0,
  },
  networkTime: CCLK_TIME,
  // The A76XX HTTP client (HTTPINIT/HTTPACTION/HTTPREAD) is not driven yet: no downloads.
  http: null,
  // One topic without CMQTTSUBTOPIC: `AT+CMQTTSUB=<idx>,<len>,<qos>`, the topic after the prompt.
  subscribe: {
    request: (b, c, _topic, bytes) => b.begin("AT+CMQTTSUB=").int(c.clientIndex, 0, 1).int(bytes, 1, 256).int(c.publishQos, 0, 1),
    topicAfterPrompt: true,
    result: CMQTTSUB,
    // `+CMQTTSUB: <idx>,<err>`: 0 is granted.
    granted: (f: Fields, c: ModemConfig) =>
      f.int(0, -1) === c.clientIndex &&
      // Stryker disable next-line UnaryOperator: a missing error code is no grant, and neither -1 nor +1 is 0
      f.int(1, -1) === 0,
  },
  urcs: (env: DialectEnv) => simcomUrcs(env.events),
  inbound: (env: DialectEnv) => new CmqttInbound(env),
  publisher: (env: PublishEnv) => new CmqttPublish(env),
});
