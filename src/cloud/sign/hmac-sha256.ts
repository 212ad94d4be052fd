import { utf8Encode } from "../../at/bytes";
import { SHA256_BLOCK, SHA256_BYTES, sha256Add, sha256Init, sha256Load, sha256Pad, sha256Rounds, sha256Schedule } from "./sha256";

/** Longest message signed: a login's string to sign is far shorter (OneNET's is ~80 bytes). */
export const HMAC_MAX_MESSAGE = 256;

/**
 * Rounds per step: a block is its schedule, then 64 rounds in slices of this many, so that a
 * step costs about a third of a turn's budget on the device (test/xs/sign-cost.test.ts).
 */
const ROUNDS_PER_STEP = 16;

const STAGE_IDLE = 0;
const STAGE_INNER = 1;
const STAGE_OUTER = 2;
const STAGE_DONE = 3;

/**
 * HMAC-SHA256 (RFC 2104 over FIPS 180-4) in TypeScript, for hosts without a native one. Each
 * `step()` does a slice of a block (its schedule, or ROUNDS_PER_STEP rounds), so a signature
 * is spread over several turns: one block costs about 18,000 XS compute, nearly a whole
 * turn's budget on the device (measured in test/xs/sign-cost.test.ts). Buffers are made once.
 */
export class HmacSha256 {
  /** Why the last start() refused, or null. */
  error: string | null = null;
  private readonly input = new Uint8Array(SHA256_BLOCK + HMAC_MAX_MESSAGE + SHA256_BLOCK + 8);
  private readonly key = new Uint8Array(SHA256_BLOCK);
  private readonly w = new Int32Array(64);
  private readonly h = new Int32Array(8);
  /** The working variables a..h while a block is in progress. */
  private readonly s = new Int32Array(8);
  private blocks = 0;
  private next = 0;
  /** -1: the next step schedules block `next`; else the next round of it. */
  // Stryker disable next-line UnaryOperator: begin() sets it before the first step; an idle step never reads it
  private round = -1;
  private stage = STAGE_IDLE;

  /**
   * Begin signing `message` (UTF-8) with `key[0, keyLength)`. False (and `error` says why) if
   * either is too long; keys longer than a block (RFC 2104 would hash them) are not needed by
   * any cloud here and are refused rather than hashed in one long turn.
   */
  start(key: Uint8Array, keyLength: number, message: string): boolean {
    this.stage = STAGE_IDLE;
    this.error = null;
    if (keyLength > SHA256_BLOCK) return this.refuse("key longer than " + SHA256_BLOCK + " bytes");
    const end = utf8Encode(message, this.input, SHA256_BLOCK);
    // Stryker disable next-line EqualityOperator: the message is encoded from SHA256_BLOCK on, so end is never 0 and < 0, <= 0 agree
    if (end < 0 || end > SHA256_BLOCK + HMAC_MAX_MESSAGE) return this.refuse("message longer than " + HMAC_MAX_MESSAGE + " bytes");
    this.key.fill(0);
    for (let i = 0; i < keyLength; i++) this.key[i] = key[i];
    for (let i = 0; i < SHA256_BLOCK; i++) this.input[i] = this.key[i] ^ 0x36;
    this.begin(end);
    this.stage = STAGE_INNER;
    return true;
  }

  /** Hash one block. True once the signature is ready. */
  step(): boolean {
    if (this.stage === STAGE_IDLE || this.stage === STAGE_DONE) return this.stage === STAGE_DONE;
    if (this.round < 0) {
      sha256Schedule(this.w, this.input, this.next * SHA256_BLOCK);
      sha256Load(this.s, this.h);
      this.round = 0;
      return false;
    }
    const to = this.round + ROUNDS_PER_STEP;
    sha256Rounds(this.s, this.w, this.round, to);
    if (to < 64) {
      this.round = to;
      return false;
    }
    sha256Add(this.h, this.s);
    this.round = -1;
    if (++this.next < this.blocks) return false;
    if (this.stage === STAGE_OUTER) {
      this.stage = STAGE_DONE;
      return true;
    }
    // The inner digest becomes the outer message.
    const input = this.input;
    // Stryker disable next-line EqualityOperator: one byte more lands at input[64], which digestInto() overwrites next
    for (let i = 0; i < SHA256_BLOCK; i++) input[i] = this.key[i] ^ 0x5c;
    this.digestInto(input, SHA256_BLOCK);
    this.begin(SHA256_BLOCK + SHA256_BYTES);
    this.stage = STAGE_OUTER;
    return false;
  }

  /** All remaining blocks in this turn (tests, and hosts where a turn may be long). */
  finish(): boolean {
    while (this.stage === STAGE_INNER || this.stage === STAGE_OUTER) this.step();
    return this.stage === STAGE_DONE;
  }

  get done(): boolean {
    return this.stage === STAGE_DONE;
  }

  /** The 32-byte result into out[at...]; only once done. */
  digestInto(out: Uint8Array, at: number): void {
    const h = this.h;
    for (let i = 0; i < SHA256_BYTES; i++) out[at + i] = h[i >> 2] >>> (24 - 8 * (i & 3));
  }

  private refuse(why: string): boolean {
    this.error = why;
    return false;
  }

  private begin(length: number): void {
    this.blocks = sha256Pad(this.input, length);
    this.next = 0;
    this.round = -1;
    sha256Init(this.h);
  }
}
