/** The thing model as a table (src/cloud/thing-model.ts): the models by gang count, relays, empty values. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { HUMIDITY_MAX, HUMIDITY_MIN, TEMPERATURE_MAX, TEMPERATURE_MIN } from "../../src/cloud/thing";
import { emptyValues, modelForGangs, ONE_GANG, propertyIndex, relayCount, SOURCE_RELAY, SOURCE_TEMPERATURE, TWO_GANG, TYPE_BOOL, type PropertySpec, type ThingModel } from "../../src/cloud/thing-model";

test("gangs=2 is the 2-gang model; anything else the 1-gang one", () => {
  assert.is(modelForGangs(2), TWO_GANG);
  for (const n of [1, 0, 3, -2, NaN]) assert.is(modelForGangs(n), ONE_GANG, String(n));
});

test("relays are counted by their highest channel, whatever order the rows are in", () => {
  assert.is(relayCount(ONE_GANG), 1);
  assert.is(relayCount(TWO_GANG), 2);
  const relay = (id: string, channel: number): PropertySpec => ({ id, type: TYPE_BOOL, min: 0, max: 1, decimals: 0, writable: true, source: SOURCE_RELAY, channel });
  const model: ThingModel = [relay("B", 2), relay("A", 0), { ...relay("T", 5), source: SOURCE_TEMPERATURE }];
  assert.is(relayCount(model), 3, "channel 2 is the third relay; a sensor row's channel is not a relay");
  assert.is(relayCount([]), 0);
});

test("empty values: one NaN per row, nothing else", () => {
  const values = emptyValues(TWO_GANG);
  assert.is(values.length, TWO_GANG.length);
  assert.ok(values.every((v) => Number.isNaN(v)));
  assert.equal(emptyValues([]), []);
});

test("the sensor rows carry the ranges the readings are checked against, read-only", () => {
  const t = ONE_GANG[propertyIndex(ONE_GANG, "CurrentTemperature")];
  const h = ONE_GANG[propertyIndex(ONE_GANG, "CurrentHumidity")];
  assert.equal([t.min, t.max, t.writable], [TEMPERATURE_MIN, TEMPERATURE_MAX, false]);
  assert.equal([h.min, h.max, h.writable], [HUMIDITY_MIN, HUMIDITY_MAX, false]);
});

test.run();
