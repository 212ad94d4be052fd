/**
 * Plain MQTT's rules the cross-profile suite does not reach: its topics, the login the module
 * gets as given, sets without an id (each a new command), and ids that cannot be one.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { AlinkClient } from "../../src/cloud/client";
import { PlainMqttProfile } from "../../src/cloud/plain-mqtt";
import { LOGIN_PLAIN, TOPIC_OTHER, TOPIC_SET } from "../../src/cloud/profile";
import { ONE_GANG } from "../../src/cloud/thing-model";
import { memoryLog } from "../at/fakes";
import { FakeTransport } from "./fakes";

const SETTINGS = { host: "broker.lan", port: 1883, tls: false, clientId: "sw1", username: "u", password: "p", prefix: "home/sw1" };

function rig() {
  const transport = new FakeTransport([]);
  const relays = [0];
  const switched: number[] = [];
  const thing = {
    setPowerSwitch(v: 0 | 1) {
      relays[0] = v;
      switched.push(v);
    },
    powerSwitch: () => relays[0] as 0 | 1,
    switchPending: () => false,
  };
  const client = new AlinkClient({ transport, thing, log: memoryLog(), profile: new PlainMqttProfile(SETTINGS, ONE_GANG) });
  return { transport, switched, client };
}

test("topics under the prefix: state, set, set/reply; only the set topic is a set", () => {
  const p = new PlainMqttProfile(SETTINGS, ONE_GANG);
  assert.equal([p.postTopic, p.setTopic, p.setReplyTopic()], ["home/sw1/state", "home/sw1/set", "home/sw1/set/reply"]);
  assert.is(p.classify("home/sw1/set"), TOPIC_SET);
  for (const other of ["home/sw1/state", "home/sw1/set/reply", "home/sw1/set/x", "home/sw2/set"]) assert.is(p.classify(other), TOPIC_OTHER, other);
});

test("the login is the one configured, and nothing of Aliyun's", () => {
  const p = new PlainMqttProfile(SETTINGS, ONE_GANG);
  assert.is(p.name, "mqtt");
  assert.equal(p.login, { kind: LOGIN_PLAIN, host: "broker.lan", port: 1883, tls: false, clientId: "sw1", username: "u", password: "p", productKey: "", deviceName: "", deviceSecret: "" });
});

test("each set without an id is a new command: on, off, on all switch, and none is echoed an id", () => {
  const r = rig();
  for (const v of [1, 0, 1]) r.client.onMessage("home/sw1/set", '{"PowerSwitch_1":' + v + "}");
  assert.equal(r.switched, [1, 0, 1]);
  const replies = r.transport.take().filter((m) => m.topic === "home/sw1/set/reply").map((m) => m.payload);
  assert.equal(replies, ['{"code":200}', '{"code":200}', '{"code":200}']);
});

test("an id that cannot be one (empty, an object, too long, or one of the device's own) refuses the set unanswered", () => {
  const p = new PlainMqttProfile(SETTINGS, ONE_GANG);
  const refused = { ok: false, reason: "not a JSON object with properties, or too large or deep" };
  for (const id of ['""', "{}", '"' + "x".repeat(33) + '"', '"~1"', "-1", "1.5"]) assert.equal(p.parseSet("home/sw1/set", '{"id":' + id + ',"PowerSwitch_1":1}'), refused, id);
  assert.equal(p.parseSet("home/sw1/set", "[1]"), refused);
  const r = rig();
  r.client.onMessage("home/sw1/set", '{"id":"~1","PowerSwitch_1":1}');
  assert.equal(r.switched, []);
  assert.equal(r.transport.take().filter((m) => m.topic === "home/sw1/set/reply"), []);
});

test("a state with no value to say is not posted", () => {
  const p = new PlainMqttProfile(SETTINGS, ONE_GANG);
  assert.is(p.encodePost("1", [NaN, NaN, NaN]), null);
  assert.is(p.encodePost("1", [0, 21.5, NaN]), '{"PowerSwitch_1":0,"CurrentTemperature":21.5}');
});

test.run();
