import { JsonObject } from "./json";
import type { TimerThing } from "./timer-model";
import { clearValues, emptyValues, ONE_GANG, PropertySpec, propertyIndex, ThingModel, TYPE_BOOL } from "./thing-model";

/** Thing model (TSL) identifiers of this product. */
export const POWER_SWITCH = "PowerSwitch_1";
export const CURRENT_TEMPERATURE = "CurrentTemperature";
export const CURRENT_HUMIDITY = "CurrentHumidity";

/** degC */
export const TEMPERATURE_MIN = -40;
export const TEMPERATURE_MAX = 125;
/** %RH */
export const HUMIDITY_MIN = 0;
export const HUMIDITY_MAX = 100;

export const CODE_OK = 200;
/** Alink "request parameter error". */
export const CODE_BAD_PARAMS = 460;
/** Alink "too many requests": refused unapplied, worth retrying later. */
export const CODE_TOO_MANY_REQUESTS = 429;

/** The app side of the thing: what a property set acts on. */
export interface SwitchThing {
  /** Commands relay `channel` (the model's row channel); it switches now or, held against chatter, soon. */
  setPowerSwitch(value: 0 | 1, channel: number): void;
  /** The state last commanded to relay `channel`. */
  powerSwitch(channel: number): 0 | 1;
  /** The relay has not reached `powerSwitch()` yet; nothing is published until it has. */
  switchPending(): boolean;
  /** Schedules and countdown, when the device runs them (LocalTimer, CountDown). */
  timers?: TimerThing;
}

export type SetDecision = { code: 200; powerSwitch: 0 | 1 } | { code: 460; message: string };

/** Longest piece of a sender's property name repeated in a reply. */
const NAME_ECHO = 32;

/**
 * Decides a property set against the thing model, all-or-nothing: one unknown, read-only or
 * mistyped property refuses the whole request, so a bad request never half-applies. On
 * acceptance `out` holds the value to set for each row the request names (NaN for the
 * others) and "" is returned; otherwise the reason, and `out` means nothing. Each cloud
 * answers a refusal with its own code (Aliyun 460).
 */
export function decideProperties(model: ThingModel, params: JsonObject, out: number[]): string {
  const names = Object.keys(params);
  if (names.length === 0) return "no properties to set";
  clearValues(out);
  // Names first: an unknown name is reported before a bad value, whatever the order.
  for (let i = 0; i < names.length; i++) {
    const row = propertyIndex(model, names[i]);
    if (row < 0 || !model[row].writable) return notWritable(model, names[i]);
  }
  for (let i = 0; i < names.length; i++) {
    const row = propertyIndex(model, names[i]);
    const value = propertyValue(model[row], params[names[i]]);
    if (value === null) return mistyped(model[row]);
    out[row] = value;
  }
  return "";
}

function propertyValue(spec: PropertySpec, value: unknown): number | null {
  return spec.type === TYPE_BOOL ? powerSwitchValue(value) : floatValue(spec, value);
}

function mistyped(spec: PropertySpec): string {
  return spec.type === TYPE_BOOL ? spec.id + " must be 0 or 1" : spec.id + " must be a number " + spec.min + ".." + spec.max;
}

/** The 1-gang product's decision, in the shape its callers knew. */
export function validateSet(params: JsonObject): SetDecision {
  const values = emptyValues(ONE_GANG);
  const reason = decideProperties(ONE_GANG, params, values);
  if (reason !== "") return { code: CODE_BAD_PARAMS, message: reason };
  return { code: CODE_OK, powerSwitch: values[0] === 1 ? 1 : 0 };
}

/**
 * The TSL bool travels as 0 or 1. JSON true/false are accepted as well: they cannot mean
 * anything else, and API callers do send them (OneNET's own bool is true/false). "1", 2,
 * 0.5 and null are refused, because guessing what a mistyped command meant could switch a
 * load nobody asked to switch.
 */
export function powerSwitchValue(value: unknown): 0 | 1 | null {
  if (value === 0 || value === false) return 0;
  if (value === 1 || value === true) return 1;
  return null;
}

function floatValue(spec: PropertySpec, value: unknown): number | null {
  return typeof value === "number" && value >= spec.min && value <= spec.max ? value : null;
}

function notWritable(model: ThingModel, name: string): string {
  if (propertyIndex(model, name) >= 0) return name + " is read-only";
  const shown = name.length > NAME_ECHO ? name.slice(0, NAME_ECHO) + "..." : name;
  return "unknown property " + shown;
}

/** Outside the sensor's range means a broken sensor, not weather: such a reading is not posted. */
export function isTemperature(value: number): boolean {
  return value >= TEMPERATURE_MIN && value <= TEMPERATURE_MAX;
}

/**
 * Humidity sensors' conversion formulas overshoot a little near 0 and 100 %RH (Sensirion
 * tells users to crop to the range), so a finite reading is clamped. Anything else is NaN.
 */
export function clampHumidity(value: number): number {
  if (!isFinite(value)) return NaN;
  // Stryker disable next-line EqualityOperator: at the bound itself both return the same number
  if (value < HUMIDITY_MIN) return HUMIDITY_MIN;
  // Stryker disable next-line EqualityOperator: as above
  if (value > HUMIDITY_MAX) return HUMIDITY_MAX;
  return value;
}
