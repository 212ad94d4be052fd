import { ALINK_ID_MAX } from "./ids";

/**
 * The id of a message too large or too deep for the JSON parser, found without parsing it:
 * such a set must still be refused with its id, or the cloud waits for an answer that never
 * comes. One forward pass over at most ID_SCAN_MAX_CHARS characters, no recursion, nothing
 * allocated but the id itself. Only the first `"id"` member of the outermost object counts;
 * ids nested deeper or inside strings are someone else's.
 */

/** Longer texts are scanned this far only (a 4 KB message is well inside). */
export const ID_SCAN_MAX_CHARS = 8192;
/** Digits of the largest Alink id. */
const ALINK_ID_DIGITS = 10;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const LOWER_I = 0x69;
const LOWER_D = 0x64;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/**
 * The id as the codec would read it (a string of at most `maxChars`, or a whole number as its
 * digits), or null.
 */
export function scanId(text: string, maxChars: number): string | null {
  const end = Math.min(text.length, ID_SCAN_MAX_CHARS);
  let i = skipSpace(text, 0, end);
  if (text.charCodeAt(i) !== OPEN_BRACE) return null;
  let depth = 0;
  // Stryker disable next-line EqualityOperator: a byte at `end` starts nothing that could end before `end`
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const close = stringEnd(text, i + 1, end);
      const value = depth === 1 ? idValueAt(text, i, close, end) : -1;
      if (value !== -1) return idAt(text, value, end, maxChars);
      i = close;
    } else {
      depth += nesting(c);
      // The outermost object closed without an id.
      if (depth === 0) return null;
    }
  }
  return null;
}

function nesting(c: number): number {
  if (c === OPEN_BRACE || c === OPEN_BRACKET) return 1;
  return c === CLOSE_BRACE || c === CLOSE_BRACKET ? -1 : 0;
}

/** Where the id's value starts if the string from `open` to `close` is the member name `"id"`, else -1. */
function idValueAt(text: string, open: number, close: number, end: number): number {
  return isIdName(text, open, close) ? valueAfterColon(text, close + 1, end) : -1;
}

/** The string from `open` to `close` is `"id"`. */
function isIdName(text: string, open: number, close: number): boolean {
  return close === open + 3 && text.charCodeAt(open + 1) === LOWER_I && text.charCodeAt(open + 2) === LOWER_D;
}

/** Index of the quote closing a string whose contents start at `i` (or `end`). */
function stringEnd(text: string, i: number, end: number): number {
  // Stryker disable next-line EqualityOperator: a quote at `end` gives `end` too
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i;
  }
  return end;
}

function skipSpace(text: string, i: number, end: number): number {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: skipping past `end` finds nothing: every read after it stops at `end`
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  return i;
}

// JSON's four whitespace characters: space, tab, LF, CR.
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Where the value starts if `: ` follows (the string was a member name), else -1 (it was a value). */
function valueAfterColon(text: string, i: number, end: number): number {
  i = skipSpace(text, i, end);
  return text.charCodeAt(i) === COLON ? skipSpace(text, i + 1, end) : -1;
}

function idAt(text: string, i: number, end: number, maxChars: number): string | null {
  return text.charCodeAt(i) === QUOTE ? stringId(text, i + 1, end, maxChars) : numberId(text, i, end);
}

/** A string id without escapes (an escaped id is no id a real cloud sends). */
function stringId(text: string, start: number, end: number, maxChars: number): string | null {
  const close = stringEnd(text, start, end);
  if (close === end || close === start || close - start > maxChars) return null;
  const id = text.slice(start, close);
  return id.indexOf("\\") < 0 ? id : null;
}

/** A whole number in the Alink id range, written plainly (no sign, fraction, exponent or leading zero). */
function numberId(text: string, start: number, end: number): string | null {
  let i = start;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: digits past `end` end no number (endsNumber says no there)
  while (i < end && isDigit(text.charCodeAt(i))) i++;
  const digits = i - start;
  if (digits === 0 || !endsNumber(text, i, end) || leadingZero(text, start, digits)) return null;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: 11 digits or more exceed ALINK_ID_MAX anyway; this spares converting them
  if (digits > ALINK_ID_DIGITS) return null;
  const id = text.slice(start, i);
  return Number(id) <= ALINK_ID_MAX ? id : null;
}

function leadingZero(text: string, start: number, digits: number): boolean {
  return digits > 1 && text.charCodeAt(start) === DIGIT_0;
}

/** What may follow a number's digits for it to be a whole number. */
function endsNumber(text: string, i: number, end: number): boolean {
  if (i >= end) return false;
  const c = text.charCodeAt(i);
  return c === 0x2c || c === CLOSE_BRACE || isSpace(c);
}

function isDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}
