import { test } from "uvu";
import * as assert from "uvu/assert";
import { BOOT_KEY } from "../../src/app/boot-count";
import { RELAY_KEY } from "../../src/app/relay";
import { FakeStorage } from "./fakes";
import { firmwareRig } from "./rig";

const SET_ID = "220958108";
const setMessage = (id: string, value: number): string =>
  '{"method":"thing.service.property.set","id":"' + id + '","params":{"PowerSwitch_1":' + value + '},"version":"1.0.0"}';

function tail(topic: string): string {
  return topic.slice(topic.lastIndexOf("/") + 1);
}

test("boot: relay to its boot state before the modem hears anything, then online and the state posted", () => {
  const storage = new FakeStorage();
  storage.values[RELAY_KEY] = 1;
  const r = firmwareRig({ storage });
  assert.is(r.journal[0], "relay 1", "the relay comes first");
  r.boot();
  assert.ok(r.journal.indexOf("AT") > 0);
  const posts = r.published();
  assert.is(posts.length, 1);
  assert.is(tail(posts[0].topic), "post");
  assert.equal(posts[0].payload.params, { PowerSwitch_1: 1 });
  assert.is(posts[0].payload.id, "65537", "ids of boot 1 start at 65537");
  assert.ok(r.events.indexOf("modem online") >= 0);
  // The version, for the cloud's OTA service, at every connect.
  assert.is(r.journal.filter((l) => /^AT\+QMTPUBEX=0,\d+,\d,\d,"\/ota\/device\/inform\/[^"]+",\d+$/.test(l)).length, 1);
});

test("end to end: +QMTRECV set -> relay pin -> set_reply PUBEX -> state post PUBEX, in that order", () => {
  const r = firmwareRig();
  r.boot();
  const from = r.journal.length;
  r.receive(r.fw.topics.propertySet, setMessage(SET_ID, 1));
  r.sm.run(1000);
  const after = r.journal.slice(from).filter((l) => l.startsWith("relay") || l.startsWith("AT+QMTPUBEX"));
  // The last two payloads: the NTP request may have gone out before the set.
  const n = r.sm.payloads.length;
  assert.equal(after, [
    "relay 1",
    `AT+QMTPUBEX=0,0,0,0,"${r.fw.topics.propertySetReply}",39`,
    `AT+QMTPUBEX=0,0,0,0,"${r.fw.topics.propertyPost}",${r.sm.payloads[n - 1].length}`,
  ]);
  assert.equal(JSON.parse(r.sm.payloads[n - 2]), { id: SET_ID, code: 200, data: {} });
  assert.equal((JSON.parse(r.sm.payloads[n - 1]) as { params: unknown }).params, { PowerSwitch_1: 1 });
  assert.is(r.fw.relay.value, 1);
  assert.is(r.storage.values[RELAY_KEY], 1);
  assert.ok(r.events.indexOf("relay cloud 1") >= 0);
  assert.is(r.fw.status().queued, 0);
});

test("a repeated set is answered again without switching twice", () => {
  const r = firmwareRig();
  r.boot();
  r.receive(r.fw.topics.propertySet, setMessage("5", 1));
  r.sm.run(500);
  r.receive(r.fw.topics.propertySet, setMessage("5", 1));
  r.sm.run(500);
  assert.equal(r.relay.writes, [0, 1]);
  const replies = r.published().filter((p) => tail(p.topic) === "set_reply");
  assert.is(replies.length, 2);
  assert.is(r.fw.client.stats.setsRepeated, 1);
});

test("after a broker restart (+QMTSTAT) the relay state is posted again", () => {
  const r = firmwareRig();
  r.boot();
  assert.is(r.published().length, 1);
  r.sm.urc("+QMTSTAT: 0,1");
  r.sm.run(100);
  assert.is(r.fw.online, false);
  assert.ok(r.sm.runUntilOnline(60000));
  r.sm.run(500);
  const posts = r.published();
  assert.is(posts.length, 2);
  assert.equal(posts[1].payload.params, { PowerSwitch_1: 0 });
});

test("button: a press toggles the relay and posts the new state", () => {
  const r = firmwareRig({ button: true });
  r.boot();
  const button = r.button!;
  button.value = 1;
  r.sm.run(200);
  button.value = 0;
  r.sm.run(200);
  assert.is(r.fw.relay.value, 1);
  const posts = r.published();
  assert.equal(posts[posts.length - 1].payload.params, { PowerSwitch_1: 1 });
  assert.is(r.fw.status().app.buttonPresses, 1);
  assert.ok(r.events.indexOf("relay button 1") >= 0);
});

test("link down: button presses switch at once, and only the final state is posted on reconnect", () => {
  const r = firmwareRig({ button: true });
  const button = r.button!;
  r.boot();
  assert.is(r.published().length, 1);
  r.sm.resultDelay = 3000; // a slow QMTOPEN keeps the link down for a while
  r.sm.urc("+QMTSTAT: 0,1");
  r.sm.run(50);
  // Presses further apart than the relay's least switch interval (300 ms): each one switches.
  for (let i = 0; i < 3; i++) {
    button.value = 1;
    r.sm.run(100);
    button.value = 0;
    r.sm.run(300);
  }
  assert.is(r.fw.online, false, "still reconnecting");
  assert.is(r.fw.relay.value, 1);
  assert.equal(r.relay.writes, [0, 1, 0, 1]);
  assert.is(r.published().length, 1, "nothing published while the link is down");
  assert.is(r.fw.status().queued, 0, "nor queued in the modem");
  assert.ok(r.sm.runUntilOnline(60000));
  r.sm.run(500);
  const posts = r.published();
  assert.is(posts.length, 2);
  assert.equal(posts[1].payload.params, { PowerSwitch_1: 1 });
});

test("telemetry: readings are posted once online, with the relay state first", () => {
  const r = firmwareRig({ sensor: true, config: { sensorIntervalMs: 1000 } });
  r.sensor!.steady = { temperature: 23.46, humidity: 41.2 };
  r.boot();
  r.sm.run(3000);
  const posts = r.published();
  assert.equal(posts[0].payload.params, { PowerSwitch_1: 0 });
  const telemetry = posts.filter((p) => "CurrentTemperature" in (p.payload.params as object));
  assert.is(telemetry.length, 1, "steady readings: one report, until the heartbeat");
  assert.equal(telemetry[0].payload.params, { CurrentTemperature: 23.5, CurrentHumidity: 41.2 });
  const s = r.fw.status();
  assert.is(s.temperature, 23.46);
  assert.is(s.sensorStats!.samples > 1, true);
});

test("the boot counter moves on every boot, so post ids do not repeat", () => {
  const storage = new FakeStorage();
  firmwareRig({ storage });
  assert.is(storage.values[BOOT_KEY], 1);
  const second = firmwareRig({ storage });
  assert.is(storage.values[BOOT_KEY], 2);
  second.boot();
  assert.is(second.published()[0].payload.id, "131073");
});

test("status() is one object, refreshed", () => {
  const r = firmwareRig();
  const before = r.fw.status();
  assert.is(before.online, false);
  assert.is(before.modem, "off");
  assert.ok(isNaN(before.temperature));
  assert.is(before.sensorStats, null);
  r.boot();
  const after = r.fw.status();
  assert.is(after, before);
  assert.is(after.modem, "online");
  assert.is(after.step, "");
  assert.is(after.online, true);
  assert.is(after.boot, 1);
  assert.ok(after.app.published >= 1);
  assert.is(after.cloudStats, r.fw.client.stats);
  assert.is(after.modemStats, r.fw.modem.stats);
});

test("setRelay (console) switches and posts", () => {
  const r = firmwareRig();
  r.boot();
  r.fw.setRelay(1);
  r.sm.run(500);
  assert.is(r.relay.level, 1);
  const posts = r.published();
  assert.equal(posts[posts.length - 1].payload.params, { PowerSwitch_1: 1 });
  assert.ok(r.events.indexOf("relay local 1") >= 0);
});

test("relayBootPolicy reaches the relay", () => {
  const storage = new FakeStorage();
  storage.values[RELAY_KEY] = 1;
  const r = firmwareRig({ storage, config: { relayBootPolicy: "off" } });
  assert.equal(r.relay.writes, [0]);
});

test.run();
