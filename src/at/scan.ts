/**
 * Searching the ring's storage without a loop over every byte. XS charges every bytecode,
 * so a long run is tested four bytes per step, through an Int32Array over the same buffer
 * (endianness does not matter: a word only answers "is such a byte in here?", and a byte
 * loop then finds which one), and a short one goes to a native search.
 */

const HIGHS = 0x80808080 | 0;

/**
 * Index of the first `value` in bytes[from, to), or `to`. The engine's own indexOf (native;
 * XS meters it at 8 per byte, less than any loop written here for a short run), kept from
 * running past `to` by planting `value` there for the call: bytes[to] must exist, and it is
 * put back before returning.
 */
export function findByte(bytes: Uint8Array, from: number, to: number, value: number): number {
  const kept = bytes[to];
  bytes[to] = value;
  const at = bytes.indexOf(value, from);
  bytes[to] = kept;
  return at;
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
