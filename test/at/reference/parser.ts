import { ascii, couldStartWith, CR, equals, LF, PROMPT, QUOTE, SPACE, startsWith } from "./bytes";
import { HEADER_OK, HEADER_PARTIAL, RecvHeader } from "./recv-header";
import { RxRing } from "./ring";

export const FINAL_OK = 0;
export const FINAL_ERROR = 1;
export const FINAL_CME_ERROR = 2;
export const FINAL_CMS_ERROR = 3;

/** The counted payload was not followed by its closing quote and line end: bytes were lost. */
export const RECV_CORRUPT = 1;
/** The message is larger than the ring can hold; it was skipped by count. */
export const RECV_OVERSIZE = 2;

/**
 * What the parser reports. Offsets point into the ring's storage and are valid only during
 * the call: a consumer that needs text makes its string there.
 */
export interface AtSink {
  /** A final result code; `code` is the CME/CMS number (-1 if absent or not numeric). */
  final(result: number, code: number): void;
  /** Any other non-empty line: information response, URC or echo. */
  line(bytes: Uint8Array, offset: number, length: number): void;
  /** The data prompt `>` at the start of a line. */
  prompt(): void;
  /** A length-framed +QMTRECV whose framing checked out. */
  recv(header: RecvHeader, bytes: Uint8Array): void;
  /** A +QMTRECV that cannot be delivered; it has been consumed. */
  recvError(client: number, msgId: number, reason: number): void;
}

export interface AtParserStats {
  /** Bytes discarded from lines longer than the ring can hold. */
  overlongBytes: number;
  /** +QMTRECV frames reported corrupt or oversize. */
  badFrames: number;
}

const MODE_LINE = 0;
const MODE_SKIP_LINE = 1;
const MODE_FRAME = 2;
const MODE_SKIP_FRAME = 3;
/** Reading a +QMTRECV header across chunks. */
const MODE_HEADER = 4;
/** A line that began like +QMTRECV but is not one: a plain line. */
const MODE_PLAIN_LINE = 5;

const WAIT = 0;
const MORE = 1;

const OK = ascii("OK");
const ERROR = ascii("ERROR");
const CME = ascii("+CME ERROR:");
const CMS = ascii("+CMS ERROR:");
const QMTRECV = ascii("+QMTRECV:");
/** Longest header worth waiting for: prefix, two numbers, a 256-byte topic, a length. */
const MAX_HEADER = 9 + 1 + 2 + 11 + 2 + 256 + 2 + 11 + 1;

/**
 * TEST-ONLY REFERENCE: the streaming parser as it was before the rewrite of issue 8
 * (src/at/parser.ts at 208a73e), kept unchanged so the differential property test
 * (test/at/parser.differential.test.ts) can prove the new parser reports the same events
 * and the bench can show what it cost. Not part of the firmware.
 *
 * Streaming parser of modem output. Bytes are fed in chunks of any size; events come out
 * the same however the stream was split. It scans the ring in place (native `indexOf` for
 * line ends, byte comparison to classify), so the steady state allocates nothing.
 *
 * Lines end at CR or LF; empty lines are skipped. A +QMTRECV is read by its length field,
 * never by line ends, because its payload may hold any byte.
 */
export class AtParser {
  readonly ring: RxRing;
  readonly stats: AtParserStats = { overlongBytes: 0, badFrames: 0 };
  private readonly sink: AtSink;
  private readonly header = new RecvHeader();
  /** Longest line or frame held whole; the rest of the ring takes the next chunk. */
  private readonly maxLine: number;
  private mode = MODE_LINE;
  private afterPrompt = false;
  private skipRemaining = 0;
  private pumping = false;
  /** The ring's `slid` when header offsets were last valid. */
  private seenSlid = 0;

  constructor(options: { sink: AtSink; capacity?: number; chunk?: number }) {
    const capacity = options.capacity ?? 1536;
    const chunk = options.chunk ?? 128;
    this.sink = options.sink;
    this.ring = new RxRing(capacity + chunk, chunk);
    this.maxLine = capacity;
  }

  /**
   * Store bytes [0, length) of `chunk` and report every complete event. A chunk larger than
   * the ring's free space goes in parts, parsing between them, so big host reads lose nothing.
   */
  feed(chunk: Uint8Array, length: number): void {
    let offset = 0;
    while (offset < length) {
      const room = this.ring.free;
      const part = length - offset < room ? length - offset : room;
      // No room even after parsing (only under re-entry): the ring counts the loss.
      if (part === 0) return void this.ring.write(chunk, offset, length - offset);
      offset += this.ring.write(chunk, offset, part);
      this.pump();
    }
  }

