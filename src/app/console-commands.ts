import { constant } from "../at/constant";
import { isSettingKey } from "./settings";

/** A console line, understood. */
export type ConsoleCommand =
  | { kind: "empty" }
  | { kind: "help" }
  | { kind: "status" }
  | { kind: "get"; key: string }
  | { kind: "set"; key: string; value: string }
  | { kind: "unset"; key: string }
  | { kind: "factory-reset" }
  | { kind: "reboot" }
  | { kind: "at"; command: string }
  | { kind: "error"; message: string };

/** The longest command line `at` passes to the module. */
export const AT_PASS_MAX = 160;

export const CONSOLE_HELP =
  "commands: status | get <key> | set <key> <value> | unset <key> | factory-reset | reboot | at <AT command> | help";

// Printable ASCII only: the line goes to the module as it is, so no control byte may ride along.
const AT_LINE = /^[Aa][Tt][\x20-\x7e]*$/;

function error(message: string): ConsoleCommand {
  return { kind: "error", message: message };
}

// A key is echoed in an error only if it looks like one: a mistyped line may hold a secret.
const LETTERS = /^[A-Za-z]+$/;

function keyLike(word: string): boolean {
  return word.length <= 24 && LETTERS.test(word);
}

function unknownSetting(key: string): ConsoleCommand {
  return error(keyLike(key) ? "unknown setting \"" + key + "\" (help lists them)" : "unknown setting (help lists them)");
}

function keyCommand(kind: "get" | "unset", rest: string): ConsoleCommand {
  if (rest === "" || rest.indexOf(" ") >= 0) return error(kind + " takes one key: " + kind + " <key>");
  if (!isSettingKey(rest)) return unknownSetting(rest);
  return kind === "get" ? { kind: "get", key: rest } : { kind: "unset", key: rest };
}

function setCommand(rest: string): ConsoleCommand {
  const space = rest.indexOf(" ");
  if (space < 0) return error("set takes a key and a value: set <key> <value>");
  const key = rest.slice(0, space);
  const value = rest.slice(space + 1).trim();
  if (!isSettingKey(key)) return unknownSetting(key);
  if (value === "") return error("set takes a key and a value: set <key> <value>");
  return { kind: "set", key: key, value: value };
}

function atCommand(rest: string): ConsoleCommand {
  if (!AT_LINE.test(rest)) return error("at takes an AT command line: at AT+CSQ");
  if (rest.length > AT_PASS_MAX) return error("AT command longer than " + AT_PASS_MAX + " characters");
  return { kind: "at", command: rest };
}

function noArguments(word: string): ConsoleCommand {
  return error(word + " takes no arguments");
}

/** Command words and what reads the rest of their line. */
const PARSERS: Record<string, (rest: string) => ConsoleCommand> = constant({
  help: () => ({ kind: "help" }) as ConsoleCommand,
  "?": () => ({ kind: "help" }) as ConsoleCommand,
  status: (rest: string) => (rest === "" ? { kind: "status" } : noArguments("status")) as ConsoleCommand,
  get: (rest: string) => keyCommand("get", rest),
  unset: (rest: string) => keyCommand("unset", rest),
  set: setCommand,
  "factory-reset": (rest: string) => (rest === "" ? { kind: "factory-reset" } : noArguments("factory-reset")) as ConsoleCommand,
  reboot: (rest: string) => (rest === "" ? { kind: "reboot" } : noArguments("reboot")) as ConsoleCommand,
  at: atCommand,
});

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * One console line to a command. Command words are case-insensitive; keys and values are
 * taken as typed (a value is the rest of the line, so it may hold spaces). Anything else is
 * an error whose message fits one line and never repeats a value (it may be a secret).
 */
export function parseConsoleLine(line: string): ConsoleCommand {
  const text = line.trim();
  if (text === "") return { kind: "empty" };
  const space = text.indexOf(" ");
  const word = (space < 0 ? text : text.slice(0, space)).toLowerCase();
  const rest = space < 0 ? "" : text.slice(space + 1).trim();
  if (hasOwn.call(PARSERS, word)) return PARSERS[word](rest);
  return error(keyLike(word) ? "unknown command \"" + word + "\" (try help)" : "unknown command (try help)");
}

/** What the console can do on a unit (src/app/unit.ts). */
export interface ConsoleActions {
  out(line: string): void;
  help(): void;
  status(): void;
  show(key: string): void;
  set(key: string, value: string): void;
  unset(key: string): void;
  factoryReset(): void;
  reboot(): void;
  atCommand(command: string): void;
}

type Kind = ConsoleCommand["kind"];
type Handlers = { [K in Kind]: (a: ConsoleActions, c: Extract<ConsoleCommand, { kind: K }>) => void };

/** One entry per kind: the type checker refuses a command kind without one. */
const HANDLERS: Handlers = constant({
  empty: () => undefined,
  help: (a: ConsoleActions) => a.help(),
  status: (a: ConsoleActions) => a.status(),
  get: (a: ConsoleActions, c: { key: string }) => a.show(c.key),
  set: (a: ConsoleActions, c: { key: string; value: string }) => a.set(c.key, c.value),
  unset: (a: ConsoleActions, c: { key: string }) => a.unset(c.key),
  "factory-reset": (a: ConsoleActions) => a.factoryReset(),
  reboot: (a: ConsoleActions) => a.reboot(),
  at: (a: ConsoleActions, c: { command: string }) => a.atCommand(c.command),
  error: (a: ConsoleActions, c: { message: string }) => a.out("error: " + c.message),
});

export function runConsoleCommand(actions: ConsoleActions, command: ConsoleCommand): void {
  (HANDLERS[command.kind] as (a: ConsoleActions, c: ConsoleCommand) => void)(actions, command);
}
