import { constant } from "../at/constant";
import { isJsonObject, JsonObject, own } from "./json";
import { POWER_SWITCH, powerSwitchValue } from "./thing";

/**
 * The timer properties of the thing model, in one place (issue 10 moves them into the
 * thing-model table): Aliyun living platform's standard `LocalTimer` (schedules the device
 * runs itself, also offline) and `CountDown` (switch once after N seconds).
 *
 * LocalTimer is an array (here of at most LOCAL_TIMER_MAX) of
 *   {"Timer":"43 10 * * 1,2,3","Enable":1,"IsValid":1,"Targets":"PowerSwitch_1",
 *    "TimezoneOffset":28800,"PowerSwitch":1}
 * Timer is cron: minute hour day-of-month month day-of-week (0 or 7 Sunday), each `*`, a
 * number, a range `a-b`, a step `*\/n` or `a-b/n`, or a comma list of those; as in cron, when
 * both day fields are restricted either may match. Targets names the property the entry
 * switches (this product: PowerSwitch_1; a 2-gang one adds PowerSwitch_2). The value goes in
 * "PowerSwitch" (as Aliyun's example) or in the target's own name, and is echoed back the
 * same way. TimezoneOffset is in seconds east of UTC (default 28800, the platform's China
 * default, when absent). Unknown members refuse the set: a schedule the device would not run
 * as the app shows it is worse than a refusal.
 *
 * CountDown: {"IsRunning":1,"TimeLeft":600,"PowerSwitch":0,"Timestamp":"1733121613000"}:
 * TimeLeft seconds, PowerSwitch the state to switch to; IsRunning 0 cancels. Timestamp (the
 * app's start time, optional) is only echoed.
 * UNCONFIRMED beyond the example in the issue and help.aliyun.com 129209/129231/151628:
 * the exact limits (TimeLeft range, Timestamp type) of the product's exported TSL.
 */
export const LOCAL_TIMER = "LocalTimer";
export const COUNT_DOWN = "CountDown";
export const LOCAL_TIMER_MAX = 5;
/** Longest cron text kept (NVS keeps it as 4-bit codes, 7 to an int). */
export const TIMER_TEXT_MAX = 56;
/** Properties an entry or a countdown may switch, by index. */
export const TIMER_TARGETS: readonly string[] = constant([POWER_SWITCH]);
export const TIMEZONE_MIN = -43200;
export const TIMEZONE_MAX = 50400;
export const TIMEZONE_DEFAULT = 28800;
/** A week: a longer countdown is a schedule. */
export const COUNT_DOWN_MAX_S = 604800;

const VALUE_KEY = "PowerSwitch";
const ENTRY_KEYS: readonly string[] = constant(["Timer", "Enable", "IsValid", "Targets", "TimezoneOffset"]);
// Stryker disable next-line StringLiteral: unknownMember always lets VALUE_KEY (PowerSwitch) through, so its name here only documents the member
const COUNT_DOWN_KEYS: readonly string[] = constant(["IsRunning", "TimeLeft", "PowerSwitch", "Timestamp"]);

/** When an entry fires, as bit masks (bit n set: value n matches). */
export interface CronMasks {
  /** minutes 0-29 */
  minLo: number;
  /** minutes 30-59, as bits 0-29 */
  minHi: number;
  hours: number;
  /** bits 1-31 */
  days: number;
  /** bits 1-12 */
  months: number;
  /** bits 0-6, Sunday 0 */
  weekdays: number;
  daysAny: boolean;
  weekdaysAny: boolean;
}

export interface TimerEntry {
  timer: string;
  enable: 0 | 1;
  isValid: 0 | 1;
  /** Index in TIMER_TARGETS. */
  target: number;
  power: 0 | 1;
  tzOffset: number;
  /** The value was sent as the target's own name (else as "PowerSwitch"). */
  namedValue: boolean;
  cron: CronMasks;
}

