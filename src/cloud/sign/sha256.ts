import { constant } from "../../at/constant";

/** FIPS 180-4 4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const K: number[] = constant([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** FIPS 180-4 5.3.3. */
const H0: number[] = constant([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

export const SHA256_BLOCK = 64;
export const SHA256_BYTES = 32;

/**
 * The SHA-256 compression function of one 64-byte block, in pieces so that no turn runs long
 * (a whole block is about 18,000 XS compute, nearly a turn's budget on the device): first
 * `sha256Schedule`, then `sha256Rounds` over [0, 64) in slices, then `sha256Add`. The working
 * variables a..h live in `s` (8 words) between slices; `w` (64 words) is the schedule.
 */
export function sha256Schedule(w: Int32Array, input: Uint8Array, at: number): void {
  // Stryker disable next-line EqualityOperator: a 17th word at w[16] is overwritten by the loop below
  for (let i = 0; i < 16; i++) {
    const j = at + 4 * i;
    w[i] = (input[j] << 24) | (input[j + 1] << 16) | (input[j + 2] << 8) | input[j + 3];
  }
  // Stryker disable next-line EqualityOperator: w[64] is past the Int32Array's end, where a write does nothing
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15];
    const y = w[i - 2];
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
  }
}

/** Rounds [from, to) of the block whose schedule is in `w`, on the working variables in `s`. */
export function sha256Rounds(s: Int32Array, w: Int32Array, from: number, to: number): void {
  let a = s[0];
  let b = s[1];
  let c = s[2];
  let d = s[3];
  let e = s[4];
  let f = s[5];
  let g = s[6];
  let k = s[7];
  for (let i = from; i < to; i++) {
    const t1 = (k + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
    const t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    k = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  s[0] = a;
  s[1] = b;
  s[2] = c;
  s[3] = d;
  s[4] = e;
  s[5] = f;
  s[6] = g;
  s[7] = k;
}

/** Start a block: the working variables from the hash so far. */
export function sha256Load(s: Int32Array, h: Int32Array): void {
  // Stryker disable next-line EqualityOperator: s[8] is past the 8-word array's end, where a write does nothing
  for (let i = 0; i < 8; i++) s[i] = h[i];
}

/** End a block: add the working variables into the hash. */
export function sha256Add(h: Int32Array, s: Int32Array): void {
  // Stryker disable next-line EqualityOperator: as above, h[8]
  for (let i = 0; i < 8; i++) h[i] = (h[i] + s[i]) | 0;
}

/** Reset `h` to the initial hash value. */
export function sha256Init(h: Int32Array): void {
  // Stryker disable next-line EqualityOperator: as above, h[8]
  for (let i = 0; i < 8; i++) h[i] = H0[i] | 0;
}

/**
 * Pad `input[0, length)` in place (FIPS 180-4 5.1.1); returns the number of blocks. `input`
 * must have room for the padding (length + 72 bytes suffice).
 */
export function sha256Pad(input: Uint8Array, length: number): number {
  const blocks = ((length + 8) >> 6) + 1;
  const end = blocks * SHA256_BLOCK;
  input[length] = 0x80;
  // Stryker disable next-line EqualityOperator: input[end] is past the padded blocks; nothing reads it before the next message is written over it
  for (let i = length + 1; i < end; i++) input[i] = 0;
  // Lengths here are far below 2^29 bytes: the bit count fits the last word.
  const bits = length * 8;
  // Stryker disable next-line ArithmeticOperator: bits < 2^16 for any message the HMAC's buffer holds, so these two are 0, as the loop above left them
  input[end - 4] = bits >>> 24;
  // Stryker disable next-line ArithmeticOperator: as above
  input[end - 3] = bits >>> 16;
  input[end - 2] = bits >>> 8;
  input[end - 1] = bits;
  return blocks;
}
