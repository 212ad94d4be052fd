import { test } from "uvu";
import * as assert from "uvu/assert";
import type { RigEvent } from "../../hosts/node/events";
import { BringUp } from "../../hosts/node/web/bring-up";

const at = { at: 0, wall: 0 };
const modem = (state: string, reason = "", step = false, t = 0): RigEvent => ({ type: "modem", state, reason, step, at: t, wall: 0 });
const states = (b: BringUp): string => b.steps.map((s) => s.state[0]).join("");

test("power, each step, online", () => {
  const b = new BringUp();
  assert.is(b.steps[0].name, "power on");
  assert.is(b.steps[b.steps.length - 1].name, "online");
  assert.ok(b.update(modem("probing")));
  assert.match(states(b), /^ap+$/);
  b.update(modem("sim", "sim", true, 500));
  const sim = b.steps.findIndex((s) => s.name === "sim");
  assert.is(b.steps[sim].state, "active");
  assert.is(b.steps[sim].at, 500);
  assert.ok(b.steps.slice(0, sim).every((s) => s.state === "done"));
  b.update(modem("sim", "sim", true, 900));
  assert.is(b.steps[sim].at, 500, "a retry keeps the start time");
  b.update({ type: "online", ...at });
  assert.match(states(b), /^d+$/);
});

test("a step's duration is kept when it is done, and survives a recovery that resumes later", () => {
  const b = new BringUp();
  b.update(modem("pdp", "apn", true, 1000));
  b.update(modem("pdp", "pdp state", true, 1040));
  const apn = b.steps.find((s) => s.name === "apn")!;
  assert.is(apn.ms, 40);
  assert.is(b.steps[0].ms, null, "power on was never seen running");
  b.update({ type: "online", ...at, at: 5000 });
  b.update(modem("mqtt-opening", "mqtt open", true, 90000));
  assert.is(apn.ms, 40);
});

test("a recovery resumes at its step; a power cycle starts over", () => {
  const b = new BringUp();
  b.update({ type: "online", ...at });
  b.update(modem("mqtt-opening", "mqtt open", true));
  const open = b.steps.findIndex((s) => s.name === "mqtt open");
  assert.ok(b.steps.slice(0, open).every((s) => s.state === "done"));
  assert.ok(b.steps.slice(open + 1).every((s) => s.state === "pending" && s.at === null));
  b.update(modem("booting", "waiting for RDY"));
  assert.match(states(b), /^ap+$/);
});

test("a step the list does not have: the list is taken again from the running dialect's steps", () => {
  let names = ["echo off", "sim", "mqtt open"];
  const b = new BringUp(() => names);
  assert.equal(b.steps.map((s) => s.name), ["power on", "echo off", "sim", "mqtt open", "online"]);
  b.update(modem("probing", "", false, 10));
  names = ["echo off", "mqtt start", "mqtt connect"];
  assert.ok(b.update(modem("mqtt-opening", "mqtt start", true, 900)));
  assert.equal(b.steps.map((s) => s.name), ["power on", "echo off", "mqtt start", "mqtt connect", "online"]);
  assert.equal(states(b), "ddapp");
  assert.is(b.steps[0].at, 10, "power on keeps its start");
  assert.not.ok(b.update(modem("x", "nowhere", true)), "a name in neither list changes nothing");
  assert.equal(states(b), "ddapp");
});

test("other events change nothing", () => {
  const b = new BringUp();
  assert.is(b.update({ type: "relay", value: 1, source: "cloud", ...at }), false);
  assert.is(b.update(modem("recovering", "reopen mqtt: x")), false);
  assert.is(b.update(modem("x", "not a step", true)), false);
});

test.run();
