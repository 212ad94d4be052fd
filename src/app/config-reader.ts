/**
 * Reading the flat mc/config object. Values come from the manifest (numbers, strings) or from
 * `key=value` on the mcconfig command line (always strings), so "30" and 30 mean the same.
 * An empty string means "not set": it is how a manifest leaves a key to its default.
 *
 * Every problem is collected rather than thrown, so one build tells the user all of them.
 */

/** How a text value is checked. */
export interface TextRule {
  min: number;
  max: number;
  /** Whole-value pattern, or null for any text. */
  pattern: RegExp | null;
  /** The pattern in words, for the message. */
  allowed: string;
  /** Never echo the value (a credential). */
  secret: boolean;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** A value as it should appear in a message: strings quoted, so "5" and 5 can be told apart. */
export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return value === null ? "null" : "a " + typeof value;
}

export class ConfigReader {
  readonly errors: string[] = [];
  private readonly raw: Record<string, unknown>;

  constructor(raw: Record<string, unknown>) {
    this.raw = typeof raw === "object" && raw !== null ? raw : {};
  }

  /** The value set for `key`; undefined when absent, null or "". Only own keys count. */
  given(key: string): unknown {
    if (!hasOwn.call(this.raw, key)) return undefined;
    const value = this.raw[key];
    return value === null || value === "" ? undefined : value;
  }

  fail(message: string): void {
    this.errors.push(message);
  }

  int(key: string, min: number, max: number, fallback: number): number {
    const value = this.given(key);
    if (value === undefined) return fallback;
    const n = toNumber(value);
    if (Math.floor(n) === n && n >= min && n <= max) return n;
    this.fail(key + " must be an integer " + min + ".." + max + ", got " + describe(value));
    return fallback;
  }

  number(key: string, min: number, max: number, fallback: number): number {
    const value = this.given(key);
    if (value === undefined) return fallback;
    const n = toNumber(value);
    if (n >= min && n <= max) return n;
    this.fail(key + " must be a number " + min + ".." + max + ", got " + describe(value));
    return fallback;
  }

  /** Text that has no default: its absence is a problem. */
  required(key: string, rule: TextRule): string {
    if (this.given(key) !== undefined) return this.text(key, rule, "");
    this.fail(key + " is required: " + expectation(rule));
    return "";
  }

  text(key: string, rule: TextRule, fallback: string): string {
    const value = this.given(key);
    if (value === undefined) return fallback;
    const text = typeof value === "number" && isFinite(value) ? String(value) : value;
    if (typeof text === "string" && fits(text, rule)) return text;
    this.fail(key + " must be " + expectation(rule) + ", got " + shown(value, rule));
    return fallback;
  }

  choice<T extends string>(key: string, choices: T[], fallback: T): T {
    const value = this.given(key);
    if (value === undefined) return fallback;
    const index = typeof value === "string" ? choices.indexOf(value as T) : -1;
    if (index >= 0) return choices[index];
    this.fail(key + " must be one of " + choices.map(describe).join(", ") + ", got " + describe(value));
    return fallback;
  }
}

/** A number, or NaN for anything that is not one (booleans included: true is not 1 here). */
function toNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value !== "string" || value.trim() === "") return NaN;
  return Number(value.trim());
}

function fits(text: string, rule: TextRule): boolean {
  if (text.length < rule.min || text.length > rule.max) return false;
  return rule.pattern === null || rule.pattern.test(text);
}

function expectation(rule: TextRule): string {
  const length = rule.min === rule.max ? String(rule.min) : rule.min + ".." + rule.max;
  return length + " characters of " + rule.allowed;
}

function shown(value: unknown, rule: TextRule): string {
  if (!rule.secret) return describe(value);
  return typeof value === "string" ? value.length + " characters (not shown)" : "a " + typeof value;
}
