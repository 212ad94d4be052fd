import { CR, LF, PROMPT, SPACE } from "./bytes";
import { constant } from "./constant";
import { COUNTED_CORRUPT, COUNTED_OVERSIZE, CountedUrc, HEADER_PARTIAL } from "./counted";
import { RxRing } from "./ring";

export const FINAL_OK = 0;
export const FINAL_ERROR = 1;
export const FINAL_CME_ERROR = 2;
export const FINAL_CMS_ERROR = 3;

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
  /**
   * A counted URC whose framing checked out: its header starts at `at`, its body of
   * `urc.bodyLength` bytes at `body`. The reader still holds what it read from the header.
   */
  counted(urc: CountedUrc, bytes: Uint8Array, at: number, body: number): void;
  /** A counted URC that cannot be delivered (COUNTED_CORRUPT or _OVERSIZE); it has been consumed. */
  countedError(urc: CountedUrc, reason: number): void;
}

/** Who takes a raw stream (see AtParser.stream): its pieces, in order, offsets valid during the call. */
export interface RawConsumer {
  raw(bytes: Uint8Array, offset: number, length: number): void;
}

export interface AtParserStats {
  /** Bytes discarded from lines longer than the ring can hold. */
  overlongBytes: number;
  /** Counted URCs reported corrupt or oversize. */
  badFrames: number;
}

export interface AtParserOptions {
  sink: AtSink;
  /** Longest line or counted URC held whole. Default 1536. */
  capacity?: number;
  /** Largest UART read. Default 128. */
  chunk?: number;
  /** The dialect's counted URCs (see ./counted.ts), checked in order. */
  counted?: CountedUrc[];
}

// What the previous read left open. In MODE_LINE, nothing: the head is a line boundary.
const MODE_LINE = 0;
/** A `>` came last: a space (after line ends, even) is still part of it. */
const MODE_AFTER_PROMPT = 1;
/** A line whose end has not come; `scanned` bytes of it were searched. */
const MODE_PARTIAL = 2;
/** Dropping the rest of an overlong line, or what follows a corrupt frame. */
const MODE_SKIP_LINE = 3;
/** Handing a command's raw answer (after `CONNECT`) to its consumer, by count. */
const MODE_STREAM = 4;
// Before a stream's data: the head is on the end byte of the line that began it; past a CR, an LF may follow.
const SKIP_LINE_END = 2;
const SKIP_LF = 1;
/** A counted URC's header is incomplete. */
const MODE_HEADER = 5;
/** A counted URC's body (or its closing bytes) is incomplete. */
const MODE_FRAME = 6;
/** Skipping the body of a counted URC too large to hold, by count. */
const MODE_SKIP_FRAME = 7;

const PLUS = 43;
const LETTER_E = 69;
const LETTER_K = 75;
const LETTER_O = 79;
/** Bits 10 (LF) and 13 (CR): `(LINE_ENDS >> c) & 1` tells a line end among bytes below 32. */
const LINE_ENDS = (1 << LF) | (1 << CR);
/** A line's first byte, length and second byte in one number (a line is far below 2^16). */
const OK_KEY = LETTER_O * 0x1000000 + 2 * 256 + LETTER_K;
/** `CM` (of `+CME ERROR:`, `+CMS ERROR:`) as one number, high byte first. */
const CM = 67 * 256 + 77;
/** Length of `+CME ERROR:` and `+CMS ERROR:`. */
const CM_ERROR_LENGTH = 11;
/** What follows `+CME` or `+CMS`: ` ERROR:`. */
const ERROR_TEXT = constant([32, 69, 82, 82, 79, 82, 58]);
// Above its first use: Espruino does not hoist function declarations.
function byteSet(members: number[]): Uint8Array {
  const set = new Uint8Array(256);
  // Stryker disable next-line EqualityOperator: set[undefined] is no index of the table; lookups never see it
  for (let i = 0; i < members.length; i++) set[members[i]] = 1;
  return set;
}

/**
 * First bytes the hot loop hands to `start` (one table lookup instead of a chain of tests):
 * `>`, `+` (a counted URC, or `+CME ERROR:`), `E` (`ERROR`), and control bytes, among them
 * the 0 after the data.
 */
