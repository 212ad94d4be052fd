import { constant } from "../at/constant";

/**
 * The thing model as data: one frozen table per product variant. Each row says what the
 * property is called on the cloud, its type and range, whether the cloud may set it, and
 * where the device keeps it. Validation of a set, the post after it, telemetry and the
 * console all read these rows, so a second relay is one more row, not six edited files.
 */

/** A TSL bool: 0 or 1 on the wire (JSON true/false accepted in a set). */
export const TYPE_BOOL = 0;
/** A TSL float: posted with a decimal point, checked against [min, max]. */
export const TYPE_FLOAT = 1;
export type PropertyType = typeof TYPE_BOOL | typeof TYPE_FLOAT;

/** A relay: `channel` is its index. */
export const SOURCE_RELAY = 0;
/** The sensor's temperature (degC). */
export const SOURCE_TEMPERATURE = 1;
/** The sensor's relative humidity (%RH). */
export const SOURCE_HUMIDITY = 2;
export type PropertySource = typeof SOURCE_RELAY | typeof SOURCE_TEMPERATURE | typeof SOURCE_HUMIDITY;

export interface PropertySpec {
  /** The identifier in the cloud's thing model (TSL). */
  readonly id: string;
  readonly type: PropertyType;
  readonly min: number;
  readonly max: number;
  /** Decimals posted for a float. */
  readonly decimals: number;
  /** The cloud may set it. */
  readonly writable: boolean;
  /** Where the device reads (and, if writable, sets) it. */
  readonly source: PropertySource;
  /** Which relay, for SOURCE_RELAY. */
  readonly channel: number;
}

export type ThingModel = readonly PropertySpec[];

function relay(id: string, channel: number): PropertySpec {
  return { id: id, type: TYPE_BOOL, min: 0, max: 1, decimals: 0, writable: true, source: SOURCE_RELAY, channel: channel };
}

/** The sensor's range: outside it a reading is a broken sensor, not weather. */
const TEMPERATURE: PropertySpec = constant({ id: "CurrentTemperature", type: TYPE_FLOAT, min: -40, max: 125, decimals: 1, writable: false, source: SOURCE_TEMPERATURE, channel: 0 });
const HUMIDITY: PropertySpec = constant({ id: "CurrentHumidity", type: TYPE_FLOAT, min: 0, max: 100, decimals: 1, writable: false, source: SOURCE_HUMIDITY, channel: 0 });

/** Today's product: one relay and the sensor, in the order the seed's posts carry them. */
export const ONE_GANG: ThingModel = constant([relay("PowerSwitch_1", 0), TEMPERATURE, HUMIDITY]);

/** A 2-gang switch: two relays (two NVS keys, two buttons), one sensor. */
export const TWO_GANG: ThingModel = constant([relay("PowerSwitch_1", 0), relay("PowerSwitch_2", 1), TEMPERATURE, HUMIDITY]);

/** The model for a number of gangs (1 or 2; anything else is the 1-gang model). */
export function modelForGangs(gangs: number): ThingModel {
  return gangs === 2 ? TWO_GANG : ONE_GANG;
}

/** The row index of `id`, or -1. */
export function propertyIndex(model: ThingModel, id: string): number {
  for (let i = 0; i < model.length; i++) if (model[i].id === id) return i;
  return -1;
}

/** Relays the model drives (1 + the highest relay channel). */
export function relayCount(model: ThingModel): number {
  let n = 0;
  for (let i = 0; i < model.length; i++) if (model[i].source === SOURCE_RELAY) n = Math.max(n, model[i].channel + 1);
  return n;
}

/** An array with one NaN per row: "nothing to post" for every property. */
export function emptyValues(model: ThingModel): number[] {
  const values: number[] = [];
  for (let i = 0; i < model.length; i++) values.push(NaN);
  return values;
}

/** Forget every value (each becomes NaN, "not posted"). */
export function clearValues(values: number[]): void {
  for (let i = 0; i < values.length; i++) values[i] = NaN;
}
