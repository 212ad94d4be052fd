import { ascii } from "../../at/bytes";
import { CountedUrc, HEADER_INVALID, HEADER_PARTIAL } from "../../at/counted";
import { findByte, findLineEnd } from "../../at/scan";

const SPACE = 32;
const QUOTE = 34;
const COMMA = 44;

/** Longest topic accepted (MQTT allows more; Alink topics are far shorter). */
export const MAX_TOPIC = 256;
/**
 * Largest payload length believed. The module cannot deliver more in one URC; a garbage
 * header claiming more would otherwise swallow that much of the following output.
 */
export const MAX_PAYLOAD = 65536;

const PREFIX = ascii("+QMTRECV:");
const PREFIX_LENGTH = 9;
/** Longest header worth waiting for: prefix, two numbers, a 256-byte topic, a length. */
const MAX_HEADER = PREFIX_LENGTH + 1 + 2 + 11 + 2 + MAX_TOPIC + 2 + 11 + 1;

// Where a read resumes: the header's fields in order.
const AT_IDS = 0;
const AT_TOPIC = 1;
const AT_LENGTH = 2;
/** `whole`: not the usual shape; read it field by field. */
// Stryker disable next-line UnaryOperator: any value no read answers will do; an offset is past the 9-byte prefix
const UNUSUAL = -3;

/**
 * Quectel's `+QMTRECV: <idx>,<msgid>,"<topic>",<len>,"<payload>"` (recv/mode 0,0,1), read
 * for the AT parser's counted-URC seam. The payload is quoted but not escaped, so only the
 * length field frames it; the parser then checks the closing quote and line end. Topic and
 * payload may also come unquoted (older firmware).
 *
 * A header split across UART reads resumes at its last complete field (kept as an offset
 * from the header start, which a ring slide does not change), so a split costs little more
 * than the bytes it adds. Fields go into this reused object; nothing is allocated.
 */
export class QmtRecv implements CountedUrc {
  readonly prefix = PREFIX;
  readonly maxHeader = MAX_HEADER;
  client = 0;
  msgId = 0;
  /** The topic, as an offset from the header start, and its length. */
  topicOffset = 0;
  topicLength = 0;
  bodyLength = 0;
  // Stryker disable next-line UnaryOperator: the parser reads it only after an offset, and every read that answers one sets it
  bodyClose = -1;
  // The call in progress (`bytes` is a placeholder until the first call).
  private bytes = PREFIX;
  private words: Int32Array = new Int32Array(0);
  private end = 0;
  private value = 0;
  // The last read: the field it had reached, where that field starts, how much it was given.
  private stage = AT_IDS;
  private stageAt = 0;
  // Stryker disable next-line UnaryOperator: until a read sets it, a match finds the stage a read starts with (AT_IDS) anyway
  private given = -1;
  /** How far (from the header start) the last read searched a topic it left open. */
  private openTo = 0;
  /** Where this read's topic search starts: the bytes before had no end and no line end. */
  private searched = 0;

  header(bytes: Uint8Array, words: Int32Array, start: number, end: number, seen: number): number {
    // Resume only the read this call continues (the parser says how much that one had).
    // A read that stopped in the ids starts again: they are a few bytes.
    // A new header has seen 0; given is never 0 (a read has at least the prefix).
    const stage = seen === this.given ? this.stage : AT_IDS;
    if (stage === AT_IDS) {
      const body = this.whole(bytes, words, start, end);
      if (body !== UNUSUAL) return body;
    }
    this.bytes = bytes;
    this.words = words;
    this.end = end;
    this.given = end - start;
    if (stage === AT_TOPIC) return this.topicAgain(start);
    this.searched = 0;
    this.openTo = 0;
    return this.byField(start, stage);
  }

  /**
   * The last read stopped in the topic (a header split across UART reads, about every other
   * one): search on from where it stopped, then as `whole` does.
   */
  private topicAgain(start: number): number {
    const b = this.bytes;
    const end = this.end;
    const i = start + this.stageAt;
    const open = start + this.openTo;
    this.openTo = 0;
    if (b[i] !== QUOTE) {
      this.searched = open;
      return this.byField(start, AT_TOPIC);
    }
    const first = i + 1;
    // Stryker disable next-line EqualityOperator: where the two are equal, either is the answer
    const from = open > first ? open : first;
    // Stryker disable next-line EqualityOperator: at first + MAX_TOPIC === end both limits stop the search at bytes[end], the 0 after the data
    const limit = first + MAX_TOPIC < end ? first + MAX_TOPIC + 1 : end;
    // findByte, inline.
    const kept = b[limit];
    b[limit] = QUOTE;
    const close = b.indexOf(QUOTE, from);
    b[limit] = kept;
    if (close < limit && close + 1 < end) {
      // The topic and the byte after it are here (afterTopic, inline: the usual case).
      this.topicOffset = first - start;
      this.topicLength = close - first;
      return b[close + 1] === COMMA ? this.length(b, start, close + 2, end) : HEADER_INVALID;
    }
    return close < limit ? this.closedAtEnd(start, first, close) : this.openTopic(start, first, from);
  }

