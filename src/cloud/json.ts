/**
 * Reading untrusted JSON from the cloud. Nothing here throws, and only a value's own
 * properties are read: a payload is an object whose prototype is Object.prototype, so a plain
 * `obj.constructor` or `obj.toString` would find something the sender never wrote.
 */

export type JsonObject = Record<string, unknown>;

/** Far above any Alink message for this product (the seed's set is 103 characters). */
export const JSON_MAX_CHARS = 1024;
/**
 * XS parses JSON by C recursion: a few thousand `[` overflow the native stack, which aborts
 * the machine instead of throwing (seen on xsnap, and the ESP32 task stack is far smaller).
 * Alink messages nest three deep at most.
 */
export const JSON_MAX_DEPTH = 8;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/** The payload parsed as a JSON object (not an array), or null. */
export function parseJsonObject(text: string): JsonObject | null {
  return parseJsonObjectUpTo(text, JSON_MAX_CHARS);
}

/** The same for a message allowed to be longer (an OTA offer carries a signed URL). */
export function parseJsonObjectUpTo(text: string, maxChars: number): JsonObject | null {
  if (text.length > maxChars || !nestsWithin(text, JSON_MAX_DEPTH)) return null;
  let value: unknown;
  // Stryker disable BlockStatement: an emptied catch leaves value undefined, which is no object either
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  // Stryker restore BlockStatement
  return isJsonObject(value) ? value : null;
}

/** False if brackets outside strings nest deeper than `limit`; runs before the parser does. */
export function nestsWithin(text: string, limit: number): boolean {
  // Fewer opening brackets than the limit cannot nest deeper: one native pass, no loop. The
  // RegExp is made per call: a global one at module level is frozen by Moddable's preload,
  // and `replace` must write its lastIndex (it threw on every cloud message on the device).
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: a shortcut only: depthWithin gives the same answer for every text
  return text.length - text.replace(/[\[{]/g, "").length <= limit || depthWithin(text, limit);
}

function depthWithin(text: string, limit: number): boolean {
  let depth = 0;
  // Stryker disable next-line EqualityOperator: one more turn reads NaN past the end, which changes no depth
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) i = stringEnd(text, i + 1);
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
    if (depth > limit) return false;
  }
  return true;
}

/** Index of the quote closing a string whose contents start at `i` (or the text's end). */
function stringEnd(text: string, i: number): number {
  // Stryker disable next-line EqualityOperator: one more turn reads NaN and returns past the end, which ends the caller's loop all the same
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i;
  }
  return i;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const hasOwn = Object.prototype.hasOwnProperty;

/** `obj[key]` if the sender wrote it, else undefined. */
export function own(obj: JsonObject, key: string): unknown {
  return hasOwn.call(obj, key) ? obj[key] : undefined;
}
