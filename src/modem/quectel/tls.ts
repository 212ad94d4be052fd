import type { AtBuilder } from "../../at/builder";
import { ascii } from "../../at/bytes";
import { AT_CME_ERROR, AT_OK, AT_TIMEOUT } from "../../at/command";
import { constant } from "../../at/constant";
import type { Fields } from "../../at/fields";
import { hexField } from "../ca-file";
import type { ModemConfig } from "../config";
import * as O from "../outcome";
import * as S from "../states";
import { Step, step, StepContext } from "../step";

/**
 * MQTT over TLS on a Quectel module (Quectel's "SSL Application Note", "FILE AT Commands" and
 * "MQTT Application Note"): the CA certificate goes to the module's file system (UFS) once,
 * an SSL context is set up to verify the broker with it, and the MQTT client is told to use
 * that context. All of it needs no network, so it runs while the module registers; the
 * module keeps files across restarts, its settings until one.
 *
 *   AT+QFLST="UFS:cat1ca_<sum>.pem"            +QFLST: "UFS:...",<size>   (absent: no line, or CME 405)
 *   AT+QFDEL="UFS:cat1ca_<sum>.pem"            only if a file of another size is there
 *   AT+QFUPL="UFS:cat1ca_<sum>.pem",<size>,<timeout s>
 *     CONNECT, then exactly <size> bytes       +QFUPL: <size>,<checksum hex>  OK
 *   AT+QSSLCFG="sslversion",1,4                4: any SSL/TLS version the module has
 *   AT+QSSLCFG="ciphersuite",1,0XFFFF          0XFFFF: every suite the module has
 *   AT+QSSLCFG="cacert",1,"UFS:cat1ca_<sum>.pem"
 *   AT+QSSLCFG="seclevel",1,1                  1: verify the server with the CA
 *   AT+QMTCFG="ssl",<idx>,1,1                  the MQTT client uses SSL context 1
 *
 * `<checksum>` is the 16-bit XOR of the data's big-endian byte pairs, in hex (ca-file.ts).
 */

/** The SSL context the MQTT client uses (0-5; 1 leaves 0 to whoever else uses SSL). */
export const SSL_CONTEXT = 1;
/** The module's own wait for the file's bytes after CONNECT, in seconds. */
const UPLOAD_TIMEOUT_S = 10;

const QFLST = ascii("+QFLST:");
const QFUPL = ascii("+QFUPL:");

/** FILE error codes: what no retry cures (invalid input, drive full, invalid name, file too large). */
const FILE_CONFIG_ERRORS = constant([400, 403, 406, 423]);

function tlsOn(ctx: StepContext): boolean {
  return ctx.config.tls;
}

function uploadNeeded(ctx: StepContext): boolean {
  return ctx.config.tls && !ctx.ca.onModule;
}

function caPath(ctx: StepContext): string {
  return "UFS:" + ctx.ca.name;
}

// `+QFLST: "UFS:<name>",<size>`: the same name with the same size is the same CA.
function listLine(f: Fields, _b: Uint8Array, ctx: StepContext): O.LineOutcome {
  // Stryker disable next-line UnaryOperator: a CA is a PEM (its markers alone are dozens of bytes), so its length is neither -1 nor 1
  const size = f.int(1, -1);
  if (size === ctx.ca.length) ctx.ca.onModule = true;
  else ctx.ca.mustDelete = true;
  return O.OUTCOME_NEXT;
}

// Absent files answer with no line or with an error: either way the upload follows.
function listDone(status: number): O.Outcome {
  return status === AT_TIMEOUT ? O.OUTCOME_RETRY : O.OUTCOME_NEXT;
}

function uploadRequest(b: AtBuilder, ctx: StepContext): void {
  const ca = ctx.ca;
  ca.deleting = ca.mustDelete;
  if (ca.deleting) b.begin("AT+QFDEL=").str(caPath(ctx), 80);
  else b.begin("AT+QFUPL=").str(caPath(ctx), 80).int(ca.length, 1, 10485760).int(UPLOAD_TIMEOUT_S, 1, 65535);
}

function uploadFile(ctx: StepContext): Uint8Array | null {
  return ctx.ca.deleting ? null : ctx.ca.bytes;
}