const SPECIAL_START = byteSet([PROMPT, PLUS, LETTER_E, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12]);

/**
 * Streaming parser of modem output. Bytes are fed in chunks of any size; events come out
 * the same however the stream was split. It scans the ring in place, so the steady state
 * allocates nothing.
 *
 * Lines end at CR or LF; empty lines are skipped. A line whose start matches a registered
 * counted URC is read by the count its header gives, never by line ends, because its body
 * may hold any byte.
 *
 * Cost is what shapes the code: XS charges every bytecode and every call, and the ESP32
 * runs it 50-150 times slower than a PC. Each byte is looked at once: an ordinary line is
 * found, classified and reported inside one loop that stops at the ring's 0 sentinel; a
 * partial line is resumed where the last chunk stopped; a counted body is skipped by its
 * length; a read that only adds to a frame's body returns at once. State lives in fields
 * between chunks and in locals within one.
 */
export class AtParser {
  readonly ring: RxRing;
  readonly stats: AtParserStats = { overlongBytes: 0, badFrames: 0 };
  private readonly sink: AtSink;
  private readonly bytes: Uint8Array;
  private counted: CountedUrc[];
  /** Bytes 1-3 of each counted prefix as one number: most `+` lines differ there. */
  private readonly keys: number[] = [];
  /** Longest line or frame held whole; the rest of the ring takes the next chunk. */
  private readonly maxLine: number;
  private mode = MODE_LINE;
  /** How much of a partial line, from the head, was already searched for its end. */
  private scanned = 0;
  /** The counted URC being read (modes HEADER, FRAME, SKIP_FRAME). */
  private urc: CountedUrc | null = null;
  /** How many bytes of it the last partial header read had (mode HEADER). */
  private headerSeen = 0;
  /** Where its body starts, from the head (mode FRAME). */
  private bodyOffset = 0;
  /** Bytes from the head a held frame needs before it can be checked (mode FRAME), else 0. */
  private needed = 0;
  /** Body bytes still to skip (mode SKIP_FRAME) or to stream (mode STREAM). */
  private skipRemaining = 0;
  /** Mode STREAM: where its bytes go. */
  private consumer: RawConsumer | null = null;
  /** Mode STREAM: line-end bytes still to pass before the data (SKIP_*). */
  private streamSkip = 0;

  constructor(options: AtParserOptions) {
    const capacity = options.capacity ?? 1536;
    const chunk = options.chunk ?? 128;
    this.sink = options.sink;
    this.counted = [];
    this.setCounted(options.counted ?? []);
    this.ring = new RxRing(capacity + chunk, chunk);
    this.bytes = this.ring.bytes;
    this.maxLine = capacity;
  }

  /**
   * Store bytes [0, length) of `chunk` and report every complete event. A chunk larger than
   * the ring's free space goes in parts, parsing between them, so big host reads lose nothing.
   *
   * `words`, if given, is the same storage as `chunk` seen as 32-bit words (a host that reads
   * every time into one buffer makes it once). While the ring's tail is on a word boundary,
   * the read is then stored a word at a time: XS meters a native copy per element, so that
   * costs a quarter of a byte copy (78 compute for 128 bytes instead of 270, the largest
   * fixed cost of a read). Full FIFO reads keep the tail on a word boundary; after a read of
   * another length the bytes are copied one by one until the ring empties.
   */
  feed(chunk: Uint8Array, length: number, words?: Int32Array): void {
    const ring = this.ring;
    const bytes = this.bytes;
    const tail = ring.tail;
    // Stryker disable next-line EqualityOperator: at equality the length is already the chunk's
    if (length > chunk.length) length = chunk.length;
    // The usual read: all of a buffer no larger than the slack, and it fits without a slide.
    // Stored here rather than by ring.write, a call less per read. (Where the shortcut is not
    // taken, feedParts stores and parses the same bytes: only the cost differs.)
    if (
      // Stryker disable next-line ConditionalExpression,EqualityOperator: without room, feedParts slides first and stores the same
      tail + length <= ring.capacity &&
      tail + chunk.length <= bytes.length &&
      // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: held (a sink feeding more), ring.write stores at the tail just the same, and pump waits for the outer parse either way
      ring.held === 0) {
      // The tail on a word boundary, and `words` all of `chunk`: both tests in one number.
      if (words !== undefined && ((tail & 3) | ((words.length << 2) ^ chunk.length)) === 0) ring.words.set(words, tail >> 2);
      else bytes.set(chunk, tail);
      ring.tail = tail + length;
      bytes[tail + length] = 0;
      // A read that only adds to a frame's body leaves nothing to do: no call for it.
      // Stryker disable next-line ConditionalExpression,ArithmeticOperator: pump() makes the same test first and returns
      if (tail + length - ring.head >= this.needed) this.pump();
      return;
    }
    this.feedParts(chunk, length);
  }