  /**
   * The usual header in one pass: spaces, a one-digit client, a comma, 1-10 digits of
   * message id, a comma, a quoted topic. Past the topic, or where the bytes run out inside
   * it, it carries on as the field-by-field read would from there (and records how far it
   * got, for the next read). Anything else is UNUSUAL. Each test below is a number that is
   * negative exactly when something is wrong, so one comparison checks several bytes.
   * Locals and arguments rather than fields: XS charges each `this.` access.
   */
  private whole(b: Uint8Array, words: Int32Array, start: number, end: number): number {
    let i = start + PREFIX_LENGTH;
    // The parser's 0 after the data ends a run of spaces or digits there.
    while (b[i] === SPACE) i++;
    const client = b[i] - 48;
    let k = i + 2;
    // `| 0`: past the storage b[k] is undefined, and (undefined - 48) >>> 0 is 0, a "digit": the loop would never end.
    let c = b[k] | 0;
    let id = 0;
    while ((c - 48) >>> 0 < 10) {
      id = id * 10 + c - 48;
      c = b[++k] | 0;
    }
    const ids = client | (9 - client) | -(b[i + 1] ^ COMMA) | (k - i - 3) | (i + 12 - k) | -(c ^ COMMA) | -(b[k + 1] ^ QUOTE);
    // Stryker disable next-line EqualityOperator: client | (9 - client) is never 0 for a digit, so ids is never 0
    if (ids < 0) return UNUSUAL;
    this.client = client;
    this.msgId = id;
    // What a read that stops short of the body leaves for the next (more of this header).
    this.given = end - start;
    this.openTo = 0;
    const first = k + 2;
    // Stryker disable next-line EqualityOperator: at first + MAX_TOPIC === end both limits stop the search at bytes[end], the 0 after the data
    const limit = first + MAX_TOPIC < end ? first + MAX_TOPIC + 1 : end;
    // findByte, inline (a call costs as much as a few bytes of search).
    const kept = b[limit];
    b[limit] = QUOTE;
    const close = b.indexOf(QUOTE, first);
    b[limit] = kept;
    if (close < limit && close + 1 < end) {
      // The topic and the byte after it are here (afterTopic, inline: the usual case).
      this.topicOffset = first - start;
      this.topicLength = close - first;
      return b[close + 1] === COMMA ? this.length(b, start, close + 2, end) : HEADER_INVALID;
    }
    return this.topicPending(b, words, start, first, close, limit, end);
  }

  /** `whole` ran out of bytes in the topic or right after it: what the next read resumes. */
  private topicPending(b: Uint8Array, words: Int32Array, start: number, first: number, close: number, limit: number, end: number): number {
    if (close < limit) return this.closedAtEnd(start, first, close);
    this.bytes = b;
    this.words = words;
    this.end = end;
    this.stage = AT_TOPIC;
    this.stageAt = first - 1 - start;
    return this.openTopic(start, first, first);
  }

  /**
   * The quoted topic [first, close) closed on the last byte so far (the usual case, where
   * the comma is here too, is read inline). The next read resumes at the topic, and its
   * search starts at the close, not at the topic's first byte.
   */
  private closedAtEnd(start: number, first: number, close: number): number {
    this.stage = AT_TOPIC;
    this.stageAt = first - 1 - start;
    this.openTo = close - start;
    return HEADER_PARTIAL;
  }

  /** From `stage` (a new header starts at AT_IDS), one field at a time. */
  private byField(start: number, stage: number): number {
    this.stage = stage;
    let i = stage === AT_IDS ? this.ids(start) : start + this.stageAt;
    if (stage !== AT_LENGTH) i = this.topic(start, i);
    // Stryker disable next-line EqualityOperator: a position is past the 9-byte prefix, never 0
    return i < 0 ? i : this.length(this.bytes, start, i, this.end);
  }

