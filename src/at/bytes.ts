import { constant } from "./constant";

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
  // Stryker disable next-line EqualityOperator: out[text.length] is past the typed array, where a write does nothing
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

/**
 * Encode `text` as UTF-8 into out[offset...]. Returns the end offset, or -1 if it does not
 * fit or holds an unpaired surrogate. Writes no more than `out` holds; allocates nothing.
 */
export function utf8Encode(text: string, out: Uint8Array, offset: number): number {
  let at = offset;
  for (let i = 0; i < text.length && at >= 0; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      at = at < out.length ? ((out[at] = c), at + 1) : -1;
    } else if (isHighSurrogate(c) && isLowSurrogate(text.charCodeAt(i + 1))) {
      // Stryker disable next-line ArithmeticOperator: c + 0xd800 adds 0x1b000 << 10, bits 22 and up, which land in the lead byte's 0xf0 or above its 8 bits
      at = putCodePoint(out, at, 0x10000 + ((c - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00));
    } else {
      at = isSurrogate(c) ? -1 : putCodePoint(out, at, c);
    }
  }
  return at;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c < 0xdc00;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c < 0xe000;
}

function isSurrogate(c: number): boolean {
  return c >= 0xd800 && c < 0xe000;
}

// Writes a code point of 0x80 or more; -1 if it does not fit.
function putCodePoint(out: Uint8Array, at: number, cp: number): number {
  const width = cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  if (at + width > out.length) return -1;
  let shift = (width - 1) * 6;
  out[at++] = LEAD_BITS[width] | (cp >> shift);
  while (shift > 0) {
    shift -= 6;
    out[at++] = 0x80 | ((cp >> shift) & 0x3f);
  }
  return at;
}

const LEAD_BITS = constant([0, 0, 0xc0, 0xe0, 0xf0]);

// Not global or sticky: a preloaded (frozen) RegExp is only safe if nothing writes lastIndex.
const NON_ASCII = /[^\x00-\x7f]/;

// V8 and XS strings are UTF-16. Espruino's hold one byte per character: its fromCharCode
// keeps the low 8 bits, so U+4E2D would come out as "-" and U+FFFD as "\xFD". Asked through
// a call, at load time: esbuild's minifier folds `String.fromCharCode(0x100)...` written
// inline into `true`, on the machine that builds the bundle.
function keepsCharCode(code: number): boolean {
  // Stryker disable next-line ConditionalExpression: Node's strings are UTF-16, so it is true here (test/espruino runs the engine where it is false)
  return String.fromCharCode(code).charCodeAt(0) === code;
}
const UTF16 = keepsCharCode(0x100);

/**
 * Decode bytes as UTF-8 into a string. Only for consumers that need text (a topic, a JSON
 * payload); hosts with a native decoder pass theirs instead (hal.ts `TextDecoding`). ASCII,
 * nearly all Alink traffic, goes 16 bytes per `fromCharCode` call: a fixed number of
 * arguments, so the stack use does not grow with the input (`apply` over the bytes would
 * push one slot per byte and abort XS at the ESP32's 512). Anything else is decoded byte
 * by byte: to UTF-16 where strings are UTF-16, else to well-formed UTF-8 one byte per
 * character (Espruino's own form of text, which `E.asUTF8` turns into Unicode).
 */
export function utf8(buf: Uint8Array, off: number, len: number): string {
  const end = off + len;
  let out = "";
  let i = off;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the 16-byte step is for speed; the byte loop after it decodes the same
  for (; i + 16 <= end; i += 16) {
    out += String.fromCharCode(
      buf[i], buf[i + 1], buf[i + 2], buf[i + 3], buf[i + 4], buf[i + 5], buf[i + 6], buf[i + 7],
      buf[i + 8], buf[i + 9], buf[i + 10], buf[i + 11], buf[i + 12], buf[i + 13], buf[i + 14], buf[i + 15],
    );
  }
  for (; i < end; i++) out += String.fromCharCode(buf[i]);
  return NON_ASCII.test(out) ? utf8Slow(buf, off, len, UTF16) : out;
}

/**
 * Decode bytes as UTF-8, malformed sequences replaced by U+FFFD as TextDecoder does. With
 * `utf16` false the text comes out as UTF-8 bytes, one per character: what an engine whose
 * strings are bytes (Espruino) holds for the same text. Exported for tests; use utf8().
 */
export function utf8Slow(buf: Uint8Array, off: number, len: number, utf16: boolean): string {
  let out = "";
  const end = off + len;
  let i = off;
  while (i < end) {
    const r = decodeCodePoint(buf, i, end);
    out += utf16 ? fromCodePoint(r & CODE_POINT) : utf8Chars(r & CODE_POINT);
    i += r >>> WIDTH_SHIFT;
  }
  return out;
}

// String.fromCodePoint without needing it (Espruino has only fromCharCode).
function fromCodePoint(cp: number): string {
  if (cp < 0x10000) return String.fromCharCode(cp);
  const v = cp - 0x10000;
  return String.fromCharCode(0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff));
}

// A code point as its UTF-8 bytes, one character each.
function utf8Chars(cp: number): string {
  if (cp < 0x80) return String.fromCharCode(cp);
  if (cp < 0x800) return String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  if (cp < 0x10000) return String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  return String.fromCharCode(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}

// decodeCodePoint returns the code point and, above it, how many bytes it read: no tuple.
const WIDTH_SHIFT = 21;
const CODE_POINT = (1 << WIDTH_SHIFT) - 1;
const REPLACEMENT = 0xfffd | (1 << WIDTH_SHIFT);

// One code point at buf[i]. A malformed sequence becomes one U+FFFD per maximal subpart,
// as the WHATWG decoder (and so every host's TextDecoder) does.
function decodeCodePoint(buf: Uint8Array, i: number, end: number): number {
  const b0 = buf[i];
  if (b0 < 0x80) return b0 | (1 << WIDTH_SHIFT);
  const need = continuationCount(b0);
  if (need === 0) return REPLACEMENT;
  let cp = b0 & (0x3f >> need);
  let lower = secondLower(b0);
  let upper = secondUpper(b0);
  for (let k = 1; k <= need; k++) {
    // Stryker disable next-line UnaryOperator: +1 past the end is below 0x80 too, so the sequence is cut there the same
    const b = i + k < end ? buf[i + k] : -1;
    if (b < lower || b > upper) return 0xfffd | (k << WIDTH_SHIFT);
    cp = (cp << 6) | (b & 0x3f);
    lower = 0x80;
    upper = 0xbf;
  }
  return cp | ((need + 1) << WIDTH_SHIFT);
}

// The second byte's range excludes overlong forms (E0, F0), surrogates (ED) and values
// past U+10FFFF (F4).
function secondLower(b0: number): number {
  return b0 === 0xe0 ? 0xa0 : b0 === 0xf0 ? 0x90 : 0x80;
}

function secondUpper(b0: number): number {
  return b0 === 0xed ? 0x9f : b0 === 0xf4 ? 0x8f : 0xbf;
}

// Continuation bytes a lead byte announces; 0 for a byte that cannot lead.
function continuationCount(b0: number): number {
  if (b0 >= 0xc2 && b0 < 0xe0) return 1;
  if (b0 >= 0xe0 && b0 < 0xf0) return 2;
  return b0 >= 0xf0 && b0 < 0xf5 ? 3 : 0;
}
