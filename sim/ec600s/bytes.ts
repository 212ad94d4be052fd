/** Byte helpers: the UART carries bytes; the module's own text is ASCII/UTF-8. */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const CR = 0x0d;
export const LF = 0x0a;

export const encode = (text: string): Uint8Array => encoder.encode(text);
export const decode = (bytes: Uint8Array): string => decoder.decode(bytes);

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** V.25ter framing of a response line or URC: `<CR><LF>text<CR><LF>`. */
export const frame = (line: string): string => `\r\n${line}\r\n`;