export interface CountDownSet {
  isRunning: 0 | 1;
  timeLeft: number;
  power: 0 | 1;
  /** "" when none was sent. */
  timestamp: string;
}

export function newCronMasks(): CronMasks {
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: parseCron writes every field before cronMatches reads one (only entries below the count, all parsed, are matched)
  return { minLo: 0, minHi: 0, hours: 0, days: 0, months: 0, weekdays: 0, daysAny: true, weekdaysAny: true };
}

export function newTimerEntry(): TimerEntry {
  // Stryker disable next-line StringLiteral,BooleanLiteral: a parsed entry has its timer and namedValue written; one refused is dropped, and slots past the count are never encoded or matched
  return { timer: "", enable: 0, isValid: 0, target: 0, power: 0, tzOffset: TIMEZONE_DEFAULT, namedValue: false, cron: newCronMasks() };
}

export function copyEntry(from: TimerEntry, to: TimerEntry): void {
  to.timer = from.timer;
  to.enable = from.enable;
  to.isValid = from.isValid;
  to.target = from.target;
  to.power = from.power;
  to.tzOffset = from.tzOffset;
  to.namedValue = from.namedValue;
  const a = from.cron;
  const b = to.cron;
  b.minLo = a.minLo;
  b.minHi = a.minHi;
  b.hours = a.hours;
  b.days = a.days;
  b.months = a.months;
  b.weekdays = a.weekdays;
  b.daysAny = a.daysAny;
  b.weekdaysAny = a.weekdaysAny;
}

/** A LocalTimer value checked whole: the entries, or why it is refused. */
export type LocalTimerDecision = { ok: true; entries: TimerEntry[] } | { ok: false; message: string };

/** One entry of a LocalTimer list into `entry`: "" or why it is refused (with its index). */
export function parseTimerEntry(value: unknown, index: number, entry: TimerEntry): string {
  const why = readEntry(value, entry);
  return why === "" ? "" : LOCAL_TIMER + "[" + index + "]: " + why;
}

/** The list's shape before its entries: "" or why it is refused. */
export function checkLocalTimerList(value: unknown): string {
  if (!Array.isArray(value)) return LOCAL_TIMER + " must be an array";
  return value.length > LOCAL_TIMER_MAX ? LOCAL_TIMER + " holds at most " + LOCAL_TIMER_MAX + " entries" : "";
}

export function parseLocalTimer(value: unknown): LocalTimerDecision {
  if (!Array.isArray(value)) return { ok: false, message: LOCAL_TIMER + " must be an array" };
  if (value.length > LOCAL_TIMER_MAX) return { ok: false, message: LOCAL_TIMER + " holds at most " + LOCAL_TIMER_MAX + " entries" };
  const entries: TimerEntry[] = [];
  for (let i = 0; i < value.length; i++) {
    const entry = newTimerEntry();
    const why = readEntry(value[i], entry);
    if (why !== "") return { ok: false, message: LOCAL_TIMER + "[" + i + "]: " + why };
    entries.push(entry);
  }
  return { ok: true, entries: entries };
}

function readEntry(value: unknown, e: TimerEntry): string {
  if (!isJsonObject(value)) return "not an object";
  const target = own(value, "Targets");
  // Stryker disable next-line ConditionalExpression: indexOf finds no non-string among the target names either, so the guard only spares the lookup
  e.target = typeof target === "string" ? TIMER_TARGETS.indexOf(target) : -1;
  // Stryker disable next-line StringLiteral: one target (this product), so join writes no separator; the message itself is asserted by the suite
  if (e.target < 0) return "Targets must be one of " + TIMER_TARGETS.join(",");
  const unknown = unknownMember(value, ENTRY_KEYS, TIMER_TARGETS[e.target]);
  if (unknown !== "") return "unknown member " + unknown;
  return readTimer(value, e) || readFlags(value, e) || readZone(value, e) || readValue(value, e);
}