  /** Spaces, the client index (one digit) and the message id (1-10 digits), each with its comma. */
  private ids(start: number): number {
    const b = this.bytes;
    let i = start + PREFIX_LENGTH;
    // The parser's 0 after the data ends a run of spaces there.
    while (b[i] === SPACE) i++;
    i = this.number(i, 1);
    this.client = this.value;
    i = this.number(i, 10);
    this.msgId = this.value;
    // Stryker disable next-line EqualityOperator: a position is past the 9-byte prefix, never 0
    if (i >= 0) {
      this.stage = AT_TOPIC;
      this.stageAt = i - start;
    }
    return i;
  }

  /**
   * At `i` (or an earlier step's failure, passed on): 1 to `max` decimal digits and a comma.
   * Returns the position after the comma; the value is in `this.value`.
   */
  private number(i: number, max: number): number {
    // Stryker disable next-line EqualityOperator: a position is past the 9-byte prefix, never 0
    if (i < 0) return i;
    const b = this.bytes;
    const first = i;
    let v = 0;
    while ((b[i] - 48) >>> 0 < 10) v = v * 10 + (b[i++] - 48);
    this.value = v;
    const digits = i - first;
    if (i >= this.end) return digits > max ? HEADER_INVALID : HEADER_PARTIAL;
    return (digits - 1) >>> 0 < max && b[i] === COMMA ? i + 1 : HEADER_INVALID;
  }

  /**
   * An unquoted topic (older firmware) and the comma that ends it. A quoted topic never
   * comes here: `whole` and `topicAgain` read those.
   */
  private topic(start: number, i: number): number {
    // At the end, the search below finds nothing and openTopic answers PARTIAL.
    // Stryker disable next-line EqualityOperator: a position is past the 9-byte prefix, never 0
    if (i < 0) return i;
    const end = this.end;
    // Stryker disable next-line EqualityOperator: at first + MAX_TOPIC === end both limits stop the search at bytes[end], the 0 after the data
    const limit = i + MAX_TOPIC < end ? i + MAX_TOPIC + 1 : end;
    // Stryker disable next-line EqualityOperator: where the two are equal, either is the answer
    const from = this.searched > i ? this.searched : i;
    const comma = findByte(this.bytes, from, limit, COMMA);
    if (comma >= limit) return this.openTopic(start, i, from);
    this.topicOffset = i - start;
    this.topicLength = comma - i;
    // `length` records the resume point if the length is not all here.
    return comma + 1;
  }

  /**
   * A topic not closed in the bytes so far: garbage if it is too long or holds a line end.
   * Only such a topic is searched for line ends (from `from`: the bytes before were, by the
   * read this one resumes): garbage that swallowed one and closed must still be followed by
   * `,<len>,`.
   */
  private openTopic(start: number, first: number, from: number): number {
    const end = this.end;
    // Longer than MAX_TOPIC is also what stopped a search bounded by it short of the end.
    if (end - first > MAX_TOPIC || findLineEnd(this.bytes, this.words, from, end) < end) return HEADER_INVALID;
    this.openTo = end - start;
    return HEADER_PARTIAL;
  }

  /**
   * The payload length (1-10 digits, at most MAX_PAYLOAD) and its comma, then whether the
   * payload is quoted: where it starts. The usual case here, anything else field by field.
   */
  private length(b: Uint8Array, start: number, i: number, end: number): number {
    let k = i;
    let c = b[k];
    let v = 0;
    while ((c - 48) >>> 0 < 10) {
      v = v * 10 + c - 48;
      c = b[++k];
    }
    if (c !== COMMA || (k - i - 1) >>> 0 >= 10 || v > MAX_PAYLOAD || k + 1 >= end) return this.lengthFails(b, start, i, end);
    this.bodyLength = v;
    // -1 when the payload is quoted, else 0 (no branch): where it starts, what closes it.
    const quoted = ((b[k + 1] ^ QUOTE) - 1) >> 31;
    this.bodyClose = ((QUOTE + 1) & quoted) - 1;
    return k + 1 - quoted - start;
  }

  /** The length field is not whole and well formed (`length` read it inline otherwise). */
  private lengthFails(b: Uint8Array, start: number, i: number, end: number): number {
    // What the next read (more of this header) resumes from.
    this.bytes = b;
    this.end = end;
    this.stage = AT_LENGTH;
    this.stageAt = i - start;
    i = this.number(i, 10);
    // Stryker disable next-line EqualityOperator: a position is past the 9-byte prefix, never 0
    if (i >= 0 && this.value > MAX_PAYLOAD) return HEADER_INVALID;
    // Digits and their comma, and nothing after them yet.
    // Stryker disable next-line EqualityOperator: a position is past the 9-byte prefix, never 0
    return i < 0 ? i : HEADER_PARTIAL;
  }
}