  private feedParts(chunk: Uint8Array, length: number): void {
    const ring = this.ring;
    let offset = 0;
    // Stryker disable next-line EqualityOperator: at offset === length the part is 0, and writing 0 bytes stores nothing
    while (offset < length) {
      // ring.free, without the call.
      const room = ring.capacity - (ring.held > 0 ? ring.tail : ring.tail - ring.head);
      const part = length - offset < room ? length - offset : room;
      // No room even after parsing (only under re-entry): the ring counts the loss.
      if (part === 0) return void ring.write(chunk, offset, length - offset);
      offset += ring.write(chunk, offset, part);
      this.pump();
    }
  }

  /**
   * The counted URCs from now on (a module identified after boot frames its messages its own
   * way). A frame being read when they change is finished by its old reader.
   */
  setCounted(counted: CountedUrc[]): void {
    this.counted = counted;
    this.keys.splice(0, this.keys.length);
    for (let u = 0; u < counted.length; u++) this.keys.push(prefixKey(counted[u].prefix));
  }

  /** True while a counted URC's header or body is incomplete. */
  get framing(): boolean {
    return this.mode >= MODE_HEADER;
  }

  /** Raw bytes still owed to the stream's consumer (0 when not streaming). */
  get streaming(): number {
    return this.mode === MODE_STREAM ? this.skipRemaining : 0;
  }

  /**
   * Call from `line`, for the line being reported (such as `CONNECT`): the next `length`
   * bytes after that line's end (CR, LF or CR LF) are the command's raw answer (a download),
   * whatever they hold. They go to `consumer` as they arrive, never held whole nor scanned,
   * and lines resume after them. A reset (resync) ends the stream.
   */
  stream(length: number, consumer: RawConsumer): void {
    this.consumer = consumer;
    this.skipRemaining = length;
    this.mode = MODE_STREAM;
    this.streamSkip = SKIP_LINE_END;
    // Back onto the line's (consumed) end byte: the line loop sees the head move and stops.
    this.ring.head--;
  }

  /**
   * Give up a frame whose bytes stopped coming (lost, or a garbage header): it is reported
   * corrupt and the parser starts again from what arrives next.
   */
  abandonFrame(): void {
    if (this.mode >= MODE_FRAME) this.report(COUNTED_CORRUPT);
    this.resync();
  }

  /** Forget any partial line or frame (after a command timeout or a module reboot). */
  resync(): void {
    this.ring.clear();
    this.mode = MODE_LINE;
    this.needed = 0;
    this.consumer = null;
  }

  /** Report all complete events in the ring. Safe against re-entry from a sink. */
  pump(): void {
    const ring = this.ring;
    // While a frame's body streams in, most reads leave nothing to do.
    // Held while parsing: a sink that feeds more bytes must not slide the ones being read,
    // nor parse them before the bytes ahead of them (the hold is also the re-entry guard).
    if (ring.held !== 0 || ring.tail - ring.head < this.needed) return;
    ring.held = 1;
    try {
      let i = ring.head;
      const mode = this.mode;
      this.mode = MODE_LINE;
      // A frame's body, the usual thing a read completes, without the dispatch in `resume`.
      i = mode === MODE_FRAME ? this.frameEnd(i) : mode === MODE_LINE ? i : this.resume(i, mode);
      // Stryker disable next-line ConditionalExpression: lines() loops only while i is the head, so it returns at once otherwise
      if (i === ring.head) this.lines(i);
      // A sink began a stream inside the line loop: the rest of this read may be its data.
      // Stryker disable next-line ConditionalExpression: streamRest() loops only in MODE_STREAM
      if (this.mode === MODE_STREAM) this.streamRest();
    } finally {
      // A sink that threw must not leave the ring pinned.
      ring.held = 0;
      // All consumed: start again at the front (ring.clear, inlined: most reads end here;
      // already there, it changes nothing).
      if (ring.head === ring.tail) {
        ring.slid += ring.head;
        ring.head = 0;
        ring.tail = 0;
        this.bytes[0] = 0;
      }
    }
  }