function readTimer(value: JsonObject, e: TimerEntry): string {
  const timer = own(value, "Timer");
  if (typeof timer !== "string") return "Timer must be a string";
  const cronError = parseCron(timer, e.cron);
  if (cronError !== "") return "Timer " + cronError;
  e.timer = timer;
  return "";
}

/** The first member not in `keys` (nor VALUE_KEY or `extra`), shortened; "" if none. */
function unknownMember(value: JsonObject, keys: readonly string[], extra: string): string {
  const names = Object.keys(value);
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    // A member named "" is shown as "": returned bare it would read as no unknown member at all.
    if (keys.indexOf(name) < 0 && name !== VALUE_KEY && name !== extra) return name === "" ? '""' : name.slice(0, 32);
  }
  return "";
}

function readFlags(value: JsonObject, e: TimerEntry): string {
  const enable = powerSwitchValue(own(value, "Enable"));
  const isValid = own(value, "IsValid") === undefined ? 1 : powerSwitchValue(own(value, "IsValid"));
  if (enable === null) return "Enable must be 0 or 1";
  if (isValid === null) return "IsValid must be 0 or 1";
  e.enable = enable;
  e.isValid = isValid;
  return "";
}

function readZone(value: JsonObject, e: TimerEntry): string {
  const tz = own(value, "TimezoneOffset");
  if (tz === undefined) {
    e.tzOffset = TIMEZONE_DEFAULT;
    return "";
  }
  if (!isWhole(tz, TIMEZONE_MIN, TIMEZONE_MAX) || (tz as number) % 60 !== 0) {
    return "TimezoneOffset must be whole minutes, in seconds from " + TIMEZONE_MIN + " to " + TIMEZONE_MAX;
  }
  e.tzOffset = tz as number;
  return "";
}

function readValue(value: JsonObject, e: TimerEntry): string {
  const plain = own(value, VALUE_KEY);
  const named = own(value, TIMER_TARGETS[e.target]);
  if ((plain === undefined) === (named === undefined)) return "give the state in one of " + VALUE_KEY + " or " + TIMER_TARGETS[e.target];
  const power = powerSwitchValue(plain === undefined ? named : plain);
  if (power === null) return VALUE_KEY + " must be 0 or 1";
  e.power = power;
  e.namedValue = plain === undefined;
  return "";
}

function isWhole(value: unknown, min: number, max: number): boolean {
  // Stryker disable next-line ConditionalExpression: Math.floor returns a number, never === a value of another type, so the next line refuses those too
  if (typeof value !== "number") return false;
  return Math.floor(value) === value && value >= min && value <= max;
}

function stepPatterns(): number[] {
  const out: number[] = [0];
  // Stryker disable next-line EqualityOperator: s < 32 drops entry 32, which is bit 0 alone: stepMask uses that past the table's end anyway
  for (let s = 1; s <= 32; s++) {
    let m = 0;
    // Stryker disable next-line EqualityOperator: with v <= 32, 1 << 32 is 1 << 0 in JS, so a step that reaches 32 only sets bit 0 again
    for (let v = 0; v < 32; v += s) m = (m | (1 << v)) >>> 0;
    out.push(m);
  }
  return out;
}

/** STEP_PATTERNS[s]: bits 0, s, 2s, ... of 32. */
const STEP_PATTERNS: readonly number[] = constant(stepPatterns());

const FIELD_NAMES: readonly string[] = constant(["minute", "hour", "day", "month", "weekday"]);
const FIELD_MIN: readonly number[] = constant([0, 0, 1, 1, 0]);
// Weekday 7 is Sunday too.
const FIELD_MAX: readonly number[] = constant([59, 23, 31, 12, 7]);

