import { test } from "uvu";
import * as assert from "uvu/assert";
import { EventEmitter } from "node:events";
import type { CloudConsole, ConsoleEvents } from "../../sim/broker";
import { roundTripText } from "../../hosts/node/describe";
import { RoundTripTracker, type RoundTrip } from "../../hosts/node/round-trip";

const device = { productKey: "pk", deviceName: "dev1" };
const SET = "/sys/pk/dev1/thing/service/property/set";

function tracker() {
  let now = 0;
  const trips: RoundTrip[] = [];
  const events = new EventEmitter<ConsoleEvents>();
  const t = new RoundTripTracker(device, (trip) => trips.push(trip), 0.5, () => now);
  t.attach({ events } as unknown as CloudConsole);
  const who = { ...device, message: {} };
  return {
    t,
    trips,
    at: (ms: number) => (now = ms),
    set: (id: string, value: number, topic = SET) => events.emit("message", topic, Buffer.from(JSON.stringify({ id, params: { PowerSwitch_1: value } }))),
    reply: (id: string, code = 200) => events.emit("setReply", { ...who, id, code }),
    post: (params: Record<string, unknown>) => events.emit("propertyPost", { ...who, id: "9", params }),
  };
}

test("set -> relay -> set_reply -> post, each stamped after the set", () => {
  const r = tracker();
  r.t.sent("7", 1);
  r.at(4);
  r.t.relay(1);
  r.at(10);
  r.reply("7");
  r.at(15);
  r.post({ CurrentTemperature: 20 });
  r.at(30);
  r.post({ PowerSwitch_1: 1 });
  const last = r.trips[r.trips.length - 1];
  assert.equal(last, { id: "7", value: 1, relayMs: 4, replyMs: 10, replyCode: 200, postMs: 30, done: true, scale: 0.5 });
  assert.is(roundTripText(last), "PowerSwitch_1=1 (id 7): relay 4 ms, set_reply 10 ms (200), post 30 ms");
  assert.is(r.trips.length, 4, "one report per stage");
});

test("a set from another client is followed from when the console sees it", () => {
  const r = tracker();
  r.at(100);
  r.set("42", 0);
  r.set("43", "on" as unknown as number);
  r.set("44", 1, "/sys/pk/other/thing/service/property/set");
  assert.equal(r.trips.map((t) => t.id), ["42"]);
  r.at(103);
  r.reply("42", 200);
  r.at(120);
  r.post({ PowerSwitch_1: 0 });
  const last = r.trips[r.trips.length - 1];
  assert.is(last.relayMs, null, "the relay was already off");
  assert.is(last.postMs, 20);
  assert.ok(last.done);
  assert.match(roundTripText(last), /relay unchanged/);
});

test("replies for unknown ids and posts before the reply are not stages", () => {
  const r = tracker();
  r.t.sent("1", 1);
  r.post({ PowerSwitch_1: 1 });
  r.reply("999");
  assert.is(r.trips.length, 1);
  assert.is(r.trips[0].done, false);
  assert.match(roundTripText(r.trips[0]), /relay -, set_reply -, post -/);
});

test.run();
