/**
 * Searching the ring's storage without a loop over every byte. XS charges every bytecode,
 * so a long run is tested four bytes per step, through an Int32Array over the same buffer
 * (endianness does not matter: a word only answers "is such a byte in here?", and a byte
 * loop then finds which one), and a short one goes to a native search.
 */

import { constant } from "./constant";

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
// Above its use: Espruino does not hoist function declarations.
function beforeMasks(): number[] {
  const bytes = new Uint8Array(4);
  const word = new Int32Array(bytes.buffer);
  const masks = [0];
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: the masks only spare looking at the bytes before `from`, which lineEndInWord skips anyway
  for (let n = 1; n < 4; n++) {
    bytes[n - 1] = 0xff;
    masks.push(word[0]);
  }
  return masks;
}

/**
 * Per `from & 3`: a word whose bytes before `from` are 0xff (never a line end), whatever
 * the machine's byte order: made by writing those bytes through a byte view.
 */
const BEFORE = constant(beforeMasks());

/**
 * Index of the first CR or LF in bytes[from, to), or `to`; bytes[to] must be below 14 (the
 * ring's 0 after the data is). Four bytes at a time: a word with no byte below 14 holds
 * neither, and the byte at `to` ends the run of words without a bounds check.
 */
export function findLineEnd(bytes: Uint8Array, words: Int32Array, from: number, to: number): number {
  let k = from >> 2;
  let x = words[k] | BEFORE[from & 3];
  for (;;) {
    // Stryker disable next-line ConditionalExpression: the word test only skips words with no byte below 14; lineEndInWord checks every word the same
    while (((x - BELOW_14) & ~x & HIGHS) === 0) x = words[++k];
    const at = lineEndInWord(bytes, (k << 2 > from ? k << 2 : from), to);
    if (at >= 0) return at;
    x = words[++k];
  }
}

/** The word from `i` holds a byte below 14: a line end there, `to` if it is the end, else -1. */
function lineEndInWord(bytes: Uint8Array, i: number, to: number): number {
  const stop = (i | 3) + 1;
  for (; i < stop; i++) {
    const c = bytes[i];
    if (c === 13 || c === 10 || i >= to) return i < to ? i : to;
  }
  return -1;
}
