import type { AtBuilder } from "../../at/builder";
import { ascii } from "../../at/bytes";
import { AT_OK, AT_TIMEOUT } from "../../at/command";
import type { Fields } from "../../at/fields";
import { fieldIs } from "../ca-file";
import { constant } from "../../at/constant";
import * as O from "../outcome";
import * as S from "../states";
import { optional, Step, step, StepContext } from "../step";

/**
 * MQTT over TLS on a SIMCom A76XX (its "SSL AT Commands" and "MQTT(S) AT Commands" manuals):
 * the CA certificate is downloaded to the module's certificate store once, an SSL context
 * verifies the server with it, and the MQTT client is acquired for SSL and bound to that
 * context before it connects.
 *
 *   AT+CCERTLIST                               +CCERTLIST: "<name>" per stored certificate
 *   AT+CCERTDOWN="cat1ca_<sum>.pem",<size>     >, then exactly <size> bytes; OK
 *   AT+CSSLCFG="sslversion",0,4                4: any SSL/TLS version the module has
 *   AT+CSSLCFG="authmode",0,1                  1: verify the server with the CA
 *   AT+CSSLCFG="cacert",0,"cat1ca_<sum>.pem"
 *   AT+CMQTTACCQ=<idx>,"<clientid>",1          server type 1: SSL/TLS (steps.ts)
 *   AT+CMQTTSSLCFG=<idx>,0                     the client uses SSL context 0
 *
 * The store lists names only: the name carries the CA's checksum (ca-file.ts), so a listed
 * name is this CA. A failed handshake is `+CMQTTCONNECT: <idx>,32` ("handshake fail").
 */

/** The SSL context the MQTT client uses (0-9). */
export const SSL_CONTEXT = 0;
/** The largest certificate AT+CCERTDOWN takes. */
const CERT_MAX = 10240;

const CCERTLIST = ascii("+CCERTLIST:");

function tlsOn(ctx: StepContext): boolean {
  return ctx.config.tls;
}

function downloadNeeded(ctx: StepContext): boolean {
  return ctx.config.tls && !ctx.ca.onModule;
}

function listLine(f: Fields, bytes: Uint8Array, ctx: StepContext): O.LineOutcome {
  // Stryker disable next-line ConditionalExpression: with no fields, field 0 is empty (Fields.read), which no name matches
  if (f.count > 0 && fieldIs(bytes, f.starts[0], f.lengths[0], ctx.ca.name)) ctx.ca.onModule = true;
  return O.OUTCOME_NEXT;
}

// An empty store answers OK alone (or an error on some firmware): the download follows.
function listDone(status: number): O.Outcome {
  return status === AT_TIMEOUT ? O.OUTCOME_RETRY : O.OUTCOME_NEXT;
}

function downloadDone(status: number, _code: number, _line: O.LineOutcome, ctx: StepContext): O.Outcome {
  if (status !== AT_OK) return O.OUTCOME_RETRY;
  // Stryker disable next-line BooleanLiteral: true to the module's store, yet never read: every way back to the download passes the CA check's request or forget(), which set it afresh
  ctx.ca.onModule = true;
  return O.OUTCOME_NEXT;
}

function tlsConfig(name: string, request: (b: AtBuilder, ctx: StepContext) => void): Step {
  return step(name, S.MODEM_CONFIGURING, request, { applies: tlsOn, escalation: O.OUTCOME_CONFIG_ERROR });
}

/** The certificate and SSL context steps, in bring-up order; each applies only with `tls` on. */
export function simcomTlsSteps(): Step[] {
  return [
    step(
      "ca check",
      S.MODEM_CONFIGURING,
      (b, ctx) => {
        ctx.ca.onModule = false;
        b.begin("AT+CCERTLIST");
      },
      { applies: tlsOn, prepare: (ctx: StepContext) => ctx.ca.prepare(), responses: [CCERTLIST], line: listLine, done: listDone },
    ),
    step("ca download", S.MODEM_CONFIGURING, (b, ctx) => b.begin("AT+CCERTDOWN=").str(ctx.ca.name, 64).int(ctx.ca.length, 1, CERT_MAX), {
      applies: downloadNeeded,
      file: (ctx: StepContext) => ctx.ca.bytes,
      done: downloadDone,
      escalation: O.OUTCOME_CONFIG_ERROR,
    }),
    tlsConfig("ssl version", (b) => b.begin('AT+CSSLCFG="sslversion",').int(SSL_CONTEXT, 0, 9).int(4, 0, 4)),
    tlsConfig("ssl verify", (b) => b.begin('AT+CSSLCFG="authmode",').int(SSL_CONTEXT, 0, 9).int(1, 0, 3)),
    tlsConfig("ssl ca", (b, ctx) => b.begin('AT+CSSLCFG="cacert",').int(SSL_CONTEXT, 0, 9).str(ctx.ca.name, 64)),
  ];
}

/** After the client is acquired: bind it to the SSL context (a reacquired client keeps it: ERROR is fine). */
export const MQTT_SSL: Step = constant(step("mqtt ssl", S.MODEM_MQTT_OPENING, (b, ctx) => b.begin("AT+CMQTTSSLCFG=").int(ctx.config.clientIndex, 0, 1).int(SSL_CONTEXT, 0, 9), {
  applies: tlsOn,
  done: optional,
}));