/** Cron text to masks; "" when sound, else why not. Five fields separated by spaces. */
export function parseCron(text: string, out: CronMasks): string {
  if (text.length === 0 || text.length > TIMER_TEXT_MAX) return "must be 1 to " + TIMER_TEXT_MAX + " characters";
  if (!/^[0-9*,\-\/ ]+$/.test(text)) return "may hold only digits, spaces and * , - /";
  const fields = text.trim().split(/ +/);
  if (fields.length !== 5) return "must have 5 fields (minute hour day month weekday)";
  const masks = [0, 0, 0, 0, 0, 0];
  for (let f = 0; f < 5; f++) {
    const why = fieldMask(fields[f], FIELD_MIN[f], FIELD_MAX[f], f === 0, masks, f === 0 ? 0 : f + 1);
    if (why !== "") return FIELD_NAMES[f] + " " + why;
  }
  out.minLo = masks[0];
  out.minHi = masks[1];
  out.hours = masks[2];
  out.days = masks[3];
  out.months = masks[4];
  out.weekdays = (masks[5] | (masks[5] >>> 7)) & 0x7f;
  out.daysAny = fields[2] === "*";
  out.weekdaysAny = fields[4] === "*";
  return "";
}

/** One cron item read: lo-hi every step; lo -1 when malformed. */
interface CronItem {
  lo: number;
  hi: number;
  step: number;
}

/**
 * One field's items into masks[at] (minutes: masks[0] for 0-29, masks[1] for 30-59); "" if
 * every item is well formed and in range. Each item is read once: a set is parsed on the
 * cloud's turn and every entry again at boot.
 */
function fieldMask(field: string, min: number, max: number, split: boolean, masks: number[], at: number): string {
  const items = field.split(",");
  // Stryker disable next-line ObjectLiteral: readItem writes lo, hi and step before anything reads them
  const item: CronItem = { lo: 0, hi: 0, step: 1 };
  for (let i = 0; i < items.length; i++) {
    // A plain number, the common item: no range or step to read.
    // Stryker disable next-line ConditionalExpression: readItem gives a plain number the same single bit; the shortcut only saves compute (test/xs keeps the turn's cost)
    if (setPlain(smallNumber(items[i]), min, max, split, masks, at)) continue;
    readItem(items[i], min, max, item);
    if (item.lo < 0) return "item '" + items[i] + "' is not n, a-b or *, with an optional /step";
    if (!inRange(item, min, max)) return "item '" + items[i] + "' outside " + min + "-" + max;
    if (!split) masks[at] = (masks[at] | stepMask(item.lo, item.hi, item.step)) >>> 0;
    else splitMinutes(item, masks);
  }
  return "";
}

// Stryker disable next-line BlockStatement: a shortcut only (see fieldMask): a number it leaves, readItem sets the same bit or refuses it the same way
function setPlain(n: number, min: number, max: number, split: boolean, masks: number[], at: number): boolean {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: refusing more (true, false, > min, < max) only leaves a number to readItem, which sets the same bit or gives the same refusal
  if (!(n >= min && n <= max)) return false;
  if (split && n >= 30) masks[1] = (masks[1] | (1 << (n - 30))) >>> 0;
  else masks[at] = (masks[at] | (1 << n)) >>> 0;
  // Stryker disable next-line BooleanLiteral: readItem would set the same bit again
  return true;
}

/** Minutes 0-29 in masks[0], 30-59 in masks[1] (bit v - 30). */
function splitMinutes(item: CronItem, masks: number[]): void {
  // Stryker disable next-line EqualityOperator: with <= 30, lo 30 asks stepMask(30, 29), an empty span, so nothing more is set
  if (item.lo < 30) masks[0] = (masks[0] | stepMask(item.lo, Math.min(item.hi, 29), item.step)) >>> 0;
  // The first value at or past 30 in the item's sequence (past hi when none is).
  // Stryker disable next-line EqualityOperator: with > 30, lo 30 takes the sum, 30 + ceil(0) * step, lo itself
  const first = item.lo >= 30 ? item.lo : item.lo + Math.ceil((30 - item.lo) / item.step) * item.step;
  if (first <= item.hi) masks[1] = (masks[1] | stepMask(first - 30, item.hi - 30, item.step)) >>> 0;
}

