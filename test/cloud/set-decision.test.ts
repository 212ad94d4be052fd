/**
 * A property set decided whole (src/cloud/set-decision.ts): what the decision hands the
 * switch, and the refusal's exact reason when one part of the set is wrong.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { decideModelSet, decideSet, type SetChanges } from "../../src/cloud/set-decision";
import { emptyValues, SOURCE_RELAY, TWO_GANG, TYPE_BOOL, type ThingModel } from "../../src/cloud/thing-model";

const ENTRY = { Timer: "0 7 * * *", Enable: 1, IsValid: 1, Targets: "PowerSwitch_1", TimezoneOffset: 0, PowerSwitch: 1 };

function accepted(d: ReturnType<typeof decideSet>): SetChanges {
  if (d.code !== 200) throw new Error("refused: " + d.message);
  return d.changes;
}

function refusal(d: ReturnType<typeof decideSet>): string {
  if (d.code !== 460) throw new Error("accepted");
  return d.message;
}

test("the switch's value is handed on as set, 0 as 0 and 1 as 1", () => {
  assert.is(accepted(decideSet({ PowerSwitch_1: 0 }, false)).powerSwitch, 0);
  assert.is(accepted(decideSet({ PowerSwitch_1: 1 }, false)).powerSwitch, 1);
  assert.is(accepted(decideSet({ PowerSwitch_1: true }, true)).powerSwitch, 1);
});

test("a set that does not name PowerSwitch_1 leaves it alone: the second gang's, or a model without it", () => {
  const two = decideModelSet(TWO_GANG, emptyValues(TWO_GANG), { PowerSwitch_2: 0 }, false, undefined);
  assert.equal([accepted(two).powerSwitch, accepted(two).properties], [null, true]);
  const other: ThingModel = [{ id: "Light", type: TYPE_BOOL, min: 0, max: 1, decimals: 0, writable: true, source: SOURCE_RELAY, channel: 0 }];
  assert.is(accepted(decideModelSet(other, emptyValues(other), { Light: 1 }, false, undefined)).powerSwitch, null);
});

test("a set of timers only changes no property of the model: nothing to post for it", () => {
  const changes = accepted(decideSet({ CountDown: { IsRunning: 0 } }, true));
  assert.is(changes.properties, false);
  assert.equal(changes.countDown?.isRunning, 0);
  assert.is(accepted(decideSet({ PowerSwitch_1: 1, CountDown: { IsRunning: 0 } }, true)).properties, true);
});

test("LocalTimer entries already read (the deferred set) are the set's, and are not read again", () => {
  const parsed = [{ marker: "already read" }] as unknown as Parameters<typeof decideSet>[2];
  assert.is(accepted(decideSet({ PowerSwitch_1: 1, LocalTimer: "not read again" }, true, parsed)).localTimer, parsed);
  assert.is(accepted(decideSet({ PowerSwitch_1: 1 }, true)).localTimer, null, "a set without LocalTimer has none");
  assert.is(accepted(decideSet({ PowerSwitch_1: 1, LocalTimer: [ENTRY] }, true)).localTimer?.length, 1);
});

test("a bad timer refuses the whole set with the timer's own reason", () => {
  assert.is(refusal(decideSet({ PowerSwitch_1: 1, CountDown: { IsRunning: 2 } }, true)), "CountDown IsRunning must be 0 or 1");
  assert.match(refusal(decideSet({ PowerSwitch_1: 1, LocalTimer: [{ ...ENTRY, Timer: "x" }] }, true)), /^LocalTimer/);
});

test("a __proto__ member beside a timer is refused by name, never copied into the model's part", () => {
  const params = JSON.parse('{"CountDown":{"IsRunning":0},"__proto__":{"PowerSwitch_1":1}}') as Record<string, unknown>;
  assert.is(refusal(decideSet(params, true)), "unknown property __proto__");
});

test.run();