  /** Carry on with what the previous read left open: the new head, or -1 to wait again. */
  private resume(i: number, mode: number): number {
    if (mode === MODE_PARTIAL) return this.lineFrom(i, i + this.scanned);
    if (mode === MODE_HEADER) return this.header(this.urc as CountedUrc, i, this.headerSeen);
    if (mode === MODE_AFTER_PROMPT) return this.promptSpace(i);
    if (mode === MODE_STREAM) return this.streamed(i);
    return mode === MODE_SKIP_FRAME ? this.skipFrame(i) : this.skipLine(i);
  }

  /**
   * The hot loop: from a line boundary, one event per turn. An ordinary line is found,
   * consumed and reported right here; other first bytes go to `start`. Every step consumes
   * its event (ring.head) before it calls the sink, so a sink that throws loses nothing else,
   * and leaves `i` at the new head, or -1 when it stopped to wait for bytes (having saved its
   * state). A head that moved otherwise means the sink resynced the parser: stop.
   */
  private lines(i: number): void {
    const b = this.bytes;
    const ring = this.ring;
    const sink = this.sink;
    while (i === ring.head) {
      let c = b[i];
      // Line ends and empty lines.
      while (c === LF || c === CR) c = b[++i];
      // Stryker disable next-line ConditionalExpression: start() hands any other first byte to lineFrom, which finds and reports the same line (at a higher cost)
      if (SPECIAL_START[c] !== 0) {
        i = this.start(i, c);
        continue;
      }
      let e = i;
      // Stops at CR, LF, the 0 after the data, or another control byte.
      while (b[++e] > 13);
      // Stryker disable next-line ConditionalExpression: lineFrom finds the same end at e and reports the line the same (these lines start with no + or E)
      if (((LINE_ENDS >> b[e]) & 1) === 0) {
        i = this.lineFrom(i, e);
        continue;
      }
      ring.head = e + 1;
      if (b[i] * 0x1000000 + (e - i) * 256 + b[i + 1] === OK_KEY) sink.final(FINAL_OK, -1);
      else sink.line(b, i, e - i);
      i = e + 1;
    }
  }

  /**
   * A line starting with a byte the hot loop does not handle: the new head, or -1. `+` is
   * tested first (URCs and counted frames are the most common of these), the prompt next.
   */
  private start(i: number, c: number): number {
    if (c === PLUS) return this.plus(i);
    const ring = this.ring;
    if (c === PROMPT) {
      // The prompt may be `> `: its space is part of it, however the bytes were split.
      // Stryker disable next-line ConditionalExpression: barePrompt reports the prompt and promptSpace then takes the space: the same events
      if (this.bytes[i + 1] !== SPACE) return this.barePrompt(i);
      ring.head = i + 2;
      this.sink.prompt();
      return i + 2;
    }
    if (i < ring.tail) return this.lineFrom(i, i + 1);
    // The 0 after the data: all of it is consumed.
    ring.head = i;
    return -1;
  }

  /** A `>` not followed by its space (yet): the space may come after line ends, or later. */
  private barePrompt(i: number): number {
    const ring = this.ring;
    ring.head = i + 1;
    this.sink.prompt();
    // Stryker disable next-line ArithmeticOperator: a sink moved the head; any value but the new head stops the line loop
    return ring.head === i + 1 ? this.promptSpace(i + 1) : i + 1;
  }

  /** The space of a `> ` prompt may come after line ends, or in a later chunk. */
  private promptSpace(i: number): number {
    const b = this.bytes;
    let c = b[i];
    while ((c - CR) * (c - LF) === 0) c = b[++i];
    if (i >= this.ring.tail) return this.wait(MODE_AFTER_PROMPT, i);
    return (this.ring.head = c === SPACE ? i + 1 : i);
  }

