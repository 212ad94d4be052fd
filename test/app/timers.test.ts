import { test } from "uvu";
import * as assert from "uvu/assert";
import { TIMER_COUNT_KEY } from "../../src/app/local-timers";
import { RELAY_KEY } from "../../src/app/relay";
import { BOOT_KEY } from "../../src/app/boot-count";
import { FakeStorage } from "./fakes";
import { firmwareRig } from "./rig";

/** 2026-12-07 (a Monday) 02:42:30 UTC = 10:42:30 in UTC+8. */
const MONDAY_1042 = Date.UTC(2026, 11, 7, 2, 42, 30);
const ENTRY = { Timer: "43 10 * * 1,2,3", Enable: 1, IsValid: 1, Targets: "PowerSwitch_1", TimezoneOffset: 28800, PowerSwitch: 1 };

const set = (id: string, params: Record<string, unknown>): string => JSON.stringify({ method: "thing.service.property.set", id, params, version: "1.0.0" });
const tail = (topic: string): string => topic.slice(topic.lastIndexOf("/") + 1);

type Rig = ReturnType<typeof firmwareRig>;

function replyTo(r: Rig, id: string): Record<string, unknown> | undefined {
  return r.published().find((p) => tail(p.topic) === "set_reply" && p.payload.id === id)?.payload;
}

function onlineWithTime(r: Rig, utcMs: number): void {
  r.boot();
  r.sm.run(1000);
  assert.ok(r.ntpRequests().length >= 1, "an NTP request after link-up");
  r.answerNtp(utcMs);
  r.sm.run(100);
  assert.is(r.fw.status().clock.source, "ntp");
}

test("time: NTP at link-up sets the clock; status shows source and age; the monotonic clock carries it", () => {
  const r = firmwareRig();
  assert.ok(isNaN(r.fw.time.now()), "no time before a sync");
  onlineWithTime(r, MONDAY_1042);
  const t0 = r.fw.time.now();
  assert.ok(Math.abs(t0 - MONDAY_1042) < 1000, String(t0 - MONDAY_1042));
  r.sm.run(5000);
  const s = r.fw.status().clock;
  assert.ok(Math.abs(s.utcMs - t0 - 5000) < 50);
  assert.ok(s.ageMs >= 5000, String(s.ageMs));
  assert.is(s.ntpAnswers, 1);
});

test("time: re-synced after a reconnect", () => {
  const r = firmwareRig();
  onlineWithTime(r, MONDAY_1042);
  const before = r.ntpRequests().length;
  r.sm.urc("+QMTSTAT: 0,1");
  r.sm.run(100);
  assert.ok(r.sm.runUntilOnline(60000));
  r.sm.run(2000);
  assert.is(r.ntpRequests().length, before + 1);
});

test("time: with no NTP answer the module's network time (AT+QLTS) is used", () => {
  const r = firmwareRig();
  r.sm.script.push(["AT+QLTS", '\r\n+QLTS: "2026/12/07,02:42:30+32,0"\r\n\r\nOK\r\n']);
  r.boot();
  r.sm.run(25000);
  assert.ok(r.sm.commands.includes("AT+QLTS=1"), "asked the module");
  const s = r.fw.status().clock;
  assert.is(s.source, "modem");
  assert.ok(Math.abs(s.utcMs - MONDAY_1042) < 30000);
});

test("schedule: set from the cloud, answered 200 once saved, reported back, fired at 10:43 local with the link down", () => {
  const r = firmwareRig();
  onlineWithTime(r, MONDAY_1042);
  r.receive(r.fw.topics.propertySet, set("71", { LocalTimer: [ENTRY] }));
  r.sm.run(500);
  assert.equal(replyTo(r, "71"), { id: "71", code: 200, data: {} });
  assert.is(r.storage.values[TIMER_COUNT_KEY], 1);
  const report = r.published().filter((p) => tail(p.topic) === "post" && (p.payload.params as Record<string, unknown>).LocalTimer !== undefined);
  assert.equal((report[0].payload.params as Record<string, unknown>).LocalTimer, [ENTRY]);
  // The broker goes away; the schedule fires anyway.
  r.sm.resultDelay = 600000;
  r.sm.urc("+QMTSTAT: 0,1");
  r.sm.run(20000);
  assert.is(r.fw.online, false);
  assert.is(r.fw.relay.value, 0, "not before 10:43");
  r.sm.run(15000);
  assert.is(r.fw.relay.value, 1, "switched on at 10:43 local");
  assert.is(r.fw.status().app.schedulesFired, 1);
  r.sm.run(120000);
  assert.is(r.fw.status().app.schedulesFired, 1, "once");
});

