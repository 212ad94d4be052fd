/**
 * Searching the ring's storage. XS charges every bytecode, so a search that tests four bytes
 * per step, through an Int32Array over the same buffer, costs about a third of a byte loop.
 * Endianness does not matter: a word only answers "is such a byte in here?", and a byte loop
 * then finds which one.
 */

const ONES = 0x01010101;
const HIGHS = 0x80808080 | 0;

/**
 * Index of the first `value` in bytes[from, to), or `to`. `words` views the same buffer as
 * `bytes`, both from offset 0 (as the ring allocates them).
 */
export function findByte(bytes: Uint8Array, words: Int32Array, from: number, to: number, value: number): number {
  const aligned = (from + 3) & ~3;
  const i = scanBytes(bytes, from, aligned < to ? aligned : to, value);
  // Found before the first word boundary, or nothing left to search.
  if (i < aligned || i >= to) return i;
  const pattern = value * ONES;
  const last = to >> 2;
  let k = i >> 2;
  let x = 0;
  // A word holds `value` exactly when x = word ^ pattern has a zero byte.
  while (k < last && (((x = words[k] ^ pattern) - ONES) & ~x & HIGHS) === 0) k++;
  return scanBytes(bytes, k << 2, to, value);
}

function scanBytes(bytes: Uint8Array, from: number, to: number, value: number): number {
  while (from < to && bytes[from] !== value) from++;
  return from;
}

const BELOW_14 = 0x0e0e0e0e;

/**
 * Index of the first CR or LF in bytes[from, to), or `to`. Four bytes at a time: a word with
 * no byte below 14 holds neither.
 */
export function findLineEnd(bytes: Uint8Array, words: Int32Array, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const c = bytes[i];
    if (c === 13 || c === 10) return i;
    i = (i & 3) === 3 ? skipWords(words, (i + 1) >> 2, to >> 2) << 2 : i + 1;
  }
  return to;
}

/** The first word from `k` (before `last`) that holds a byte below 14, or `last`. */
function skipWords(words: Int32Array, k: number, last: number): number {
  let x = 0;
  while (k < last && (((x = words[k]) - BELOW_14) & ~x & HIGHS) === 0) k++;
  return k;
}