  /** A line starting `+`: a counted URC if a registered prefix matches, else a plain line. */
  private plus(i: number): number {
    const b = this.bytes;
    // Stryker disable next-line EqualityOperator: with exactly four bytes, plusShort decides the same as plus (wait while a prefix may match)
    if (i + 4 > this.ring.tail) return this.plusShort(i);
    const key = b[i + 1] * 65536 + b[i + 2] * 256 + b[i + 3];
    const urcs = this.counted;
    const keys = this.keys;
    // Where the search for the line end starts: bytes that matched a prefix (printable) hold none.
    let from = i + 1;
    // Stryker disable next-line EqualityOperator: keys[urcs.length] is undefined, which no key equals
    for (let u = 0; u < urcs.length; u++) {
      if (key !== keys[u]) continue;
      const prefix = urcs[u].prefix;
      let k = 4;
      // prefix[length] is undefined and equals no byte: the loop needs no bound.
      while (b[i + k] === prefix[k]) k++;
      if (k === prefix.length) return this.header(urcs[u], i, 0);
      // The bytes ran out (the sentinel matches no prefix byte): it may still be one.
      if (i + k >= this.ring.tail) return this.wait(MODE_LINE, i);
      from = i + k;
    }
    return this.lineFrom(i, from);
  }

  /** A `+` line with fewer than four bytes so far: byte by byte, waiting while it may match. */
  private plusShort(i: number): number {
    const urcs = this.counted;
    const b = this.bytes;
    for (let u = 0; u < urcs.length; u++) {
      const prefix = urcs[u].prefix;
      let k = 1;
      while (b[i + k] === prefix[k]) k++;
      if (i + k >= this.ring.tail) return this.wait(MODE_LINE, i);
    }
    return this.lineFrom(i, i + 1);
  }

  /**
   * The line starting at `start`: find its end from `e` (resumed at the old tail when the end
   * was not in the last chunk, so no byte is searched twice), consume and report it.
   */
  private lineFrom(start: number, e: number): number {
    const b = this.bytes;
    const tail = this.ring.tail;
    for (;;) {
      while (b[e] > 13) e++;
      if (((LINE_ENDS >> b[e]) & 1) !== 0) break;
      // The 0 after the data, or a control byte inside the line.
      if (e >= tail) return this.partial(start, tail);
      e++;
    }
    this.ring.head = e + 1;
    // Most lines here are URCs (`+` then anything but the CM of +CME/+CMS ERROR).
    // Stryker disable next-line ConditionalExpression: maybeFinal reports any other + line as a line too (cmError says no)
    if (b[start] === PLUS && b[start + 1] * 256 + b[start + 2] !== CM) this.sink.line(b, start, e - start);
    else this.maybeFinal(start, e - start);
    return e + 1;
  }

  /** A line that may be a final result code: `OK`, `ERROR`, `+CME ERROR: <n>`, `+CMS ERROR: <n>`. */
  private maybeFinal(start: number, length: number): void {
    const b = this.bytes;
    const f = b[start];
    let result = -1;
    if (f * 0x1000000 + length * 256 + b[start + 1] === OK_KEY) result = FINAL_OK;
    else if (f === LETTER_E) result = plainError(b, start, length);
    // A `+` line comes here only if it starts `+CM` (lineFrom sends the others to the sink).
    else if (f === PLUS) result = cmError(b, start);
    if (result < 0) this.sink.line(b, start, length);
    else this.sink.final(result, result >= FINAL_CME_ERROR ? errorCode(b, start + CM_ERROR_LENGTH, start + length) : -1);
  }

  /** The line's end has not come: remember how far it was searched, or drop it if too long. */
  private partial(start: number, tail: number): number {
    if (tail - start < this.maxLine) {
      this.scanned = tail - start;
      return this.wait(MODE_PARTIAL, start);
    }
    this.stats.overlongBytes += tail - start;
    return this.wait(MODE_SKIP_LINE, tail);
  }

  /** Drop bytes up to and including the next line end. */
  private skipLine(i: number): number {
    const b = this.bytes;
    const tail = this.ring.tail;
    let e = i;
    for (;;) {
      while (b[e] > 13) e++;
      if (((LINE_ENDS >> b[e]) & 1) !== 0 || e >= tail) break;
      e++;
    }
    this.stats.overlongBytes += e - i;
    if (e >= tail) return this.wait(MODE_SKIP_LINE, tail);
    return (this.ring.head = e + 1);
  }

