import { test } from "uvu";
import * as assert from "uvu/assert";
import { clampHumidity, decideProperties, isTemperature, powerSwitchValue, validateSet } from "../../src/cloud/thing";
import { emptyValues, SOURCE_RELAY, SOURCE_TEMPERATURE, TWO_GANG, TYPE_BOOL, TYPE_FLOAT, type ThingModel } from "../../src/cloud/thing-model";

const params = (json: string): Record<string, unknown> => JSON.parse(json) as Record<string, unknown>;

test("PowerSwitch_1 0 and 1 are accepted", () => {
  assert.equal(validateSet({ PowerSwitch_1: 1 }), { code: 200, powerSwitch: 1 });
  assert.equal(validateSet({ PowerSwitch_1: 0 }), { code: 200, powerSwitch: 0 });
  assert.equal(validateSet(params('{"PowerSwitch_1":1.0}')), { code: 200, powerSwitch: 1 });
});

test("JSON true and false are accepted as 1 and 0", () => {
  assert.equal(validateSet({ PowerSwitch_1: true }), { code: 200, powerSwitch: 1 });
  assert.equal(validateSet({ PowerSwitch_1: false }), { code: 200, powerSwitch: 0 });
});

test("mistyped PowerSwitch_1 is a 460", () => {
  for (const bad of ['"1"', '"0"', '"true"', "2", "-1", "0.5", "null", "[]", "[1]", "{}", '{"value":1}']) {
    const d = validateSet(params('{"PowerSwitch_1":' + bad + "}"));
    assert.equal(d, { code: 460, message: "PowerSwitch_1 must be 0 or 1" }, bad);
  }
  assert.is(powerSwitchValue(undefined), null);
});

test("an empty set is a 460", () => {
  assert.equal(validateSet({}), { code: 460, message: "no properties to set" });
});

test("read-only properties are a 460", () => {
  assert.equal(validateSet({ CurrentTemperature: 20.5 }), { code: 460, message: "CurrentTemperature is read-only" });
  assert.equal(validateSet({ CurrentHumidity: 50 }), { code: 460, message: "CurrentHumidity is read-only" });
});

test("one bad property refuses the whole set", () => {
  assert.is(validateSet({ PowerSwitch_1: 1, Brightness: 3 }).code, 460);
  assert.is(validateSet({ Brightness: 3, PowerSwitch_1: 1 }).code, 460);
  assert.is(validateSet({ PowerSwitch_1: 1, CurrentTemperature: 3 }).code, 460);
  assert.equal(validateSet({ powerswitch_1: 1 }), { code: 460, message: "unknown property powerswitch_1" });
});

test("prototype names are unknown properties", () => {
  for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
    const d = validateSet(params('{"' + name + '":{"PowerSwitch_1":1}}'));
    assert.equal(d, { code: 460, message: "unknown property " + name }, name);
  }
});

test("a long property name is shortened in the message", () => {
  const d = validateSet({ ["x".repeat(1000)]: 1 });
  assert.equal(d, { code: 460, message: "unknown property " + "x".repeat(32) + "..." });
  // Up to 32 characters it is shown whole; from 33 it is cut.
  assert.equal(validateSet({ ["y".repeat(32)]: 1 }), { code: 460, message: "unknown property " + "y".repeat(32) });
  assert.equal(validateSet({ ["z".repeat(33)]: 1 }), { code: 460, message: "unknown property " + "z".repeat(32) + "..." });
});

test("temperature range and humidity clamping", () => {
  assert.ok(isTemperature(-40) && isTemperature(125) && isTemperature(21.5));
  assert.not.ok(isTemperature(-40.1) || isTemperature(125.1) || isTemperature(NaN) || isTemperature(Infinity));
  assert.is(clampHumidity(-0.5), 0);
  assert.is(clampHumidity(100.4), 100);
  assert.is(clampHumidity(45.5), 45.5);
  assert.ok(isNaN(clampHumidity(NaN)) && isNaN(clampHumidity(Infinity)) && isNaN(clampHumidity(-Infinity)));
});

test("a set naming one relay leaves the other's value unset, whatever the set before it named", () => {
  const out = emptyValues(TWO_GANG);
  assert.is(decideProperties(TWO_GANG, { PowerSwitch_2: 1 }, out), "");
  assert.is(out[1], 1);
  assert.is(decideProperties(TWO_GANG, { PowerSwitch_1: 0 }, out), "");
  assert.is(out[0], 0);
  assert.ok(Number.isNaN(out[1]), "relay 2 is not switched back to the last set's value");
});

// The table drives validation for any row: a writable number (a model of a dimmer, say) is
// checked against its range, and a read-only row first in the table is still read-only.
const NUMBERS: ThingModel = [
  { id: "Sensor", type: TYPE_FLOAT, min: -5, max: 5, decimals: 1, writable: false, source: SOURCE_TEMPERATURE, channel: 0 },
  { id: "Level", type: TYPE_FLOAT, min: 10, max: 20, decimals: 1, writable: true, source: SOURCE_RELAY, channel: 0 },
  { id: "Switch", type: TYPE_BOOL, min: 0, max: 1, decimals: 0, writable: true, source: SOURCE_RELAY, channel: 1 },
];

test("a writable number is taken inside its range, ends included, and refused outside it or mistyped, naming the range", () => {
  const out = emptyValues(NUMBERS);
  for (const v of [10, 15.5, 20]) {
    assert.is(decideProperties(NUMBERS, { Level: v }, out), "", String(v));
    assert.is(out[1], v);
  }
  for (const v of [9.9, 20.1, "15", true, null]) assert.is(decideProperties(NUMBERS, { Level: v }, out), "Level must be a number 10..20", String(v));
  assert.is(decideProperties(NUMBERS, { Switch: 15 }, out), "Switch must be 0 or 1");
  assert.is(decideProperties(NUMBERS, { Sensor: 1 }, out), "Sensor is read-only");
});

test.run();
