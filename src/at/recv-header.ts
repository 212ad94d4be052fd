import { COMMA, CR, LF, QUOTE, SPACE } from "./bytes";

/** The header of `+QMTRECV: <idx>,<msgid>,"<topic>",<len>,"` could not be read. */
export const HEADER_INVALID = -1;
/** The header is not complete yet. */
export const HEADER_PARTIAL = 0;
/** The header was read; the payload starts at `payloadStart`. */
export const HEADER_OK = 1;

/**
 * Reads the header of a length-framed +QMTRECV in place (recv/mode 0,0,1). Fields go
 * into this reused object; nothing is allocated. Offsets are absolute in `bytes`.
 *
 * The payload is quoted but not escaped, so only the length field frames it. Topic and
 * payload may also come unquoted (older firmware); `quoted` records which.
 */
export class RecvHeader {
  client = 0;
  msgId = 0;
  topicStart = 0;
  topicLength = 0;
  payloadLength = 0;
  payloadStart = 0;
  quoted = false;
  /** The ring slid its contents by `delta` while the frame was waiting for its payload. */
  shift(delta: number): void {
    this.topicStart += delta;
    this.payloadStart += delta;
  }

  // Cursor and result of the last field read.
  private at = 0;
  private value = 0;

  /** Read from `start` (just past "+QMTRECV:") up to `end`. */
  read(bytes: Uint8Array, start: number, end: number): number {
    this.at = start;
    while (this.at < end && bytes[this.at] === SPACE) this.at++;
    let r = this.number(bytes, end, 1);
    if (r !== HEADER_OK) return r;
    this.client = this.value;
    r = this.number(bytes, end, 10);
    if (r !== HEADER_OK) return r;
    this.msgId = this.value;
    r = this.topic(bytes, end);
    if (r !== HEADER_OK) return r;
    r = this.number(bytes, end, 10);
    if (r !== HEADER_OK) return r;
    this.payloadLength = this.value;
    return this.payloadOpen(bytes, end);
  }

  // Decimal digits then a comma. `maxDigits` bounds a field so garbage cannot run long.
  private number(bytes: Uint8Array, end: number, maxDigits: number): number {
    let v = 0;
    let n = 0;
    let i = this.at;
    for (; i < end; i++) {
      const c = bytes[i];
      if (c < 48 || c > 57) break;
      if (++n > maxDigits) return HEADER_INVALID;
      v = v * 10 + (c - 48);
    }
    if (i >= end) return HEADER_PARTIAL;
    if (n === 0 || bytes[i] !== COMMA) return HEADER_INVALID;
    this.value = v;
    this.at = i + 1;
    return HEADER_OK;
  }

  private topic(bytes: Uint8Array, end: number): number {
    const open = this.at;
    if (open >= end) return HEADER_PARTIAL;
    const quoted = bytes[open] === QUOTE;
    const start = quoted ? open + 1 : open;
    const close = bytes.indexOf(quoted ? QUOTE : COMMA, start);
    if (close < 0 || close >= end) return this.partialUnlessBroken(bytes, start, end);
    if (hasLineEnd(bytes, start, close)) return HEADER_INVALID;
    return this.topicEnd(bytes, start, close, quoted ? close + 1 : close, end);
  }

  private topicEnd(bytes: Uint8Array, start: number, close: number, comma: number, end: number): number {
    const r = expectComma(bytes, comma, end);
    if (r !== HEADER_OK) return r;
    this.topicStart = start;
    this.topicLength = close - start;
    this.at = comma + 1;
    return HEADER_OK;
  }

  private payloadOpen(bytes: Uint8Array, end: number): number {
    if (this.at >= end) return HEADER_PARTIAL;
    this.quoted = bytes[this.at] === QUOTE;
    this.payloadStart = this.quoted ? this.at + 1 : this.at;
    return HEADER_OK;
  }

  // An unterminated topic is only worth waiting for if no line end has arrived yet.
  private partialUnlessBroken(bytes: Uint8Array, start: number, end: number): number {
    return hasLineEnd(bytes, start, end) ? HEADER_INVALID : HEADER_PARTIAL;
  }
}

function expectComma(bytes: Uint8Array, at: number, end: number): number {
  if (at >= end) return HEADER_PARTIAL;
  return bytes[at] === COMMA ? HEADER_OK : HEADER_INVALID;
}

function hasLineEnd(bytes: Uint8Array, start: number, end: number): boolean {
  const cr = bytes.indexOf(CR, start);
  if (cr >= 0 && cr < end) return true;
  const lf = bytes.indexOf(LF, start);
  return lf >= 0 && lf < end;
}
