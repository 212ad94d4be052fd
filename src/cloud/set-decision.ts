import type { JsonObject } from "./json";
import { CODE_BAD_PARAMS, CODE_OK, decideProperties, POWER_SWITCH } from "./thing";
import { clearValues, emptyValues, ONE_GANG, propertyIndex, ThingModel } from "./thing-model";
import { COUNT_DOWN, CountDownSet, LOCAL_TIMER, parseCountDown, parseLocalTimer, TimerEntry } from "./timer-model";

/** What an accepted set changes; null for what it does not carry. */
export interface SetChanges {
  /** The set names rows of the thing model: their values are in the caller's `values` (NaN for the rest). */
  properties: boolean;
  /** PowerSwitch_1's value, if the set carries it. */
  powerSwitch: 0 | 1 | null;
  localTimer: TimerEntry[] | null;
  countDown: CountDownSet | null;
}

/** `code` is the Aliyun meaning (200 applied, 460 refused); each profile answers with its own. */
export type SetDecisionAll = { code: 200; changes: SetChanges } | { code: 460; message: string };

/**
 * A property set decided whole: the timer properties (LocalTimer, CountDown; not rows of the
 * thing model, see timer-model.ts) by the timer model, everything else by `model`
 * (`decideProperties`, values into `values`), and one refusal refuses all of it, so nothing
 * is half-applied. `timers`: this device runs schedules; without them LocalTimer and
 * CountDown are unknown. `parsed`: the LocalTimer entries, already read one per poll
 * (AlinkClient's deferred set).
 */
export function decideModelSet(model: ThingModel, values: number[], params: JsonObject, timers: boolean, parsed: TimerEntry[] | undefined): SetDecisionAll {
  const changes: SetChanges = { properties: false, powerSwitch: null, localTimer: null, countDown: null };
  if (parsed !== undefined) changes.localTimer = parsed;
  clearValues(values);
  const why = timers ? readTimers(params, changes) : "";
  if (why !== "") return { code: CODE_BAD_PARAMS, message: why };
  if (changes.localTimer === null && changes.countDown === null) return fromModel(model, values, params, changes);
  const rest = withoutTimers(params);
  if (rest === null) return { code: CODE_BAD_PARAMS, message: "unknown property __proto__" };
  return Object.keys(rest).length === 0 ? { code: CODE_OK, changes: changes } : fromModel(model, values, rest, changes);
}

/** The 1-gang product's decision (PowerSwitch_1 in `changes.powerSwitch`). */
export function decideSet(params: JsonObject, timers: boolean, parsed?: TimerEntry[]): SetDecisionAll {
  return decideModelSet(ONE_GANG, emptyValues(ONE_GANG), params, timers, parsed);
}

/** The set's other members, for the model's rules; null if one cannot be copied. */
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

function fromModel(model: ThingModel, values: number[], params: JsonObject, changes: SetChanges): SetDecisionAll {
  const reason = decideProperties(model, params, values);
  if (reason !== "") return { code: CODE_BAD_PARAMS, message: reason };
  changes.properties = true;
  const row = propertyIndex(model, POWER_SWITCH);
  if (row >= 0 && values[row] === values[row]) changes.powerSwitch = values[row] === 1 ? 1 : 0;
  return { code: CODE_OK, changes: changes };
}
