import type { JsonObject } from "./json";
import { CODE_BAD_PARAMS, CODE_OK, validateSet } from "./thing";
import { COUNT_DOWN, CountDownSet, LOCAL_TIMER, parseCountDown, parseLocalTimer, TimerEntry } from "./timer-model";

/** What an accepted set changes; null for what it does not carry. */
export interface SetChanges {
  powerSwitch: 0 | 1 | null;
  localTimer: TimerEntry[] | null;
  countDown: CountDownSet | null;
}

export type SetDecisionAll = { code: 200; changes: SetChanges } | { code: 460; message: string };

/**
 * A property set decided whole: the timer properties by the timer model, everything else by
 * the switch's (`validateSet`), and one refusal refuses all of it, so nothing is half-applied.
 * `timers`: this device runs schedules; without them LocalTimer and CountDown are unknown.
 */
export function decideSet(params: JsonObject, timers: boolean, parsed?: TimerEntry[]): SetDecisionAll {
  const changes: SetChanges = { powerSwitch: null, localTimer: null, countDown: null };
  // `parsed`: the LocalTimer entries, already read one per poll (AlinkClient's deferred set).
  if (parsed !== undefined) changes.localTimer = parsed;
  const why = timers ? readTimers(params, changes) : "";
  if (why !== "") return { code: CODE_BAD_PARAMS, message: why };
  if (changes.localTimer === null && changes.countDown === null) return fromSwitch(validateSet(params), changes);
  const rest = withoutTimers(params);
  if (rest === null) return { code: CODE_BAD_PARAMS, message: "unknown property __proto__" };
  return Object.keys(rest).length === 0 ? { code: CODE_OK, changes: changes } : fromSwitch(validateSet(rest), changes);
}

/** The set's other members, for the switch's rules; null if one cannot be copied. */
function withoutTimers(params: JsonObject): JsonObject | null {
  const rest: JsonObject = {};
  const names = Object.keys(params);
  for (let i = 0; i < names.length; i++) {
    if (names[i] === LOCAL_TIMER || names[i] === COUNT_DOWN) continue;
    // Assigning it would set `rest`'s prototype instead of copying a member.
    if (names[i] === "__proto__") return null;
    rest[names[i]] = params[names[i]];
  }
  return rest;
}

/** The timer members into `changes`; "" or why they are refused. */
function readTimers(params: JsonObject, changes: SetChanges): string {
  if (changes.localTimer === null && Object.prototype.hasOwnProperty.call(params, LOCAL_TIMER)) {
    const t = parseLocalTimer(params[LOCAL_TIMER]);
    if (!t.ok) return t.message;
    changes.localTimer = t.entries;
  }
  if (Object.prototype.hasOwnProperty.call(params, COUNT_DOWN)) {
    const c = parseCountDown(params[COUNT_DOWN]);
    if (!c.ok) return c.message;
    changes.countDown = c.set;
  }
  return "";
}

function fromSwitch(d: ReturnType<typeof validateSet>, changes: SetChanges): SetDecisionAll {
  if (d.code !== CODE_OK) return d;
  changes.powerSwitch = d.powerSwitch;
  return { code: CODE_OK, changes: changes };
}
