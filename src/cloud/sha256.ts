import { constant } from "../at/constant";

// FIPS 180-4 round constants: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
const K: number[] = constant([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const H0: number[] = constant([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

const BLOCK = 64;
const HEX = "0123456789abcdef";

function rotr(x: number, n: number): number {
  return (x >>> n) | (x << (32 - n));
}

/** One 64-byte block of `bytes` at `at` into the state `h`; `w` is 64 words of scratch. */
function compress(h: Uint32Array, w: Uint32Array, bytes: Uint8Array, at: number): void {
  for (let i = 0; i < 16; i++) {
    const p = at + i * 4;
    w[i] = (bytes[p] << 24) | (bytes[p + 1] << 16) | (bytes[p + 2] << 8) | bytes[p + 3];
  }
  for (let i = 16; i < 64; i++) {
    const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
    const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
  for (let i = 0; i < 64; i++) {
    const t1 = k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
    const t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    k = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
  h[4] += e;
  h[5] += f;
  h[6] += g;
  h[7] += k;
}

/** SHA-256 of `bytes`, 32 bytes. Run once per registration: clarity over speed, small allocations. */
export function sha256(bytes: Uint8Array): Uint8Array {
  const total = Math.ceil((bytes.length + 9) / BLOCK) * BLOCK;
  const padded = new Uint8Array(total);
  padded.set(bytes, 0);
  padded[bytes.length] = 0x80;
  const bits = bytes.length * 8;
  // Messages here are far below 2^32 bits: the high word of the length stays 0.
  padded[total - 4] = (bits >>> 24) & 0xff;
  padded[total - 3] = (bits >>> 16) & 0xff;
  padded[total - 2] = (bits >>> 8) & 0xff;
  padded[total - 1] = bits & 0xff;
  const h = new Uint32Array(8);
  for (let i = 0; i < 8; i++) h[i] = H0[i];
  const w = new Uint32Array(64);
  for (let at = 0; at < total; at += BLOCK) compress(h, w, padded, at);
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    out[i * 4] = h[i] >>> 24;
    out[i * 4 + 1] = (h[i] >>> 16) & 0xff;
    out[i * 4 + 2] = (h[i] >>> 8) & 0xff;
    out[i * 4 + 3] = h[i] & 0xff;
  }
  return out;
}

/** Printable ASCII text as bytes; anything else is refused (credentials are ASCII by the config's rules). */
export function asciiBytes(text: string): Uint8Array | null {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 126) return null;
    out[i] = c;
  }
  return out;
}

/** HMAC-SHA256 (RFC 2104) as lower-case hex. */
export function hmacSha256Hex(key: Uint8Array, message: Uint8Array): string {
  const k = new Uint8Array(BLOCK);
  k.set(key.length > BLOCK ? sha256(key) : key, 0);
  const inner = new Uint8Array(BLOCK + message.length);
  const outer = new Uint8Array(BLOCK + 32);
  for (let i = 0; i < BLOCK; i++) {
    inner[i] = k[i] ^ 0x36;
    outer[i] = k[i] ^ 0x5c;
  }
  inner.set(message, BLOCK);
  outer.set(sha256(inner), BLOCK);
  return hex(sha256(outer));
}

function hex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX.charAt(bytes[i] >>> 4) + HEX.charAt(bytes[i] & 15);
  return out;
}

/** Longest message HmacSha256 signs: a registration's content is under 110 bytes. */
const MAX_MESSAGE = 128;
/** Inner: key block, message, padding; outer: key block, inner hash, padding. */
const INNER_BYTES = Math.ceil((BLOCK + MAX_MESSAGE + 9) / BLOCK) * BLOCK;
const OUTER_BYTES = 2 * BLOCK;
/** Rounds per slice: a whole block at once is some 29,000 XS compute, over a turn's budget. */
const ROUNDS_PER_SLICE = 16;
/** Slices per block: the message schedule, then the rounds. */
const SLICES_PER_BLOCK = 1 + 64 / ROUNDS_PER_SLICE;

/**
 * HMAC-SHA256 in slices, for a host without a native HMAC (hal.ts Crypto): `step()` does
 * the set-up, or one block's message schedule, or 16 of its rounds, so that no turn runs
 * long on XS (rotations written out: XS pays per call). Buffers are made once; `start` may
 * be called again for another message.
 */
export class HmacSha256 {
  /** Why `start` refused, or "". */
  error = "";
  private readonly inner = new Uint8Array(INNER_BYTES);
  private readonly outer = new Uint8Array(OUTER_BYTES);
  private readonly h = new Uint32Array(8);
  /** The working variables a..h between slices. */
  private readonly v = new Uint32Array(8);
  private readonly w = new Uint32Array(64);
  private key = "";
  private message = "";
  private innerBlocks = 0;
  /** Slices done; -1 before the set-up. */
  private slice = -1;
  private result = "";

  /** Begin HMAC(key, message) over ASCII text; false (and `error`) if it cannot be signed here. */
  start(key: string, message: string): boolean {
    this.error = "";
    this.result = "";
    if (key.length > BLOCK) this.error = "key longer than 64 bytes";
    else if (message.length > MAX_MESSAGE) this.error = "message longer than " + MAX_MESSAGE + " bytes";
    else if (!ascii(key) || !ascii(message)) this.error = "not ASCII";
    this.key = key;
    this.message = message;
    this.slice = -1;
    return this.error === "";
  }

  /** One slice; true once the HMAC is done (`hex()`). */
  step(): boolean {
    if (this.result !== "" || this.error !== "") return true;
    if (this.slice < 0) this.setUp();
    else this.blockSlice();
    this.slice++;
    if (this.slice < (this.innerBlocks + 2) * SLICES_PER_BLOCK) return false;
    let out = "";
    for (let i = 0; i < 8; i++) out += wordHex(this.h[i]);
    this.result = out;
    return true;
  }

  /** The schedule or 16 rounds of the current block: the inner ones, then the outer two. */
  private blockSlice(): void {
    const block = Math.floor(this.slice / SLICES_PER_BLOCK);
    const part = this.slice % SLICES_PER_BLOCK;
    if (part !== 0) return this.rounds((part - 1) * ROUNDS_PER_SLICE);
    if (block < this.innerBlocks) return this.schedule(this.inner, block * BLOCK);
    if (block === this.innerBlocks) {
      // The inner hash goes after the outer key block; the outer hash starts afresh.
      for (let i = 0; i < 8; i++) writeWord(this.outer, BLOCK + i * 4, this.h[i]);
      this.restart();
    }
    this.schedule(this.outer, (block - this.innerBlocks) * BLOCK);
  }

  hex(): string {
    return this.result;
  }

  private setUp(): void {
    const inner = this.inner;
    const outer = this.outer;
    const key = this.key;
    const message = this.message;
    for (let i = 0; i < BLOCK; i++) {
      const b = i < key.length ? key.charCodeAt(i) : 0;
      inner[i] = b ^ 0x36;
      outer[i] = b ^ 0x5c;
    }
    for (let i = 0; i < message.length; i++) inner[BLOCK + i] = message.charCodeAt(i);
    for (let i = BLOCK + message.length; i < inner.length; i++) inner[i] = 0;
    for (let i = BLOCK; i < outer.length; i++) outer[i] = 0;
    this.innerBlocks = pad(inner, BLOCK + message.length);
    pad(outer, BLOCK + 32);
    this.restart();
  }

  private restart(): void {
    for (let i = 0; i < 8; i++) this.h[i] = H0[i];
  }

  /** The block's 64-word message schedule, and the working variables from the state. */
  private schedule(bytes: Uint8Array, at: number): void {
    const w = this.w;
    for (let i = 0; i < 16; i++) {
      const p = at + i * 4;
      w[i] = (bytes[p] << 24) | (bytes[p + 1] << 16) | (bytes[p + 2] << 8) | bytes[p + 3];
    }
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15];
      const y = w[i - 2];
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    for (let i = 0; i < 8; i++) this.v[i] = this.h[i];
  }

  /** Rounds [from, from + 16); after the last, the block is added into the state. */
  private rounds(from: number): void {
    const v = this.v;
    const w = this.w;
    let a = v[0], b = v[1], c = v[2], d = v[3], e = v[4], f = v[5], g = v[6], k = v[7];
    for (let i = from; i < from + ROUNDS_PER_SLICE; i++) {
      const t1 = k + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + K[i] + w[i];
      const t2 = (((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (a & c) ^ (b & c));
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    v[0] = a;
    v[1] = b;
    v[2] = c;
    v[3] = d;
    v[4] = e;
    v[5] = f;
    v[6] = g;
    v[7] = k;
    if (from + ROUNDS_PER_SLICE < 64) return;
    for (let i = 0; i < 8; i++) this.h[i] += v[i];
  }
}

function ascii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 126) return false;
  return true;
}

/** SHA-256 padding after `length` bytes of `bytes` (zeroed beyond); the number of blocks. */
function pad(bytes: Uint8Array, length: number): number {
  const blocks = Math.ceil((length + 9) / BLOCK);
  bytes[length] = 0x80;
  writeWord(bytes, blocks * BLOCK - 4, length * 8);
  return blocks;
}

function writeWord(bytes: Uint8Array, at: number, word: number): void {
  bytes[at] = word >>> 24;
  bytes[at + 1] = (word >>> 16) & 0xff;
  bytes[at + 2] = (word >>> 8) & 0xff;
  bytes[at + 3] = word & 0xff;
}

function wordHex(word: number): string {
  let out = "";
  for (let shift = 28; shift >= 0; shift -= 4) out += HEX.charAt((word >>> shift) & 15);
  return out;
}
