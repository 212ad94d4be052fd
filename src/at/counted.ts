/**
 * The one seam the parser offers a modem dialect: a URC whose header says how many raw bytes
 * follow it. Those bytes may hold anything (CR, LF, quotes, a fake `OK`), so they are framed
 * by that count alone, never by line ends, and skipped without being scanned.
 *
 * A dialect registers a reader per header prefix. The parser calls `header` when a line
 * starts with `prefix`, again as more bytes arrive while it answers HEADER_PARTIAL, and then
 * waits for the body by count. After the body it expects `bodyClose` (if any) and a line
 * end; anything else means bytes were lost: the frame is reported corrupt, never delivered,
 * and parsing resumes at the next line end.
 */
export interface CountedUrc {
  /** Bytes every header starts with: `+`, then at least three more printable ASCII, e.g. `+XRECV:`. */
  readonly prefix: Uint8Array;
  /** Longest header worth waiting for; a partial header longer than this is a plain line. */
  readonly maxHeader: number;
  /** Body length announced by the last header read. */
  bodyLength: number;
  /** Byte that closes the body before its line end (e.g. a quote), or -1 for none. */
  bodyClose: number;
  /**
   * Read the header in bytes[start, end): `start` is the line start (the prefix). Returns
   * where the body starts, as an offset from `start`, or HEADER_PARTIAL / HEADER_INVALID.
   * The answer must depend on those bytes alone; it must not allocate, and must set
   * `bodyLength` and `bodyClose` before answering with an offset. `bytes[end]` is 0, so a
   * run of anything but 0 stops there without a bounds check.
   *
   * `words` is the same storage as 32-bit words (byte `i` lies in `words[i >> 2]`) for
   * 4-bytes-at-a-time searches. `seen` is 0 for a new header; after HEADER_PARTIAL the
   * parser calls again for the same header with `seen` = how many bytes (from `start`)
   * the previous call had, so a reader may resume from what it kept of that call, as
   * offsets from `start` (the ring may have slid the header since), or read it all again.
   */
  header(bytes: Uint8Array, words: Int32Array, start: number, end: number, seen: number): number;
}

/** `header`: more bytes may complete it. */
export const HEADER_PARTIAL = -1;
/** `header`: not a header of this kind; the line is an ordinary line. */
export const HEADER_INVALID = -2;

/** Why a counted URC was not delivered: its closing bytes were wrong (bytes were lost). */
export const COUNTED_CORRUPT = 1;
/** Why a counted URC was not delivered: larger than the ring holds, skipped by count. */
export const COUNTED_OVERSIZE = 2;
