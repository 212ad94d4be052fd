/** Text forms of signatures and keys: hex, base64, and URL encoding of a token's values. */

const HEX = "0123456789abcdef";
const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/** What URL encoding leaves as it is (RFC 3986 unreserved). */
const UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
const UPPER_HEX = "0123456789ABCDEF";
const PAD = 0x3d;

/** Lower-case hex of bytes[0, length). */
export function hex(bytes: Uint8Array, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += HEX.charAt(bytes[i] >> 4) + HEX.charAt(bytes[i] & 15);
  return out;
}

/** Standard base64 (RFC 4648 section 4, padded) of bytes[0, length). */
export function base64(bytes: Uint8Array, length: number): string {
  let out = "";
  for (let i = 0; i < length; i += 3) {
    const n = (bytes[i] << 16) | (i + 1 < length ? bytes[i + 1] << 8 : 0) | (i + 2 < length ? bytes[i + 2] : 0);
    out += BASE64.charAt((n >> 18) & 63) + BASE64.charAt((n >> 12) & 63);
    out += i + 1 < length ? BASE64.charAt((n >> 6) & 63) : "=";
    out += i + 2 < length ? BASE64.charAt(n & 63) : "=";
  }
  return out;
}

/**
 * Decode standard base64 into out[0...]; returns the byte count, or -1 if `text` is not
 * base64 (a length that is not a multiple of 4, a character outside the alphabet, padding
 * anywhere but the end) or does not fit.
 */
export function base64Decode(text: string, out: Uint8Array): number {
  if (text.length % 4 !== 0) return -1;
  let at = 0;
  for (let i = 0; i < text.length && at >= 0; i += 4) {
    const pads = i + 4 === text.length ? padding(text) : 0;
    at = quantum(text, i, 4 - pads, out, at);
  }
  return at;
}

/** Decode the `chars` base64 characters at text[i] into out[at...]; the new end, or -1. */
function quantum(text: string, i: number, chars: number, out: Uint8Array, at: number): number {
  let n = 0;
  for (let j = 0; j < 4; j++) {
    const v = j >= chars ? 0 : BASE64.indexOf(text.charAt(i + j));
    if (v < 0) return -1;
    n = (n << 6) | v;
  }
  const bytes = chars - 1;
  if (at + bytes > out.length) return -1;
  for (let b = 0; b < bytes; b++) out[at + b] = (n >> (16 - 8 * b)) & 255;
  return at + bytes;
}

/** Padding characters at the end of `text` (0-2); a third `=` is left to quantum(), which refuses it as no base64 digit. */
function padding(text: string): number {
  const n = text.length;
  if (text.charCodeAt(n - 1) !== PAD) return 0;
  return text.charCodeAt(n - 2) !== PAD ? 1 : 2;
}

/** Percent-encoding of ASCII text (RFC 3986): every byte but the unreserved ones. */
export function urlEncode(text: string): string {
  let out = "";
  // Stryker disable next-line EqualityOperator: one step past the end appends charAt's "", found in UNRESERVED at 0, so nothing
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out += UNRESERVED.indexOf(text.charAt(i)) >= 0 ? text.charAt(i) : "%" + UPPER_HEX.charAt((c >> 4) & 15) + UPPER_HEX.charAt(c & 15);
  }
  return out;
}
