/**
 * Byte-level helpers for matching modem output in place. Patterns are encoded once at
 * start-up; matching compares bytes and never builds a string.
 */

export const CR = 13;
export const LF = 10;
export const QUOTE = 34;
export const COMMA = 44;
export const SPACE = 32;
export const PROMPT = 62; // '>'

/** ASCII/Latin-1 text to bytes. For constant patterns built at start-up. */
export function ascii(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** Does buf[off, off+len) begin with `prefix`? */
export function startsWith(buf: Uint8Array, off: number, len: number, prefix: Uint8Array): boolean {
  const n = prefix.length;
  if (len < n) return false;
  for (let i = 0; i < n; i++) if (buf[off + i] !== prefix[i]) return false;
  return true;
}

/** Is buf[off, off+len) exactly `word`? */
export function equals(buf: Uint8Array, off: number, len: number, word: Uint8Array): boolean {
  return len === word.length && startsWith(buf, off, len, word);
}

/**
 * Does buf[off, off+len) match as much of `prefix` as it has? True for a partial line that
 * may still turn into `prefix` once more bytes arrive.
 */
export function couldStartWith(buf: Uint8Array, off: number, len: number, prefix: Uint8Array): boolean {
  const n = len < prefix.length ? len : prefix.length;
  for (let i = 0; i < n; i++) if (buf[off + i] !== prefix[i]) return false;
  return true;
}

/** Decode bytes as UTF-8 into a string. Only for consumers that need text. */
export function utf8(buf: Uint8Array, off: number, len: number): string {
  let out = "";
  const end = off + len;
  let i = off;
  while (i < end) {
    out += String.fromCodePoint(decodeCodePoint(buf, i, end));
    i += decodedWidth;
  }
  return out;
}

// Width of the sequence the last decodeCodePoint call read (a module variable: no tuple).
let decodedWidth = 1;

// One code point at buf[i]; a malformed sequence becomes U+FFFD and consumes one byte.
function decodeCodePoint(buf: Uint8Array, i: number, end: number): number {
  const b0 = buf[i];
  decodedWidth = 1;
  if (b0 < 0x80) return b0;
  const need = continuationCount(b0);
  if (need === 0 || i + need >= end + 1) return 0xfffd;
  let cp = b0 & (0x3f >> need);
  for (let k = 1; k <= need; k++) {
    const b = buf[i + k];
    if ((b & 0xc0) !== 0x80) return 0xfffd;
    cp = (cp << 6) | (b & 0x3f);
  }
  if (!validCodePoint(cp, need)) return 0xfffd;
  decodedWidth = need + 1;
  return cp;
}

// Continuation bytes a lead byte announces; 0 for a byte that cannot lead.
function continuationCount(b0: number): number {
  if (b0 >= 0xc2 && b0 < 0xe0) return 1;
  if (b0 >= 0xe0 && b0 < 0xf0) return 2;
  return b0 >= 0xf0 && b0 < 0xf5 ? 3 : 0;
}

// Rejects overlong forms, surrogates and values past U+10FFFF.
function validCodePoint(cp: number, need: number): boolean {
  if (cp < MIN_FOR_WIDTH[need] || cp > 0x10ffff) return false;
  return cp < 0xd800 || cp > 0xdfff;
}

const MIN_FOR_WIDTH = [0, 0x80, 0x800, 0x10000];
