import { ascii } from "../../at/bytes";
import { CountedUrc, HEADER_INVALID, HEADER_PARTIAL } from "../../at/counted";

const SPACE = 32;
const COMMA = 44;
const CR = 13;
const LF = 10;
/** Largest chunk length believed (the module splits longer topics and payloads). */
export const MAX_CHUNK = 65536;

/**
 * SIMCom's `+CMQTTRXTOPIC: <idx>,<len>` and `+CMQTTRXPAYLOAD: <idx>,<len>`: the header line,
 * then `len` raw bytes on the next line, then CR LF. Read for the AT parser's counted-URC
 * seam: the body is framed by its length alone. The header is a few bytes, so a split one
 * is simply read again. Nothing is allocated.
 *
 * The CR after the body is its closing byte, the LF the line end: with a line end alone
 * checked, a body that lost one byte on the UART took its CR as its last byte and its LF
 * as the line end, and was delivered one byte short (a property name missing a letter
 * still parses, and the set was refused). Now the byte after the body must be CR.
 */
export class CmqttRxChunk implements CountedUrc {
  readonly prefix: Uint8Array;
  readonly maxHeader: number;
  client = 0;
  bodyLength = 0;
  readonly bodyClose = CR;

  constructor(prefix: string) {
    this.prefix = ascii(prefix);
    this.maxHeader = prefix.length + 20;
  }

  header(bytes: Uint8Array, _words: Int32Array, start: number, end: number): number {
    let i = start + this.prefix.length;
    // The parser's 0 after the data ends a run of spaces or digits there.
    while (bytes[i] === SPACE) i++;
    if (i + 1 >= end) return HEADER_PARTIAL;
    const client = bytes[i] - 48;
    if (client >>> 0 > 9 || bytes[i + 1] !== COMMA) return HEADER_INVALID;
    const k = this.length(bytes, i + 2, end);
    // Stryker disable next-line EqualityOperator: a position is past the prefix, never 0
    if (k < 0) return k;
    this.client = client;
    return this.lineEnd(bytes, k, end, start);
  }

  /** 1-5 digits of length at `i`: the position after them, with `bodyLength` set. */
  private length(bytes: Uint8Array, i: number, end: number): number {
    let k = i;
    let length = 0;
    while ((bytes[k] - 48) >>> 0 < 10) length = length * 10 + bytes[k++] - 48;
    const digits = k - i;
    if (digits > 5 || length > MAX_CHUNK) return HEADER_INVALID;
    if (k >= end) return HEADER_PARTIAL;
    if (digits === 0) return HEADER_INVALID;
    this.bodyLength = length;
    return k;
  }

  /** CR LF (or a lone CR or LF) at `k` ends the header: where the body starts, from `start`. */
  private lineEnd(bytes: Uint8Array, k: number, end: number, start: number): number {
    const c = bytes[k];
    if (c === LF) return k + 1 - start;
    if (c !== CR) return HEADER_INVALID;
    if (k + 1 >= end) return HEADER_PARTIAL;
    return (bytes[k + 1] === LF ? k + 2 : k + 1) - start;
  }
}
