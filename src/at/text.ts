/**
 * Substring tests that give the same answer on every engine. Espruino's String.indexOf (2v29)
 * can answer a partial match at the end of the string: "EC600S".indexOf("SIM") is 5 there, so
 * `indexOf(...) >= 0` took an EC600S's ATI for a SIMCom's. Each answer here is checked whole.
 */

/** `text` holds `part` starting at `at`. */
export function hasAt(text: string, part: string, at: number): boolean {
  if (at < 0 || at + part.length > text.length) return false;
  for (let i = 0; i < part.length; i++) if (text.charCodeAt(at + i) !== part.charCodeAt(i)) return false;
  return true;
}

export function startsWithText(text: string, prefix: string): boolean {
  return hasAt(text, prefix, 0);
}

/** Where `part` first occurs in `text`, or -1 (indexOf, with its answer checked). */
export function find(text: string, part: string): number {
  const at = text.indexOf(part);
  return hasAt(text, part, at) ? at : -1;
}

export function contains(text: string, part: string): boolean {
  return find(text, part) >= 0;
}
