/** TEST-ONLY REFERENCE: src/at/recv-header.ts at 208a73e, used by ./parser.ts. */
import { COMMA, CR, LF, QUOTE, SPACE } from "./bytes";
import { constant } from "../../../src/at/constant";

/** The header of `+QMTRECV: <idx>,<msgid>,"<topic>",<len>,"` could not be read. */
export const HEADER_INVALID = -1;
/** The header is not complete yet; `read` resumes where it stopped. */
export const HEADER_PARTIAL = 0;
/** The header was read; the payload starts at `payloadStart`. */
export const HEADER_OK = 1;

/** Longest topic accepted (MQTT allows more; Alink topics are far shorter). */
export const MAX_TOPIC = 256;
/**
 * Largest payload length believed. The module cannot deliver more in one URC; a garbage
 * header claiming more would otherwise swallow that much of the following output.
 */
export const MAX_PAYLOAD = 65536;

const STAGE_CLIENT = 0;
const STAGE_MSGID = 1;
const STAGE_TOPIC = 2;
const STAGE_LENGTH = 3;
const STAGE_OPEN = 4;

/** Digits allowed per numeric field: the client index, then 32-bit msgid and length. */
const MAX_DIGITS = constant([1, 10, 0, 10]);

/**
 * Reads the header of a length-framed +QMTRECV in place (recv/mode 0,0,1), resuming where
 * the last chunk ended instead of starting over. Fields go into this reused object;
 * nothing is allocated. Offsets are absolute in the ring (see `shift`).
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
  private stage = STAGE_CLIENT;
  private at = 0;
  private value = 0;
  private digits = 0;
  private topicQuoted = false;

  /** Start reading at `at` (just past "+QMTRECV:"). */
  begin(at: number): void {
    this.stage = STAGE_CLIENT;
    this.at = at;
    this.value = 0;
    this.digits = 0;
    this.topicStart = -1;
  }

  /** Continue up to `end`. */
  read(bytes: Uint8Array, end: number): number {
    let r = HEADER_OK;
    while (r === HEADER_OK && this.stage < STAGE_OPEN) {
      r = this.stage === STAGE_TOPIC ? this.topic(bytes, end) : this.number(bytes, end);
    }
    return r === HEADER_OK ? this.payloadOpen(bytes, end) : r;
  }

  /** The ring slid its contents by `delta` (negative: toward the front). */
  shift(delta: number): void {
    this.at += delta;
    this.topicStart += delta;
    this.payloadStart += delta;
  }

  // Decimal digits then a comma; the digits seen so far survive a chunk boundary.
  private number(bytes: Uint8Array, end: number): number {
    const leading = this.stage === STAGE_CLIENT && this.digits === 0;
    const i = this.digitsFrom(bytes, leading ? skipSpaces(bytes, this.at, end) : this.at, end);
    if (i < 0) return HEADER_INVALID;
    this.at = i;
    if (i >= end) return HEADER_PARTIAL;
    if (this.digits === 0 || bytes[i] !== COMMA) return HEADER_INVALID;
    this.at = i + 1;
    return this.store(this.value);
  }

  /** Accumulate digits from `i`; returns where they stop, or -1 past the field's bound. */
  private digitsFrom(bytes: Uint8Array, i: number, end: number): number {
    const max = MAX_DIGITS[this.stage];
    for (; i < end; i++) {
      const c = bytes[i];
      if (c < 48 || c > 57) return i;
      if (++this.digits > max) return -1;
      this.value = this.value * 10 + (c - 48);
    }
    return i;
  }

  private store(value: number): number {
    if (this.stage === STAGE_CLIENT) this.client = value;
    else if (this.stage === STAGE_MSGID) this.msgId = value;
    else if (value > MAX_PAYLOAD) return HEADER_INVALID;
    else this.payloadLength = value;
    this.value = 0;
    this.digits = 0;
    this.stage++;
    return HEADER_OK;
  }

  private topic(bytes: Uint8Array, end: number): number {
    if (this.topicStart < 0) {
      if (this.at >= end) return HEADER_PARTIAL;
      this.topicQuoted = bytes[this.at] === QUOTE;
      this.topicStart = this.topicQuoted ? this.at + 1 : this.at;
      this.at = this.topicStart;
    }
    const close = bytes.indexOf(this.topicQuoted ? QUOTE : COMMA, this.at);
    if (close < 0 || close >= end) return this.topicPartial(bytes, end);
    // No line-end scan of a found topic (the hot path): garbage that swallowed a line end
    // still has to be followed by `,<digits>,` to pass, and the topic is bounded.
    if (close - this.topicStart > MAX_TOPIC) return HEADER_INVALID;
    this.at = close;
    return this.topicEnd(bytes, close, end);
  }

  private topicPartial(bytes: Uint8Array, end: number): number {
    if (end - this.topicStart > MAX_TOPIC || hasLineEnd(bytes, this.at, end)) return HEADER_INVALID;
    this.at = end;
    return HEADER_PARTIAL;
  }

  private topicEnd(bytes: Uint8Array, close: number, end: number): number {
    const comma = this.topicQuoted ? close + 1 : close;
    if (comma >= end) return HEADER_PARTIAL;
    if (bytes[comma] !== COMMA) return HEADER_INVALID;
    this.topicLength = close - this.topicStart;
    this.at = comma + 1;
    this.stage = STAGE_LENGTH;
    return HEADER_OK;
  }

  private payloadOpen(bytes: Uint8Array, end: number): number {
    if (this.at >= end) return HEADER_PARTIAL;
    this.quoted = bytes[this.at] === QUOTE;
    this.payloadStart = this.quoted ? this.at + 1 : this.at;
    return HEADER_OK;
  }
}

function skipSpaces(bytes: Uint8Array, i: number, end: number): number {
  while (i < end && bytes[i] === SPACE) i++;
  return i;
}

// A line end among the bytes not yet seen: a topic still open at a line end is garbage.
function hasLineEnd(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c === CR || c === LF) return true;
  }
  return false;
}