// `+QFUPL: <size>,<checksum>`: both must be ours, or the file on the module is not our CA.
function uploadLine(f: Fields, bytes: Uint8Array, ctx: StepContext): O.LineOutcome {
  const ca = ctx.ca;
  // Stryker disable next-line UnaryOperator: as in listLine, the CA's length is neither -1 nor 1
  if (f.count < 2 || f.int(0, -1) !== ca.length) return O.OUTCOME_RETRY;
  return hexField(bytes, f.starts[1], f.lengths[1]) === ca.checksum ? O.OUTCOME_NEXT : O.OUTCOME_RETRY;
}

function uploadDone(status: number, code: number, lineOutcome: O.LineOutcome, ctx: StepContext): O.Outcome {
  const ca = ctx.ca;
  if (ca.deleting) {
    // Deleted, or not there (405): the upload comes next, at once.
    ca.deleting = false;
    ca.mustDelete = false;
    return status === AT_TIMEOUT ? O.OUTCOME_RETRY : O.OUTCOME_REPEAT;
  }
  if (status === AT_OK && lineOutcome === O.OUTCOME_NEXT) {
    // Stryker disable next-line BooleanLiteral: nothing reads it before the next ca check resets it: bring-up goes on past the upload, and no resume point lies between the two
    ca.onModule = true;
    return O.OUTCOME_NEXT;
  }
  if (status === AT_CME_ERROR && FILE_CONFIG_ERRORS.indexOf(code) >= 0) return O.OUTCOME_CONFIG_ERROR;
  // A wrong size or checksum, a file already there (407), bytes the module stopped waiting
  // for: whatever is on the module under our name goes before the next try.
  ca.mustDelete = true;
  return O.OUTCOME_RETRY;
}

function tlsConfig(name: string, request: (b: AtBuilder, ctx: StepContext) => void): Step {
  return step(name, S.MODEM_MQTT_CONFIG, request, { applies: tlsOn, escalation: O.OUTCOME_CONFIG_ERROR });
}

/** The TLS steps, in bring-up order; each applies only with `tls` on. */
export function quectelTlsSteps(): Step[] {
  return [
    step("ca check", S.MODEM_MQTT_CONFIG, (b, ctx) => {
      ctx.ca.onModule = false;
      ctx.ca.mustDelete = false;
      b.begin("AT+QFLST=").str(caPath(ctx), 80);
    }, {
      applies: tlsOn,
      prepare: (ctx: StepContext) => ctx.ca.prepare(),
      responses: [QFLST],
      line: listLine,
      done: listDone,
    }),
    step("ca upload", S.MODEM_MQTT_CONFIG, uploadRequest, {
      applies: uploadNeeded,
      file: uploadFile,
      responses: [QFUPL],
      line: uploadLine,
      done: uploadDone,
      // The bytes go out as the UART takes them; the module waits UPLOAD_TIMEOUT_S for them.
      timeoutMs: (c: ModemConfig) => c.atTimeoutMs + UPLOAD_TIMEOUT_S * 1000,
      escalation: O.OUTCOME_CONFIG_ERROR,
    }),
    tlsConfig("ssl version", (b) => b.begin('AT+QSSLCFG="sslversion",').int(SSL_CONTEXT, 0, 5).int(4, 0, 4)),
    tlsConfig("ssl ciphers", (b) => b.begin('AT+QSSLCFG="ciphersuite",').int(SSL_CONTEXT, 0, 5).ascii(",0XFFFF")),
    tlsConfig("ssl ca", (b, ctx) => b.begin('AT+QSSLCFG="cacert",').int(SSL_CONTEXT, 0, 5).str(caPath(ctx), 80)),
    tlsConfig("ssl verify", (b) => b.begin('AT+QSSLCFG="seclevel",').int(SSL_CONTEXT, 0, 5).int(1, 0, 2)),
    tlsConfig("mqtt ssl", (b, ctx) => b.begin('AT+QMTCFG="ssl",').int(ctx.config.clientIndex, 0, 5).int(1, 0, 1).int(SSL_CONTEXT, 0, 5)),
  ];
}
