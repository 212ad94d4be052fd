/**
 * The byte helpers the reference parser used, copied from src/at/bytes.ts as they were at
 * the snapshot, so the reference stays what it was whatever src/at becomes.
 */
export const CR = 13;
export const LF = 10;
export const QUOTE = 34;
export const COMMA = 44;
export const SPACE = 32;
export const PROMPT = 62; // '>'

export function ascii(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

export function startsWith(buf: Uint8Array, off: number, len: number, prefix: Uint8Array): boolean {
  const n = prefix.length;
  if (len < n) return false;
  for (let i = 0; i < n; i++) if (buf[off + i] !== prefix[i]) return false;
  return true;
}

export function equals(buf: Uint8Array, off: number, len: number, word: Uint8Array): boolean {
  return len === word.length && startsWith(buf, off, len, word);
}

export function couldStartWith(buf: Uint8Array, off: number, len: number, prefix: Uint8Array): boolean {
  const n = len < prefix.length ? len : prefix.length;
  for (let i = 0; i < n; i++) if (buf[off + i] !== prefix[i]) return false;
  return true;
}