  /** True while a +QMTRECV header or counted payload is incomplete. */
  get framing(): boolean {
    return this.mode === MODE_HEADER || this.mode === MODE_FRAME || this.mode === MODE_SKIP_FRAME;
  }

  /**
   * Give up a frame whose bytes stopped coming (lost, or a garbage header): it is reported
   * corrupt and the parser starts again from what arrives next.
   */
  abandonFrame(): void {
    if (this.mode === MODE_FRAME || this.mode === MODE_SKIP_FRAME) this.frameFailed(RECV_CORRUPT);
    this.resync();
  }

  /** Forget any partial line or frame (after a command timeout or a module reboot). */
  resync(): void {
    this.ring.clear();
    this.mode = MODE_LINE;
    this.afterPrompt = false;
  }

  /** Report all complete events in the ring. Safe against re-entry from a sink. */
  pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    const ring = this.ring;
    try {
      // Most steps start a plain line: that case skips the mode switch.
      while (ring.tail > ring.head && (this.mode === MODE_LINE && ring.slid === this.seenSlid ? this.lineStep() : this.step()) === MORE);
    } finally {
      // A sink that threw must not leave the ring pinned.
      ring.held = 0;
      this.pumping = false;
    }
  }

  private step(): number {
    const slid = this.ring.slid;
    if (slid !== this.seenSlid) {
      // Bytes moved toward the front: so must a pending header's offsets.
      this.header.shift(this.seenSlid - slid);
      this.seenSlid = slid;
    }
    switch (this.mode) {
      case MODE_LINE:
        return this.lineStep();
      case MODE_HEADER:
        return this.headerStep();
      case MODE_FRAME:
        return this.frameStep();
      case MODE_PLAIN_LINE:
        return this.plainLineStep();
      case MODE_SKIP_LINE:
        return this.skipLineStep();
      default:
        return this.skipFrameStep();
    }
  }

  private lineStep(): number {
    const ring = this.ring;
    const bytes = ring.bytes;
    const tail = ring.tail;
    let head = ring.head;
    // Line ends and empty lines go in one run.
    while (head < tail && (bytes[head] === CR || bytes[head] === LF)) head++;
    if (head === tail) return this.consume(head - ring.head);
    ring.discard(head - ring.head);
    const first = bytes[head];
    if (this.spaceAfterPrompt(first)) return this.consume(1);
    if (first === PROMPT) return this.promptStep();
    if (first === QMTRECV[0]) return this.recvStart();
    return this.plainLineStep();
  }

  // The prompt may be `> `: its space is part of it, however the bytes were split.
  private spaceAfterPrompt(first: number): boolean {
    if (!this.afterPrompt) return false;
    this.afterPrompt = false;
    return first === SPACE;
  }

  private promptStep(): number {
    this.afterPrompt = true;
    this.consume(1);
    this.sink.prompt();
    return MORE;
  }

  private plainLineStep(): number {
    const ring = this.ring;
    const end = lineEnd(ring.bytes, ring.head, ring.tail);
    if (end < 0) return this.waitForLineEnd();
    this.mode = MODE_LINE;
    this.dispatchLine(ring.head, end - ring.head);
    ring.discard(end - ring.head + 1);
    return MORE;
  }

  private waitForLineEnd(): number {
    const ring = this.ring;
    if (ring.available < this.maxLine) return WAIT;
    this.stats.overlongBytes += ring.available;
    this.mode = MODE_SKIP_LINE;
    ring.clear();
    return WAIT;
  }

  private skipLineStep(): number {
    const ring = this.ring;
    const end = lineEnd(ring.bytes, ring.head, ring.tail);
    const count = end < 0 ? ring.available : end - ring.head;
    this.stats.overlongBytes += count;
    ring.discard(end < 0 ? count : count + 1);
    if (end < 0) return WAIT;
    this.mode = MODE_LINE;
    return MORE;
  }

  private dispatchLine(offset: number, length: number): void {
    const ring = this.ring;
    const bytes = ring.bytes;
    const result = finalResult(bytes, offset, length);
    ring.held++;
    if (result < 0) this.sink.line(bytes, offset, length);
    else this.sink.final(result, result >= FINAL_CME_ERROR ? errorCode(bytes, offset + CME.length, offset + length) : -1);
    ring.held--;
  }

  /** A line that starts like `+QMTRECV:` may be a frame: read its header. */
  private recvStart(): number {
    const ring = this.ring;
    const available = ring.tail - ring.head;
    if (!couldStartWith(ring.bytes, ring.head, available, QMTRECV)) return this.plainLineStep();
    if (available < QMTRECV.length) return WAIT;
    this.header.begin(ring.head + QMTRECV.length);
    this.mode = MODE_HEADER;
    return MORE;
  }

  private headerStep(): number {
    const ring = this.ring;
    const r = this.header.read(ring.bytes, ring.tail);
    if (r === HEADER_OK) return this.startFrame();
    if (r === HEADER_PARTIAL && ring.tail - ring.head <= MAX_HEADER) return WAIT;
    this.mode = MODE_PLAIN_LINE;
    return MORE;
  }

  private startFrame(): number {
    const h = this.header;
    const frame = h.payloadStart - this.ring.head + h.payloadLength + this.trailerLength();
    if (frame <= this.maxLine) {
      this.mode = MODE_FRAME;
      return MORE;
    }
    // Too big to hold: consume the header now and skip the payload by count.
    this.ring.discard(h.payloadStart - this.ring.head);
    this.skipRemaining = h.payloadLength;
    this.mode = MODE_SKIP_FRAME;
    return MORE;
  }

  private trailerLength(): number {
    return this.header.quoted ? 2 : 1;
  }

  private frameStep(): number {
    const ring = this.ring;
    const h = this.header;
    const payloadEnd = h.payloadStart + h.payloadLength;
    if (payloadEnd + this.trailerLength() > ring.tail) return WAIT;
    const good = this.trailerAt(payloadEnd);
    if (good) this.dispatchRecv();
    else this.frameFailed(RECV_CORRUPT);
    ring.discard(payloadEnd + (h.quoted ? 1 : 0) - ring.head);
    this.mode = good ? MODE_LINE : MODE_SKIP_LINE;
    return MORE;
  }

  private skipFrameStep(): number {
    const ring = this.ring;
    if (this.skipRemaining > 0) {
      const n = ring.available < this.skipRemaining ? ring.available : this.skipRemaining;
      ring.discard(n);
      this.skipRemaining -= n;
      return this.skipRemaining > 0 ? WAIT : MORE;
    }
    if (ring.available < this.trailerLength()) return WAIT;
    const good = this.trailerAt(ring.head);
    this.frameFailed(good ? RECV_OVERSIZE : RECV_CORRUPT);
    ring.discard(this.header.quoted ? 1 : 0);
    this.mode = good ? MODE_LINE : MODE_SKIP_LINE;
    return MORE;
  }

  /** The bytes after a counted payload must be the closing quote (if quoted) and a line end. */
  private trailerAt(at: number): boolean {
    const bytes = this.ring.bytes;
    if (this.header.quoted) {
      if (bytes[at] !== QUOTE) return false;
      at++;
    }
    return bytes[at] === CR || bytes[at] === LF;
  }

  private dispatchRecv(): void {
    const ring = this.ring;
    ring.held++;
    this.sink.recv(this.header, ring.bytes);
    ring.held--;
  }

  private frameFailed(reason: number): void {
    this.stats.badFrames++;
    this.sink.recvError(this.header.client, this.header.msgId, reason);
  }

  private consume(count: number): number {
    this.ring.discard(count);
    return MORE;
  }
}

