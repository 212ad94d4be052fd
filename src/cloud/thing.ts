import { JsonObject } from "./json";
import type { TimerThing } from "./timer-model";

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
  /** Switches the relay; returns once it has switched. */
  /** Commands the relay; it switches now or, held against chatter, soon. */
  setPowerSwitch(value: 0 | 1): void;
  /** The state last commanded. */
  powerSwitch(): 0 | 1;
  /** The relay has not reached `powerSwitch()` yet; nothing is published until it has. */
  switchPending(): boolean;
  /** Schedules and countdown, when the device runs them (LocalTimer, CountDown). */
  timers?: TimerThing;
}

export type SetDecision = { code: 200; powerSwitch: 0 | 1 } | { code: 460; message: string };

/** Longest piece of a sender's property name repeated in a reply. */
const NAME_ECHO = 32;

/**
 * Decides a property set all-or-nothing: one unknown, read-only or mistyped property refuses
 * the whole request, so a bad request never half-applies. Only PowerSwitch_1 is writable, so
 * an accepted set always carries it.
 */
export function validateSet(params: JsonObject): SetDecision {
  const names = Object.keys(params);
  if (names.length === 0) return refuse("no properties to set");
  let power: 0 | 1 | null = null;
  for (let i = 0; i < names.length; i++) {
    if (names[i] !== POWER_SWITCH) return refuse(notWritable(names[i]));
    power = powerSwitchValue(params[POWER_SWITCH]);
  }
  if (power === null) return refuse(POWER_SWITCH + " must be 0 or 1");
  return { code: CODE_OK, powerSwitch: power };
}

/**
 * The TSL bool travels as 0 or 1. JSON true/false are accepted as well: they cannot mean
 * anything else, and API callers do send them. "1", 2, 0.5 and null are refused, because
 * guessing what a mistyped command meant could switch a load nobody asked to switch.
 */
export function powerSwitchValue(value: unknown): 0 | 1 | null {
  if (value === 0 || value === false) return 0;
  if (value === 1 || value === true) return 1;
  return null;
}

function notWritable(name: string): string {
  if (name === CURRENT_TEMPERATURE || name === CURRENT_HUMIDITY) return name + " is read-only";
  const shown = name.length > NAME_ECHO ? name.slice(0, NAME_ECHO) + "..." : name;
  return "unknown property " + shown;
}

function refuse(message: string): SetDecision {
  return { code: CODE_BAD_PARAMS, message: message };
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
  if (value < HUMIDITY_MIN) return HUMIDITY_MIN;
  if (value > HUMIDITY_MAX) return HUMIDITY_MAX;
  return value;
}
