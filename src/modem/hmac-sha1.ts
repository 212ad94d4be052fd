import { utf8Encode } from "../at/bytes";

const BLOCK = 64;
/** Longest message signed: an Aliyun login's content is far shorter. */
const MAX_MESSAGE = 384;
const HEX = "0123456789abcdef";

/**
 * HMAC-SHA1 (RFC 2104 over FIPS 180-4) in TypeScript, for hosts without a native one. It
 * works a fifth of a 64-byte block per `step()` (the message schedule, or 20 of the 80
 * rounds), so the caller can spread a signature over turns: on the device-shaped XS worker a
 * whole block in one call measured about 19,700 compute, all of a turn's budget; a step is
 * a fifth of that. An Aliyun login's signature is four blocks.
 * Buffers are made once; signing allocates only the hex string at the end.
 */
export class HmacSha1 {
  /** What is being hashed now: (key ^ pad) then the message (or the inner digest), padded. */
  private readonly input = new Uint8Array(BLOCK + MAX_MESSAGE + BLOCK + 8);
  private readonly key = new Uint8Array(BLOCK);
  private readonly w = new Int32Array(80);
  private readonly h = new Int32Array(5);
  private blocks = 0;
  private next = 0;
  /** The round the current block has reached (0-80), and whether its schedule is made. */
  private round = 0;
  // Stryker disable next-line BooleanLiteral: start() sets it (begin) before step() reads it; an idle step() returns first
  private scheduled = false;
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;
  private e = 0;
  /** 0 idle, 1 inner hash, 2 outer hash, 3 done. */
  private stage = 0;
  error: string | null = null;

  /** Begin signing `message` with `key` (UTF-8). False (and `error` says why) if either does not fit. */
  start(key: string, message: string): boolean {
    this.error = null;
    this.stage = 0;
    this.key.fill(0);
    const keyEnd = utf8Encode(key, this.key, 0);
    if (keyEnd < 0) return this.refuse("key longer than 64 bytes");
    const end = utf8Encode(message, this.input, BLOCK);
    // Stryker disable next-line EqualityOperator: the message is written after the key block, so end is -1 or at least BLOCK, never 0
    if (end < 0 || end > BLOCK + MAX_MESSAGE) return this.refuse("message longer than " + MAX_MESSAGE + " bytes");
    for (let i = 0; i < BLOCK; i++) this.input[i] = this.key[i] ^ 0x36;
    this.begin(end);
    this.stage = 1;
    return true;
  }

  /** Hash a fifth of a block. True once the signature is ready (`hex()`). */
  step(): boolean {
    if (this.stage === 0 || this.stage === 3) return this.stage === 3;
    if (!this.scheduled) return this.schedule(this.next * BLOCK);
    this.rounds(this.round);
    this.round += 20;
    if (this.round < 80) return false;
    this.blockDone();
    if (++this.next < this.blocks) return false;
    return this.hashDone();
  }

  /** A hash finished: the inner one becomes the outer one's message; the outer one is the signature. */
  private hashDone(): boolean {
    if (this.stage === 2) {
      this.stage = 3;
      return true;
    }
    const input = this.input;
    // Stryker disable next-line EqualityOperator: input[BLOCK] is written again on the next line, with the digest's first byte
    for (let i = 0; i < BLOCK; i++) input[i] = this.key[i] ^ 0x5c;
    // Stryker disable next-line EqualityOperator: input[BLOCK + 20] is where begin() puts the 0x80 pad
    for (let i = 0; i < 20; i++) input[BLOCK + i] = this.h[i >> 2] >>> (24 - 8 * (i & 3));
    this.begin(BLOCK + 20);
    this.stage = 2;
    return false;
  }

  /** The finished signature, lower-case hex. */
  hex(): string {
    let out = "";
    for (let i = 0; i < 20; i++) {
      const byte = (this.h[i >> 2] >>> (24 - 8 * (i & 3))) & 0xff;
      out += HEX[byte >> 4] + HEX[byte & 15];
    }
    return out;
  }

  private refuse(why: string): boolean {
    this.error = why;
    return false;
  }

  /** Pad input[0, length) (FIPS 180-4 5.1.1) and reset the state. */
  private begin(length: number): void {
    const input = this.input;
    const blocks = ((length + 8) >> 6) + 1;
    input[length] = 0x80;
    // Stryker disable next-line EqualityOperator: nothing past the padded blocks is read, and the next begin() pads again
    for (let i = length + 1; i < blocks * BLOCK; i++) input[i] = 0;
    const bits = length * 8;
    // Stryker disable next-line ArithmeticOperator: bits < 2^16 for any message that fits: this byte is 0, as the fill left it
    input[blocks * BLOCK - 4] = bits >>> 24;
    // Stryker disable next-line ArithmeticOperator: bits < 2^16 for any message that fits: this byte is 0, as the fill left it
    input[blocks * BLOCK - 3] = bits >>> 16;
    input[blocks * BLOCK - 2] = bits >>> 8;
    input[blocks * BLOCK - 1] = bits;
    const h = this.h;
    h[0] = 0x67452301;
    h[1] = 0xefcdab89 | 0;
    h[2] = 0x98badcfe | 0;
    h[3] = 0x10325476;
    h[4] = 0xc3d2e1f0 | 0;
    this.blocks = blocks;
    this.next = 0;
    this.round = 0;
    this.scheduled = false;
  }

  /** The message schedule of the block at `at`, and the working variables from `h`. */
  private schedule(at: number): boolean {
    const w = this.w;
    const input = this.input;
    // Stryker disable next-line EqualityOperator: w[16] is computed again by the expansion loop below
    for (let i = 0; i < 16; i++) {
      const j = at + 4 * i;
      w[i] = (input[j] << 24) | (input[j + 1] << 16) | (input[j + 2] << 8) | input[j + 3];
    }
    // Stryker disable next-line EqualityOperator: w holds 80 words: a write to w[80] is dropped
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16];
      w[i] = (x << 1) | (x >>> 31);
    }
    const h = this.h;
    this.a = h[0];
    this.b = h[1];
    this.c = h[2];
    this.d = h[3];
    this.e = h[4];
    this.round = 0;
    this.scheduled = true;
    return false;
  }

  /** Rounds [from, from + 20): one of SHA-1's four stages. */
  private rounds(from: number): void {
    const w = this.w;
    let a = this.a;
    let b = this.b;
    let c = this.c;
    let d = this.d;
    let e = this.e;
    for (let i = from; i < from + 20; i++) {
      let f: number;
      let k: number;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc | 0;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6 | 0;
      }
      const t = (((a << 5) | (a >>> 27)) + f + e + k + w[i]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    this.e = e;
  }

  private blockDone(): void {
    const h = this.h;
    h[0] = (h[0] + this.a) | 0;
    h[1] = (h[1] + this.b) | 0;
    h[2] = (h[2] + this.c) | 0;
    h[3] = (h[3] + this.d) | 0;
    h[4] = (h[4] + this.e) | 0;
    this.scheduled = false;
    this.round = 0;
  }
}