  /** Slide the ring so that `i` is at its front (no sink holds an offset now): the new `i`. */
  private slide(i: number): number {
    const ring = this.ring;
    ring.head = i;
    ring.compact();
    return ring.head;
  }

  /** Stop until more bytes come, resuming in `mode` at `head`. */
  private wait(mode: number, head: number): number {
    this.mode = mode;
    this.ring.head = head;
    return -1;
  }

  // ---- a command's raw answer ----

  /** A stream begun by a line of this read: its data, then lines again (maybe another stream). */
  private streamRest(): void {
    const ring = this.ring;
    while (this.mode === MODE_STREAM && ring.head < ring.tail) {
      const i = this.streamed(ring.head);
      // Stryker disable next-line ConditionalExpression: lines() loops only while i is the head
      if (i === ring.head) this.lines(i);
    }
  }

  /** Hand what is here of the stream to its consumer; lines again (the new head) once it is all through, else -1. */
  private streamed(i: number): number {
    const ring = this.ring;
    // Stryker disable next-line ConditionalExpression: with nothing to skip, pastLineEnd returns i as it is
    if (this.streamSkip !== 0) i = this.pastLineEnd(i);
    const left = this.skipRemaining;
    // Stryker disable next-line EqualityOperator: at equality both branches give the same count
    const n = ring.tail - i < left ? ring.tail - i : left;
    this.skipRemaining = left - n;
    ring.head = i + n;
    const consumer = this.consumer as RawConsumer;
    // Set before the call: a consumer that resets the parser overrides it.
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a stream with 0 bytes left hands nothing on (n is 0) and gives way to lines at once, and any wait sets its own mode
    this.mode = left > n ? MODE_STREAM : MODE_LINE;
    // Stryker disable next-line ConditionalExpression: dropping the reference is for the collector; the consumer is called only while streaming
    if (left === n) this.consumer = null;
    if (n > 0) consumer.raw(this.bytes, i, n);
    // Stryker disable next-line ConditionalExpression,LogicalOperator,UnaryOperator: the caller parses lines only from a value equal to the head, which is the end of the data here
    return left === n && ring.head === i + n ? i + n : -1;
  }

  /** The end of the line that began the stream: its CR or LF, and an LF after a CR. */
  private pastLineEnd(i: number): number {
    const b = this.bytes;
    if (this.streamSkip === SKIP_LINE_END) {
      this.streamSkip = b[i] === CR ? SKIP_LF : 0;
      i++;
    }
    if (this.streamSkip === SKIP_LF && i < this.ring.tail) {
      this.streamSkip = 0;
      if (b[i] === LF) i++;
    }
    return i;
  }

  // ---- counted URCs ----

  private header(urc: CountedUrc, i: number, seen: number): number {
    const ring = this.ring;
    const tail = ring.tail;
    const body = urc.header(this.bytes, ring.words, i, tail, seen);
    this.urc = urc;
    // Stryker disable next-line ArithmeticOperator: a wrong count only makes the reader start the header over, which reads the same
    this.headerSeen = tail - i;
    // Stryker disable next-line EqualityOperator: a header is never 0 bytes long
    if (body < 0) return body === HEADER_PARTIAL && tail - i <= urc.maxHeader ? this.wait(MODE_HEADER, i) : this.lineFrom(i, i + 1);
    // Header, body, the closing byte if any (bodyClose >> 31 is -1 for none, else 0), line end.
    const size = body + urc.bodyLength + 2 + (urc.bodyClose >> 31);
    if (size > this.maxLine) {
      // Too big to hold: skip the body by count, then check how it ends.
      this.skipRemaining = urc.bodyLength;
      return this.skipFrame(i + body);
    }
    this.bodyOffset = body;
    // A frame that would end too close to the ring's end for the reads that complete it:
    // slide now, while only its header is here, rather than the whole body later.
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: sliding early or not (a write compacts the ring when it needs room) leaves the same bytes to parse; only the cost differs
    if (i + size > this.maxLine) i = this.slide(i);
    if (i + size <= ring.tail) return this.frameEnd(i);
    // The usual case: the body is still coming. Wait for all of it (wait(), inline).
    this.needed = size;
    this.mode = MODE_FRAME;
    ring.head = i;
    return -1;
  }

