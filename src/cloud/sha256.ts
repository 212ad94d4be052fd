import { SHA256_BLOCK, sha256Add, sha256Init, sha256Load, sha256Pad, sha256Rounds, sha256Schedule } from "./sign/sha256";

// The compression function is ./sign/sha256.ts's (in pieces), shared with the cloud profiles' signatures.
const BLOCK = SHA256_BLOCK;
const HEX = "0123456789abcdef";

/** SHA-256 of `bytes`, 32 bytes. Run once per registration: clarity over speed, small allocations. */
export function sha256(bytes: Uint8Array): Uint8Array {
  const total = Math.ceil((bytes.length + 9) / BLOCK) * BLOCK;
  const padded = new Uint8Array(total);
  padded.set(bytes, 0);
  sha256Pad(padded, bytes.length);
  const h = new Int32Array(8);
  const v = new Int32Array(8);
  const w = new Int32Array(64);
  sha256Init(h);
  for (let at = 0; at < total; at += BLOCK) {
    sha256Schedule(w, padded, at);
    sha256Load(v, h);
    sha256Rounds(v, w, 0, 64);
    sha256Add(h, v);
  }
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
  private readonly h = new Int32Array(8);
  /** The working variables a..h between slices. */
  private readonly v = new Int32Array(8);
  private readonly w = new Int32Array(64);
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
    this.innerBlocks = sha256Pad(inner, BLOCK + message.length);
    sha256Pad(outer, BLOCK + 32);
    this.restart();
  }

  private restart(): void {
    sha256Init(this.h);
  }

  /** The block's 64-word message schedule, and the working variables from the state. */
  private schedule(bytes: Uint8Array, at: number): void {
    sha256Schedule(this.w, bytes, at);
    sha256Load(this.v, this.h);
  }

  /** Rounds [from, from + 16); after the last, the block is added into the state. */
  private rounds(from: number): void {
    sha256Rounds(this.v, this.w, from, from + ROUNDS_PER_SLICE);
    if (from + ROUNDS_PER_SLICE === 64) sha256Add(this.h, this.v);
  }
}

function ascii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 126) return false;
  return true;
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