/**
 * Index of the first CR or LF in [from, tail), or -1. The ring's CR LF sentinel just past
 * the tail bounds both scans, so both always find something.
 */
function lineEnd(bytes: Uint8Array, from: number, tail: number): number {
  const cr = bytes.indexOf(CR, from);
  const lf = bytes.indexOf(LF, from);
  const end = cr < lf ? cr : lf;
  return end < tail ? end : -1;
}

// The first byte picks the one candidate worth comparing: most lines are URCs.
function finalResult(bytes: Uint8Array, offset: number, length: number): number {
  const first = bytes[offset];
  if (first === 79) return equals(bytes, offset, length, OK) ? FINAL_OK : -1;
  if (first === 69) return equals(bytes, offset, length, ERROR) ? FINAL_ERROR : -1;
  return first === 43 && bytes[offset + 1] === 67 ? errorResult(bytes, offset, length) : -1;
}

function errorResult(bytes: Uint8Array, offset: number, length: number): number {
  if (startsWith(bytes, offset, length, CME)) return FINAL_CME_ERROR;
  return startsWith(bytes, offset, length, CMS) ? FINAL_CMS_ERROR : -1;
}

/** The number after "+CME ERROR:"; -1 for verbose text or nothing. */
function errorCode(bytes: Uint8Array, from: number, end: number): number {
  while (from < end && bytes[from] === SPACE) from++;
  if (from === end || end - from > 6) return -1;
  let v = 0;
  for (; from < end; from++) {
    const c = bytes[from];
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}