  /**
   * A frame held whole, its header at `i`, all of it here (pump calls this only once
   * `needed` bytes are in, header only when they were): check its closing bytes, deliver it.
   */
  private frameEnd(i: number): number {
    const urc = this.urc as CountedUrc;
    const close = urc.bodyClose;
    const body = i + this.bodyOffset;
    const end = body + urc.bodyLength;
    // After the closing byte if there is one (close >> 31 is -1 for none, else 0).
    const lineEnd = end + 1 + (close >> 31);
    const ring = this.ring;
    this.needed = 0;
    const b = this.bytes;
    const c = b[lineEnd];
    if ((c - CR) * (c - LF) !== 0 || (close >= 0 && b[end] !== close)) return this.frameFailed(COUNTED_CORRUPT, lineEnd);
    ring.head = lineEnd;
    this.sink.counted(urc, b, i, body);
    return lineEnd;
  }

  /** Skip an oversize body by count, then report it (oversize, or corrupt if it ends wrong). */
  private skipFrame(i: number): number {
    const urc = this.urc as CountedUrc;
    const tail = this.ring.tail;
    const skip = this.skipRemaining;
    // Stryker disable next-line EqualityOperator: at equality both branches give the same count
    const n = tail - i < skip ? tail - i : skip;
    this.skipRemaining = skip - n;
    i += n;
    // Stryker disable next-line EqualityOperator: bodyClose is a byte (a quote) or -1, never 0
    const lineEnd = urc.bodyClose >= 0 ? i + 1 : i;
    if (skip > n || lineEnd >= tail) return this.wait(MODE_SKIP_FRAME, i);
    return this.frameFailed(this.closed(urc, i) ? COUNTED_OVERSIZE : COUNTED_CORRUPT, lineEnd);
  }

  /** After a body ending before `end`: its closing byte, if it has one, then a line end. */
  private closed(urc: CountedUrc, end: number): boolean {
    const b = this.bytes;
    const close = urc.bodyClose;
    // Stryker disable next-line EqualityOperator: bodyClose is a byte (a quote) or -1, never 0
    const c = b[close >= 0 ? end + 1 : end];
    return (c === CR || c === LF) && (close < 0 || b[end] === close);
  }

  /** Report a frame not delivered; a corrupt one is followed by a skip to the next line end. */
  private frameFailed(reason: number, next: number): number {
    const ring = this.ring;
    ring.head = next;
    this.report(reason);
    // Stryker disable next-line UnaryOperator: a sink moved the head; any value but the new head stops the line loop
    if (ring.head !== next) return -1;
    return reason === COUNTED_CORRUPT ? this.skipLine(next) : next;
  }

  private report(reason: number): void {
    this.stats.badFrames++;
    this.sink.countedError(this.urc as CountedUrc, reason);
  }
}

function prefixKey(prefix: Uint8Array): number {
  return prefix[1] * 65536 + prefix[2] * 256 + prefix[3];
}

/** `ERROR`, exactly. */
function plainError(b: Uint8Array, at: number, length: number): number {
  return length === 5 && b[at + 1] === 82 && b[at + 2] === 82 && b[at + 3] === 79 && b[at + 4] === 82 ? FINAL_ERROR : -1;
}

/**
 * `+CME ERROR:` or `+CMS ERROR:`, in a whole line known to start `+CM`. A shorter line fails
 * the comparison at its line end (` ERROR:` holds no CR or LF), so its length is not tested.
 */
function cmError(b: Uint8Array, at: number): number {
  for (let k = 0; k < ERROR_TEXT.length; k++) if (b[at + 4 + k] !== ERROR_TEXT[k]) return -1;
  const kind = b[at + 3];
  return kind === LETTER_E ? FINAL_CME_ERROR : kind === 83 ? FINAL_CMS_ERROR : -1;
}

/** The number after "+CME ERROR:"; -1 for verbose text or nothing. */
function errorCode(bytes: Uint8Array, from: number, end: number): number {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the byte at `end` is the line end, never a space
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
