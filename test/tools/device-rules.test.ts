/**
 * The lint rules that keep src/ runnable on the device (tools/lint/device-rules.mjs): each
 * one must catch what it is for, and leave alone what is fine.
 */
import { ESLint } from "eslint";
import { test } from "uvu";
import * as assert from "uvu/assert";

const eslint = new ESLint({ cwd: process.cwd() });

/** The rule ids that fire for `code` as if it were a file in src/. */
async function fired(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: "src/at/__rules_probe__.ts" });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

const CASES: Array<[string, string, string]> = [
  ["a module-level global RegExp", "const R = /a/g;\nexport const f = (s: string) => s.replace(R, '');", "device/no-module-state"],
  ["a module-level sticky RegExp", "export const R = /a/y;", "device/no-module-state"],
  ["a module-level let", "let n = 0;\nexport function f(): number { return ++n; }", "device/no-module-state"],
  ["a module-level array literal", "const seen: string[] = [];\nexport const f = (s: string) => seen.push(s);", "device/no-module-state"],
  ["a module-level object literal", "export const counters = { n: 0 };", "device/no-module-state"],
  ["a module-level typed array", "export const buf = new Uint8Array(16);", "device/no-module-state"],
  ["a module-level statement", "globalThis.toString();", "device/no-module-state"],
  ["a writable static field", "export class A { static count = 0; }", "device/no-module-state"],
  ["apply over data", "export const f = (b: number[]) => String.fromCharCode.apply(null, b);", "device/no-apply"],
  ["recursion in a function", "export function depth(o: unknown): number { return o ? 1 + depth(o) : 0; }", "device/no-recursion"],
  ["recursion in a method", "export class A { walk(n: number): number { return n > 0 ? this.walk(n - 1) : 0; } }", "device/no-recursion"],
  ["an unescaped / in a RegExp class", "export const ok = (s: string) => /[/+]/.test(s);", "device/espruino-regex"],
  ["an unescaped [ in a RegExp class", "export const ok = (s: string) => /[[{]/.test(s);", "device/espruino-regex"],
  ["a default parameter", "export function f(a = 1): number { return a; }", "no-restricted-syntax"],
  ["destructuring", "export function f(o: { a: number }): number { const { a } = o; return a; }", "no-restricted-syntax"],
  ["spread", "export const f = (a: number[]) => Math.max(...a);", "no-restricted-syntax"],
  ["copyWithin", "export const f = (b: Uint8Array) => b.copyWithin(0, 1, 2);", "no-restricted-syntax"],
  ["extends Error", "export class E extends Error {}", "no-restricted-syntax"],
  ["new Map", "export const f = () => new Map();", "no-restricted-syntax"],
  // Found by running the core on Espruino 2v29: each of these loads but misbehaves, or does not load.
  ["an optional (?) in a RegExp", "export const ok = (s: string) => /^ab?c$/.test(s);", "device/espruino-regex"],
  ["a {n} quantifier in a RegExp", "export const ok = (s: string) => /^a{2}$/.test(s);", "device/espruino-regex"],
  ["a quantified group in a RegExp", "export const ok = (s: string) => /^(ab)+$/.test(s);", "device/espruino-regex"],
  ["alternation inside a group", "export const ok = (s: string) => /^x(a|b)y$/.test(s);", "device/espruino-regex"],
  ["a non-capturing group", "export const ok = (s: string) => /(?:ab)/.test(s);", "device/espruino-regex"],
  ["a lookahead", "export const ok = (s: string) => /a(?=b)/.test(s);", "device/espruino-regex"],
  ["a word boundary", "export const ok = (s: string) => /\\bon\\b/.test(s);", "device/espruino-regex"],
  ["a backreference", "export const ok = (s: string) => /(a)\\1/.test(s);", "device/espruino-regex"],
  ["a \\u escape in a RegExp", "export const ok = (s: string) => /\\u00e9/.test(s);", "device/espruino-regex"],
  ["a '.' that would match line ends", "export const ok = (s: string) => /a.b/.test(s);", "device/espruino-regex"],
  ["a multiline flag", "export const ok = (s: string) => /^b/m.test(s);", "device/espruino-regex"],
  ["a label", "export function f(): number { outer: for (let i = 0; i < 3; i++) { for (;;) break outer; } return 0; }", "no-restricted-syntax"],
  ["a computed key", "export const f = (k: string) => ({ [k]: 1 });", "no-restricted-syntax"],
  ["a #private field", "export class A { #n = 0; bump(): number { return ++this.#n; } }", "no-restricted-syntax"],
  ["new.target", "export function F(this: unknown): boolean { return new.target !== undefined; }", "no-restricted-syntax"],
  ["Number.isInteger", "export const f = (n: number) => Number.isInteger(n);", "no-restricted-syntax"],
  ["Math.trunc", "export const f = (n: number) => Math.trunc(n);", "no-restricted-syntax"],
  ["Uint8Array.of", "export const f = () => Uint8Array.of(1, 2);", "no-restricted-syntax"],
  ["Object.is", "export const f = (a: unknown, b: unknown) => Object.is(a, b);", "no-restricted-syntax"],
  ["lastIndexOf", "export const f = (s: string) => s.lastIndexOf('/');", "no-restricted-syntax"],
  ["an array iterator", "export const f = (a: number[]) => a.entries();", "no-restricted-syntax"],
  ["RangeError", "export const f = () => new RangeError('x');", "no-restricted-globals"],
  ["a load-time call to a function declared below", "const T = make();\nfunction make(): number { return 1; }\nexport const f = () => T;", "device/declared-before-load"],
  ["a load-time call that reaches a function declared below", "function a(): number { return b(); }\nconst T = a();\nfunction b(): number { return 1; }\nexport const f = () => T;", "device/declared-before-load"],
  ["a static field initialized by a function declared below", "export class A { static readonly T = make(); }\nfunction make(): number { return 1; }", "device/declared-before-load"],
  ["TextDecoder", "export const f = (b: Uint8Array) => new TextDecoder().decode(b);", "no-restricted-globals"],
];

test("each device rule catches what it is for", async () => {
  for (const [what, code, rule] of CASES) assert.ok((await fired(code)).includes(rule), `${what}: expected ${rule}, got ${(await fired(code)).join(", ") || "nothing"}`);
});

test("constants, frozen tables, calls and non-global RegExps are fine at module level", async () => {
  const code = [
    'import { constant } from "./constant";',
    "const LIMIT = 8;",
    "const NAMES = constant(['a', 'b']);",
    "const ASCII = /[^\\x00-\\x7f]/;",
    "const ESCAPED = /[\\/\\[{]/;",
    "export class A { static readonly MAX = LIMIT; private n = 0; bump(): number { return ++this.n; } }",
    "export function f(s: string): boolean { return ASCII.test(s) || ESCAPED.test(s) || NAMES.length > LIMIT || s.replace(/x/g, '') === s; }",
    // Functions declared below are fine where they run later than the module's load.
    "function early(): number { return late(); }",
    "export const h = (): number => early() + late();",
    "export class B { n = late(); run(): number { return late(); } }",
    "function late(): number { return 1; }",
    // What Espruino's RegExp engine and library do as JS does.
    "export const g = (s: string, o: object) => /^[A-Za-z0-9_\\-@.:]+$/.test(s) || /^a|b$/i.test(s) || /(\\d+)-\\d*/.test(s) || Object.keys(o).length > 0 || s.indexOf('/') > 0;",
  ].join("\n");
  assert.equal(await fired(code), []);
});

test.run();