test("schedule: a LocalTimer set is read one entry a poll; a retry meanwhile is not applied twice", () => {
  const r = firmwareRig();
  onlineWithTime(r, MONDAY_1042);
  const list = [ENTRY, { ...ENTRY, Timer: "0 8 * * *" }, { ...ENTRY, Timer: "0 9 * * *" }];
  r.receive(r.fw.topics.propertySet, set("75", { LocalTimer: list }));
  r.receive(r.fw.topics.propertySet, set("75", { LocalTimer: list }));
  r.sm.run(1000);
  const replies = r.published().filter((p) => tail(p.topic) === "set_reply" && p.payload.id === "75");
  assert.is(replies.length, 1);
  assert.is(r.fw.client.stats.setsApplied, 1);
  assert.is(r.fw.client.stats.setsRepeated, 1);
  assert.equal(JSON.parse(r.fw.status().schedules), list);
});

test("schedule: a bad entry is refused 460 and the schedules in force stay as they were", () => {
  const r = firmwareRig();
  onlineWithTime(r, MONDAY_1042);
  r.receive(r.fw.topics.propertySet, set("72", { LocalTimer: [ENTRY] }));
  r.sm.run(500);
  r.receive(r.fw.topics.propertySet, set("73", { LocalTimer: [ENTRY, { ...ENTRY, Timer: "61 * * * *" }], PowerSwitch_1: 1 }));
  r.sm.run(500);
  const reply = replyTo(r, "73");
  assert.is(reply?.code, 460);
  assert.match(String(reply?.message), /LocalTimer\[1\]/);
  assert.is(r.fw.relay.value, 0, "the switch in the same set was not applied");
  assert.equal(JSON.parse(r.fw.status().schedules), [ENTRY]);
});

test("schedule: kept across a reboot, fired once the module gives the time; a minute missed while off is not replayed", () => {
  const storage = new FakeStorage();
  const first = firmwareRig({ storage });
  onlineWithTime(first, MONDAY_1042);
  first.receive(first.fw.topics.propertySet, set("74", { LocalTimer: [ENTRY, { ...ENTRY, Timer: "45 10 * * *", PowerSwitch: 0 }] }));
  first.sm.run(500);
  // Off from 10:42:32 to past 10:43, with no broker after the reboot: the module's clock says 10:43:40.
  const r = firmwareRig({ storage });
  r.sm.script.push(["AT+QMTOPEN", "\r\nOK\r\n\r\n+QMTOPEN: 0,-1\r\n"]);
  r.sm.script.push(["AT+QLTS", '\r\n+QLTS: "2026/12/07,02:43:40+32,0"\r\n\r\nOK\r\n']);
  r.fw.start();
  assert.equal(JSON.parse(r.fw.status().schedules).length, 2, "loaded from NVS");
  r.sm.run(30000);
  assert.is(r.fw.status().clock.source, "modem");
  assert.is(r.fw.status().app.schedulesFired, 0, "10:43 was missed while off");
  r.fw.setRelay(1);
  r.sm.run(120000);
  assert.is(r.fw.status().app.schedulesFired, 1, "10:45 fired");
  assert.is(r.fw.relay.value, 0);
});

