import { ascii } from "./bytes";
import { constant } from "./constant";

/** How a command ended. */
export const AT_OK = 0;
export const AT_ERROR = 1;
export const AT_CME_ERROR = 2;
export const AT_CMS_ERROR = 3;
export const AT_TIMEOUT = 4;
/** An abort URC (e.g. `RDY`: the module rebooted) or `abort()` ended it. */
export const AT_ABORTED = 5;

export const AT_STATUS_NAMES = constant(["OK", "ERROR", "CME ERROR", "CMS ERROR", "timeout", "aborted"]);

/**
 * One step of a chat with the modem, as data (after Zephyr's modem_chat): the request line
 * comes from the engine's builder, the rest says what to expect. Commands are long-lived
 * objects owned by the layer above and reused for every send, so sending allocates nothing.
 */
export interface AtCommand {
  /** For logs. */
  readonly name: string;
  /** From the request until the final result code (and the prompt, for a data command). */
  timeoutMs: number;
  /** Prefix of the information lines this command answers with (e.g. `+CEREG:`). */
  response: Uint8Array | null;
  /** Prefix of the result URC that completes the command after `OK` (e.g. a connection result). */
  result: Uint8Array | null;
  /** From `OK` until the result URC. */
  resultTimeoutMs: number;
  /** Bytes [0, dataLength) sent after the `>` prompt, or null for no data phase. */
  data: Uint8Array | null;
  dataLength: number;
  /**
   * Raw bytes that follow a `CONNECT` line in the answer (a download read), or 0 for none.
   * They go to `onRaw` in pieces as they arrive, never held whole and never taken for lines.
   */
  rawLength: number;
  /** A response or result line, in place. */
  onLine(bytes: Uint8Array, offset: number, length: number): void;
  /** A piece of the raw answer (see rawLength), in place. */
  onRaw(bytes: Uint8Array, offset: number, length: number): void;
  /** The command ended; `code` is the CME/CMS number, or -1. */
  onDone(status: number, code: number): void;
}

/**
 * V.250's intermediate result before a data phase: a data command's prompt where the module
 * says it instead of `>` (uploads), and the line before a command's raw answer (downloads).
 */
export const CONNECT = ascii("CONNECT");

/** An unsolicited result code handler: a static table entry, matched by byte prefix. */
export interface Urc {
  readonly prefix: Uint8Array;
  /** The URC ends the command in flight (module reboot, power down). */
  readonly abort: boolean;
  on(bytes: Uint8Array, offset: number, length: number): void;
}

/** A reusable command with defaults; set the fields that differ. */
export function command(name: string, timeoutMs: number, onDone: (status: number, code: number) => void): AtCommand {
  return {
    name,
    timeoutMs,
    response: null,
    result: null,
    resultTimeoutMs: 0,
    data: null,
    dataLength: 0,
    rawLength: 0,
    onLine: ignoreLine,
    onRaw: ignoreLine,
    onDone,
  };
}

function ignoreLine(): void {}
