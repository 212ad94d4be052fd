/**
 * One AT command line, split the way the module reads it: `AT` + name + form + arguments.
 * Extended commands (`+QMTOPEN`, `&W`) take `?` (read), `=?` (test) or `=args` (set);
 * basic ones are a letter with an optional number (`E0`, `I`). Arguments are comma
 * separated; strings are double-quoted with no escapes (Quectel has none).
 */

export type AtForm = "exec" | "read" | "test" | "set";

export interface AtArg {
  text: string;
  quoted: boolean;
}

export interface AtCommand {
  /** Upper-case name with its prefix: `+QMTOPEN`, `E`, `` (bare `AT`). */
  name: string;
  form: AtForm;
  args: AtArg[];
}

/** Undefined when the line is not an AT command at all (the module ignores such lines). */
export function isAtLine(line: string): boolean {
  return /^at/i.test(line.trimStart());
}

/** Undefined when the line starts with AT but cannot be parsed (-> ERROR). */
export function parseAtCommand(line: string): AtCommand | undefined {
  const body = line.trim().slice(2);
  const extended = /^([+&][A-Za-z0-9]+)(.*)$/s.exec(body);
  if (extended) return withForm(extended[1].toUpperCase(), extended[2]);
  const basic = /^([A-Za-z]?)(\d*)$/.exec(body);
  if (!basic) return undefined;
  const args = basic[2] === "" ? [] : [{ text: basic[2], quoted: false }];
  return { name: basic[1].toUpperCase(), form: args.length > 0 ? "set" : "exec", args };
}

function withForm(name: string, rest: string): AtCommand | undefined {
  if (rest === "") return { name, form: "exec", args: [] };
  if (rest === "?") return { name, form: "read", args: [] };
  if (rest === "=?") return { name, form: "test", args: [] };
  if (!rest.startsWith("=")) return undefined;
  const args = splitArgs(rest.slice(1));
  return args && { name, form: "set", args };
}

/** Splits on commas outside quotes; undefined on an unterminated quote or text after one. */
export function splitArgs(text: string): AtArg[] | undefined {
  const args: AtArg[] = [];
  let at = 0;
  for (;;) {
    const next = readArg(text, at);
    if (!next) return undefined;
    args.push(next.arg);
    if (next.end >= text.length) return args;
    at = next.end + 1;
  }
}

function readArg(text: string, start: number): { arg: AtArg; end: number } | undefined {
  const lead = text.slice(start).length - text.slice(start).trimStart().length;
  const at = start + lead;
  if (text[at] !== '"') {
    const comma = text.indexOf(",", at);
    const end = comma < 0 ? text.length : comma;
    return { arg: { text: text.slice(at, end).trim(), quoted: false }, end };
  }
  const close = text.indexOf('"', at + 1);
  if (close < 0) return undefined;
  const after = text.slice(close + 1).search(/\S/);
  const end = after < 0 ? text.length : close + 1 + after;
  if (end < text.length && text[end] !== ",") return undefined;
  return { arg: { text: text.slice(at + 1, close), quoted: true }, end };
}

/** An unquoted decimal integer within [min, max], else undefined. */
export function intArg(cmd: AtCommand, index: number, min: number, max: number): number | undefined {
  const arg = cmd.args[index];
  if (!arg || arg.quoted || !/^-?\d+$/.test(arg.text)) return undefined;
  const value = Number(arg.text);
  return value >= min && value <= max ? value : undefined;
}

/** A quoted string of at most maxLength characters, else undefined. */
export function strArg(cmd: AtCommand, index: number, maxLength = 1024): string | undefined {
  const arg = cmd.args[index];
  return arg && arg.quoted && arg.text.length <= maxLength ? arg.text : undefined;
}
