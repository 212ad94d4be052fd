/**
 * The contract between bench/parser.ts and a parser under test. An adapter module is bundled
 * for XS; evaluating it installs these globals. Each takes the whole stream and the UART read
 * size, and feeds the parser read by read, as the ESP32 host would.
 */
declare global {
  /** Parse everything; return the number of events. This is the timed call. */
  var benchParse: (bytes: Uint8Array, chunkSize: number) => number;
  /** Parse everything; return the events (as BenchEvent JSON) for the correctness check. */
  var benchEvents: (bytes: Uint8Array, chunkSize: number) => string;
  /** Parse everything with a fresh parser; return the compute of the dearest single read. */
  var benchWorstChunk: (bytes: Uint8Array, chunkSize: number) => number;
  /** xsnap's meter: returns the compute counted so far and restarts the count at `index`. */
  function resetMeter(limit: number, index: number): number;
}

let cached: { bytes: Uint8Array; size: number; reads: Uint8Array[] } | undefined;

/**
 * The stream cut into UART-sized reads (views, no copies). Memoised: the warm-up run pays for
 * the views, so the timed and heap runs measure the parser, not the test feed.
 */
export function uartReads(bytes: Uint8Array, size: number): Uint8Array[] {
  if (cached?.bytes !== bytes || cached.size !== size) {
    const reads: Uint8Array[] = [];
    // The end is clamped here: Espruino's subarray does not clamp it, and the last read
    // would run on past the stream (over-long views, measured on Espruino 2v29).
    for (let at = 0; at < bytes.length; at += size) reads.push(bytes.subarray(at, Math.min(at + size, bytes.length)));
    cached = { bytes, size, reads };
  }
  return cached.reads;
}

let cachedWords: { reads: Uint8Array[]; words: (Int32Array | undefined)[] } | undefined;

/**
 * Each read's storage as 32-bit words, where it is whole words (all but a short last read):
 * what the ESP32 host passes beside its one read buffer (hosts/moddable/serial.ts), so the
 * parser stores a read a word at a time. Memoised like the reads.
 */
export function uartWords(reads: Uint8Array[]): (Int32Array | undefined)[] {
  if (cachedWords?.reads !== reads) {
    const words: (Int32Array | undefined)[] = [];
    for (let i = 0; i < reads.length; i++) {
      const r = reads[i];
      words.push(r.byteOffset % 4 === 0 && r.length % 4 === 0 ? new Int32Array(r.buffer, r.byteOffset, r.length >> 2) : undefined);
    }
    cachedWords = { reads, words };
  }
  return cachedWords.words;
}

function meterRead(feed: (read: Uint8Array, words: Int32Array | undefined) => void, read: Uint8Array, words: Int32Array | undefined): number {
  resetMeter(0, 0);
  feed(read, words);
  return resetMeter(0, 0);
}

/**
 * Compute of the dearest read: the meter is restarted around each `feed`, and what the same
 * measurement of an empty `feed` costs is taken off. This spoils the evaluation's own total,
 * so it runs on its own.
 */
export function worstChunk(reads: Uint8Array[], feed: (read: Uint8Array, words: Int32Array | undefined) => void): number {
  const words = uartWords(reads);
  const overhead = meterRead(() => undefined, reads[0], undefined);
  let worst = 0;
  for (let i = 0; i < reads.length; i++) {
    const compute = meterRead(feed, reads[i], words[i]) - overhead;
    if (compute > worst) worst = compute;
  }
  return worst;
}