/**
 * Bits lo, lo + step, ... up to hi (all within 0-31), without a loop per value: every
 * step-th bit is a table entry shifted to lo, cut at hi. A set is decided in one turn, and a
 * loop per value made five entries cost 41,000 XS compute.
 */
function stepMask(lo: number, hi: number, step: number): number {
  const span = Math.pow(2, hi + 1) - Math.pow(2, lo);
  const every = step < STEP_PATTERNS.length ? STEP_PATTERNS[step] : 1;
  return ((every << lo) & span) >>> 0;
}



function inRange(item: CronItem, min: number, max: number): boolean {
  return item.lo >= min && item.hi <= max && item.lo <= item.hi && item.step >= 1;
}

/** `*`, `n`, `a-b`, each with an optional `/step` ("a/n" runs from a to the end, as in cron). */
function readItem(text: string, min: number, max: number, out: CronItem): void {
  const slash = text.indexOf("/");
  // Stryker disable next-line EqualityOperator: <= 0 differs only for an item starting with /, which has no number before it: lo is -1 whatever base and step are
  const base = slash < 0 ? text : text.slice(0, slash);
  // Stryker disable next-line EqualityOperator: <= 0, as above: an item starting with / is refused whatever its step
  out.step = slash < 0 ? 1 : smallNumber(text.slice(slash + 1));
  const dash = base.indexOf("-");
  // Stryker disable next-line EqualityOperator: <= 0 differs only for a base starting with -, which has no number before it: lo is -1 in either branch
  const bare = dash < 0;
  if (base === "*") {
    out.lo = min;
    out.hi = max;
  } else if (bare) {
    out.lo = smallNumber(base);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: false (hi max for a bare n) changes nothing, as a bare n gets here only when setPlain left it, malformed or out of range, and is refused the same with either hi; <= 0 differs only for an item starting with /, refused anyway
    out.hi = slash < 0 ? out.lo : max;
  } else {
    out.lo = smallNumber(base.slice(0, dash));
    out.hi = smallNumber(base.slice(dash + 1));
  }
  if (out.step < 0 || out.hi < 0) out.lo = -1;
}

/** One or two digits, else -1. */
function smallNumber(text: string): number {
  if (text.length > 2) return -1;
  const a = text.charCodeAt(0) - 48;
  // Stryker disable next-line ConditionalExpression,LogicalOperator: parseCron lets through only digits and * - /, all below '0', so a first char that is no digit gives a negative result without this test too (a itself, or a * 10 + b with b a digit; "" still ends at b), and every caller refuses any negative as it does -1
  if (!(a >= 0 && a <= 9)) return -1;
  if (text.length === 1) return a;
  const b = text.charCodeAt(1) - 48;
  // Stryker disable next-line ConditionalExpression,UnaryOperator: nothing in parseCron's alphabet lies above '9', so this never returns; it keeps the function right should the alphabet grow
  if (b > 9) return -1;
  return b >= 0 ? a * 10 + b : -1;
}

/** Does an entry's cron match this local minute? */
export function cronMatches(c: CronMasks, minute: number, hour: number, day: number, month: number, weekday: number): boolean {
  const minuteOk = minute < 30 ? (c.minLo >>> minute) & 1 : (c.minHi >>> (minute - 30)) & 1;
  if (!minuteOk || !((c.hours >>> hour) & 1) || !((c.months >>> month) & 1)) return false;
  return daysMatch(c, day, weekday);
}

function daysMatch(c: CronMasks, day: number, weekday: number): boolean {
  const dayOk = ((c.days >>> day) & 1) === 1;
  const weekdayOk = ((c.weekdays >>> weekday) & 1) === 1;
  // cron: with both day fields restricted, either matches; with one, that one decides.
  if (!c.daysAny && !c.weekdaysAny) return dayOk || weekdayOk;
  return dayOk && weekdayOk;
}

