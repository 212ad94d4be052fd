import { test } from "uvu";
import * as assert from "uvu/assert";
import { cronMatches, encodeCountDown, newCronMasks, parseCountDown, parseCron, parseLocalTimer } from "../../src/cloud/timer-model";

function masks(text: string) {
  const m = newCronMasks();
  const why = parseCron(text, m);
  assert.is(why, "", text);
  return m;
}

const START = { IsRunning: 1, TimeLeft: 600, PowerSwitch: 0 };

function refused(value: unknown): string {
  const d = parseCountDown(value);
  if (d.ok) throw new Error("taken: " + JSON.stringify(value));
  return d.message;
}

test("cron: an item with a stray sign after its digits is refused, not read as another minute", () => {
  // "5-" is a half-typed range, "1/" a step with no size: neither is minute 47, 9 or 1.
  assert.is(parseCron("5- 8 * * *", newCronMasks()), "minute item '5-' is not n, a-b or *, with an optional /step");
  assert.is(parseCron("1/ 8 * * *", newCronMasks()), "minute item '1/' is not n, a-b or *, with an optional /step");
  assert.is(parseCron("0 2* * * *", newCronMasks()), "hour item '2*' is not n, a-b or *, with an optional /step");
});

test("cron: minute 30, the first of the upper half, fires at :30 only", () => {
  const m = masks("30 7 * * *");
  assert.ok(cronMatches(m, 30, 7, 1, 1, 0));
  assert.not.ok(cronMatches(m, 29, 7, 1, 1, 0));
  assert.not.ok(cronMatches(m, 31, 7, 1, 1, 0));
  const both = masks("0,30 7 * * *");
  assert.ok(cronMatches(both, 0, 7, 1, 1, 0));
  assert.ok(cronMatches(both, 30, 7, 1, 1, 0));
});

test("CountDown: the reason the cloud receives for each refusal", () => {
  const cases: Array<[unknown, string]> = [
    [[1], "CountDown must be an object"],
    [null, "CountDown must be an object"],
    [{ ...START, Extra: 1 }, "CountDown unknown member Extra"],
    [{ ...START, IsRunning: 2 }, "CountDown IsRunning must be 0 or 1"],
    [{ IsRunning: 1, PowerSwitch: 1 }, "CountDown TimeLeft must be whole seconds from 1 to 604800"],
    [{ ...START, TimeLeft: 604801 }, "CountDown TimeLeft must be whole seconds from 1 to 604800"],
    [{ IsRunning: 1, TimeLeft: 5 }, "CountDown PowerSwitch must be 0 or 1"],
    [{ ...START, Timestamp: "x" }, "CountDown Timestamp must be epoch milliseconds"],
  ];
  for (const [value, message] of cases) assert.is(refused(value), message, JSON.stringify(value));
});

test("CountDown: a cancel keeps the PowerSwitch and TimeLeft the app sent, and a TimeLeft it sends must still be sound", () => {
  assert.equal(parseCountDown({ IsRunning: 0, PowerSwitch: 1 }), { ok: true, set: { isRunning: 0, timeLeft: 0, power: 1, timestamp: "" } });
  assert.equal(parseCountDown({ IsRunning: 0, TimeLeft: 30, PowerSwitch: 0 }), { ok: true, set: { isRunning: 0, timeLeft: 30, power: 0, timestamp: "" } });
  assert.is(refused({ IsRunning: 0, TimeLeft: 604801 }), "CountDown TimeLeft must be whole seconds from 0 to 604800");
  assert.is(refused({ IsRunning: 0, TimeLeft: "30" }), "CountDown TimeLeft must be whole seconds from 0 to 604800");
  assert.is(refused({ IsRunning: 0, PowerSwitch: 2 }), "CountDown PowerSwitch must be 0 or 1");
});

test("CountDown: Timestamp as digits (up to 20) or a whole number is kept as text; a longer or other value is refused", () => {
  const stamp = (t: unknown) => parseCountDown({ ...START, Timestamp: t });
  assert.equal(stamp(1733121613000), { ok: true, set: { isRunning: 1, timeLeft: 600, power: 0, timestamp: "1733121613000" } });
  const twenty = "12345678901234567890";
  assert.equal(stamp(twenty), { ok: true, set: { isRunning: 1, timeLeft: 600, power: 0, timestamp: twenty } });
  for (const bad of [twenty + "1", [1733121613000], ["1733121613000"], true, null, -1, 1.5]) {
    assert.is(refused({ ...START, Timestamp: bad }), "CountDown Timestamp must be epoch milliseconds", JSON.stringify(bad));
  }
});

test("CountDown: the post echoes the app's Timestamp only when it sent one", () => {
  assert.is(encodeCountDown(1, 600, 0, "1733121613000"), '{"IsRunning":1,"TimeLeft":600,"PowerSwitch":0,"Timestamp":"1733121613000"}');
  assert.is(encodeCountDown(0, 0, 1, ""), '{"IsRunning":0,"TimeLeft":0,"PowerSwitch":1}');
});

test.run();

test("a member named \"\" is unknown like any other: the set is refused, saying so", () => {
  assert.is(refused({ ...START, "": 1 }), 'CountDown unknown member ""');
  const entry = { Timer: "0 7 * * *", Enable: 1, IsValid: 1, Targets: "PowerSwitch_1", TimezoneOffset: 28800, PowerSwitch: 1 };
  assert.equal(parseLocalTimer([entry]).ok, true);
  assert.equal(parseLocalTimer([{ ...entry, "": 1 }]), { ok: false, message: 'LocalTimer[0]: unknown member ""' });
});
