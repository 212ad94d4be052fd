import { ascii } from "../../at/bytes";
import { constant } from "../../at/constant";
import type { Fields } from "../../at/fields";
import type { ModemConfig } from "../config";
import type { Dialect, DialectEnv, PublishEnv } from "../dialect";
import type { Step } from "../step";
import { QmtInbound } from "./inbound";
import { QUECTEL_HTTP } from "./http";
import { QLTS_TIME } from "./network-time";
import { QmtPublish } from "./publish";
import { connectStep, quectelSteps, urcPortStep } from "./steps";
import { quectelUrcs } from "./urcs";

const QMTCLOSE = ascii("+QMTCLOSE:");
const QMTCONN = ascii("+QMTCONN:");
const QMTSUB = ascii("+QMTSUB:");

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

/** The Quectel family's dialect with a model's bring-up steps; see models.ts for the models. */
export function quectelDialect(name: string, steps: Step[]): Dialect {
  return {
    name,
    steps,
    close: {
      name: "mqtt close",
      request: (b, c) => b.begin("AT+QMTCLOSE=").int(c.clientIndex, 0, 5),
      result: QMTCLOSE,
      timeoutMs: atTimeout,
      resultTimeoutMs: mqttResultTimeout,
    },
    // The 3GPP limit for a PDP context change is 150 s; QIDEACT answers within 40 s.
    deactivate: { name: "pdp deactivate", request: (b) => b.begin("AT+QIDEACT=").int(1, 1, 16), result: null, timeoutMs: () => 40000, resultTimeoutMs: noResult },
    powerDown: { name: "power off", request: (b) => b.begin("AT+QPOWD=").int(1, 0, 1), result: null, timeoutMs: atTimeout, resultTimeoutMs: noResult },
    linkCheck: {
      request: (b) => b.begin("AT+QMTCONN?"),
      response: QMTCONN,
      // `+QMTCONN: <idx>,<state>`: 3 is connected.
      state: (f: Fields, c: ModemConfig) => (f.int(0, -1) === c.clientIndex ? f.int(1, -1) : -1),
      connected: (state: number) => state === 3,
    },
    networkTime: QLTS_TIME,
    http: QUECTEL_HTTP,
    subscribe: {
      request: (b, c, topic, _bytes, msgId) => b.begin("AT+QMTSUB=").int(c.clientIndex, 0, 5).int(msgId, 1, 65535).str(topic, 200).int(c.publishQos, 0, 1),
      topicAfterPrompt: false,
      result: QMTSUB,
      // `+QMTSUB: <idx>,<msgid>,<result>,<granted QoS>`; a granted 128 is a refusal.
      granted: (f: Fields, c: ModemConfig, msgId: number) =>
        f.int(0, -1) === c.clientIndex &&
        // Stryker disable next-line UnaryOperator: the one caller (late-subscription.ts) asks with id 65535, which neither -1 nor 1 is
        f.int(1, -1) === msgId &&
        // Stryker disable next-line UnaryOperator: neither -1 nor 1 is 0: a result without its code is a refusal either way
        f.int(2, -1) === 0 &&
        f.int(3, 0) !== 128,
    },
    urcs: (env: DialectEnv) => quectelUrcs(env.events),
    inbound: (env: DialectEnv) => new QmtInbound(env),
    publisher: (env: PublishEnv) => new QmtPublish(env),
  };
}

/**
 * A login's client id on an EC600S (without aliauth): at most this many bytes (the runner's
 * choice, not a documented limit: see models.ts).
 */
export const EC600S_CLIENT_ID_MAX = 128;

/** The EC600S: the seed session, command for command. */
export const EC600S: Dialect = constant(quectelDialect("ec600s", quectelSteps(urcPortStep("uart1"), connectStep(EC600S_CLIENT_ID_MAX))));