/** The JSON of the first `count` entries, as the cloud sent them. */
export function encodeLocalTimer(entries: readonly TimerEntry[], count: number): string {
  let out = "[";
  for (let i = 0; i < count; i++) {
    const e = entries[i];
    const valueKey = e.namedValue ? TIMER_TARGETS[e.target] : VALUE_KEY;
    out +=
      (i > 0 ? "," : "") +
      '{"Timer":' + JSON.stringify(e.timer) + ',"Enable":' + e.enable + ',"IsValid":' + e.isValid +
      ',"Targets":"' + TIMER_TARGETS[e.target] + '","TimezoneOffset":' + e.tzOffset + ',"' + valueKey + '":' + e.power + "}";
  }
  return out + "]";
}

export type CountDownDecision = { ok: true; set: CountDownSet } | { ok: false; message: string };

export function parseCountDown(value: unknown): CountDownDecision {
  if (!isJsonObject(value)) return refuse("must be an object");
  // No extra name to allow: VALUE_KEY is allowed anyway, where "" would allow a member named "".
  const unknown = unknownMember(value, COUNT_DOWN_KEYS, VALUE_KEY);
  if (unknown !== "") return refuse("unknown member " + unknown);
  const running = powerSwitchValue(own(value, "IsRunning"));
  if (running === null) return refuse("IsRunning must be 0 or 1");
  return countDownValues(value, running);
}

function countDownValues(value: JsonObject, running: 0 | 1): CountDownDecision {
  // Absent is 0: all a cancel needs, and below a start's least (1), so a start without it is refused.
  const left = own(value, "TimeLeft");
  const timeLeft = left === undefined ? 0 : left;
  const low = running === 1 ? 1 : 0;
  if (!isWhole(timeLeft, low, COUNT_DOWN_MAX_S)) return refuse("TimeLeft must be whole seconds from " + low + " to " + COUNT_DOWN_MAX_S);
  const power = countDownPower(own(value, "PowerSwitch"), running);
  if (power === null) return refuse("PowerSwitch must be 0 or 1");
  const stamp = timestampOf(own(value, "Timestamp"));
  if (stamp === null) return refuse("Timestamp must be epoch milliseconds");
  return { ok: true, set: { isRunning: running, timeLeft: timeLeft as number, power: power, timestamp: stamp } };
}

function countDownPower(value: unknown, running: 0 | 1): 0 | 1 | null {
  return value === undefined && running === 0 ? 0 : powerSwitchValue(value);
}

/** Epoch ms as text ("" when absent), or null when it is something else. */
function timestampOf(value: unknown): string | null {
  if (value === undefined) return "";
  if (typeof value === "string" && value.length <= 20 && /^[0-9]*$/.test(value)) return value;
  return isWhole(value, 0, 1e15) ? String(value) : null;
}

function refuse(why: string): CountDownDecision {
  return { ok: false, message: COUNT_DOWN + " " + why };
}

export function encodeCountDown(isRunning: 0 | 1, timeLeft: number, power: 0 | 1, timestamp: string): string {
  return '{"IsRunning":' + isRunning + ',"TimeLeft":' + timeLeft + ',"PowerSwitch":' + power + (timestamp === "" ? "" : ',"Timestamp":"' + timestamp + '"') + "}";
}

/** The app side of the timer properties (what a set acts on, what a post reports). */
export interface TimerThing {
  /** Replace the schedules (already validated whole). */
  setLocalTimer(entries: TimerEntry[]): void;
  /** Start (or, IsRunning 0, cancel) the countdown. */
  setCountDown(set: CountDownSet): void;
  /** The schedules as the LocalTimer value. */
  localTimerJson(): string;
  /** `,"CountDown":{...}` to post with the switch state, or "" when there is nothing to say. */
  stateMembers(): string;
  /** The state post carrying `stateMembers()` was handed to the transport. */
  statePosted(): void;
}