test("countdown: started from the cloud, reported, survives a reconnect, fires and is reported stopped", () => {
  const r = firmwareRig();
  r.boot();
  r.receive(r.fw.topics.propertySet, set("80", { CountDown: { IsRunning: 1, TimeLeft: 30, PowerSwitch: 1 } }));
  r.sm.run(500);
  assert.is(replyTo(r, "80")?.code, 200);
  const started = r.published().filter((p) => (p.payload.params as Record<string, unknown> | undefined)?.CountDown !== undefined);
  assert.equal((started[0].payload.params as Record<string, { IsRunning: number; TimeLeft: number }>).CountDown.IsRunning, 1);
  r.sm.urc("+QMTSTAT: 0,1");
  r.sm.run(100);
  assert.ok(r.sm.runUntilOnline(60000));
  assert.is(r.fw.status().countdown.running, true, "still running after the reconnect");
  assert.is(r.fw.relay.value, 0);
  r.sm.run(30000);
  assert.is(r.fw.relay.value, 1, "fired");
  r.sm.run(500);
  const last = r.published().filter((p) => (p.payload.params as Record<string, unknown> | undefined)?.CountDown !== undefined).pop();
  assert.equal((last?.payload.params as Record<string, unknown>).CountDown, { IsRunning: 0, TimeLeft: 0, PowerSwitch: 1 });
  assert.equal((last?.payload.params as Record<string, unknown>).PowerSwitch_1, 1);
});

test("countdown: a manual switch cancels it; a new one replaces it", () => {
  const r = firmwareRig({ button: true });
  r.boot();
  r.receive(r.fw.topics.propertySet, set("81", { CountDown: { IsRunning: 1, TimeLeft: 60, PowerSwitch: 1 } }));
  r.sm.run(500);
  r.receive(r.fw.topics.propertySet, set("82", { CountDown: { IsRunning: 1, TimeLeft: 10, PowerSwitch: 1 } }));
  r.sm.run(500);
  assert.ok(r.fw.status().countdown.timeLeft <= 10);
  r.button!.value = 1;
  r.sm.run(200);
  r.button!.value = 0;
  r.sm.run(200);
  assert.is(r.fw.relay.value, 1, "the press switched");
  assert.is(r.fw.status().countdown.running, false, "and cancelled the countdown");
  r.sm.run(20000);
  assert.is(r.fw.status().app.countdownsFired, 0);
});

test("factory reset: a 5 s press clears schedules, countdown, relay memory and the boot counter, then reboots; a short press still toggles", () => {
  let reboots = 0;
  const r = firmwareRig({ button: true, reboot: () => reboots++ });
  onlineWithTime(r, MONDAY_1042);
  r.receive(r.fw.topics.propertySet, set("90", { LocalTimer: [ENTRY], CountDown: { IsRunning: 1, TimeLeft: 600, PowerSwitch: 1 } }));
  r.sm.run(500);
  r.storage.values.deviceSecret = 42; // stands for anything that is not the user's
  r.button!.value = 1;
  r.sm.run(200);
  r.button!.value = 0;
  r.sm.run(400);
  assert.is(r.fw.relay.value, 1, "short press toggled");
  assert.is(reboots, 0);
  r.button!.value = 1;
  r.sm.run(4500);
  assert.is(reboots, 0, "not before 5 s");
  r.sm.run(1000);
  assert.is(r.fw.status().led, "factory-reset");
  r.sm.run(2500);
  assert.is(reboots, 1);
  assert.is(r.storage.values[TIMER_COUNT_KEY], 0);
  assert.is(r.storage.values[RELAY_KEY], -1);
  assert.is(r.storage.values[BOOT_KEY], 0);
  assert.is(r.storage.values.deviceSecret, 42);
  assert.is(r.fw.status().countdown.running, false);
  assert.ok(r.log.lines.some((l) => /factory reset/.test(l)));
});

test("LED: booting, then connecting, then online, each a different pattern on the pin", () => {
  const r = firmwareRig({ led: true });
  assert.is(r.fw.status().led, "booting");
  r.boot();
  assert.is(r.fw.status().led, "online");
  const leds = r.events.filter((e) => e.startsWith("led "));
  assert.ok(leds.includes("led connecting"), leds.join(","));
  assert.ok(r.ledWrites().length >= 3, "the pin blinked");
});

test.run();
