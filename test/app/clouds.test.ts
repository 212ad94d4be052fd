/**
 * The whole firmware on each cloud, on the scripted EC600S: the login it sends, the topics
 * it subscribes, a set applied once and answered; and the 2-gang switch as one config change.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ConfigError, parseConfig } from "../../src/app/config";
import { A7670 } from "../../src/modem/simcom/dialect";
import { firmwareRig } from "./rig";

const ONENET_KEY = Buffer.from("0123456789abcdef0123456789abcdef").toString("base64");

function problems(raw: Record<string, unknown>): string[] {
  try {
    parseConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

test("config: each cloud requires its own credentials, and every problem is listed at once", () => {
  assert.equal(problems({ cloud: "onenet" }), [
    "deviceName is required: 4..32 characters of letters, digits and _-@.:",
    "productId is required: 1..32 characters of letters, digits and _-@.:",
    "deviceKey is required: 4..88 characters of base64",
  ]);
  assert.equal(problems({ cloud: "huawei" }), [
    "deviceId is required: 1..128 characters of letters, digits and _-@.:",
    "deviceSecret is required: 1..64 characters of printable ASCII without spaces or '\"'",
    "mqttHost is required: 1..100 characters of letters, digits, '.' and '-'",
  ]);
  assert.equal(problems({ cloud: "mqtt", topicPrefix: "a//b" }), [
    "topicPrefix must not start or end with '/' or have an empty level, got \"a//b\"",
    "mqttHost is required: 1..100 characters of letters, digits, '.' and '-'",
  ]);
  assert.equal(problems({ cloud: "onenet", productId: "1", deviceName: "dev1", deviceKey: "abc=" + "====" }), ["deviceKey must be the base64 the OneNET console shows (at most 64 bytes)"]);
  assert.equal(problems({ cloud: "tencent" }).slice(0, 1), ['cloud must be one of "aliyun", "onenet", "huawei", "mqtt", got "tencent"']);
  assert.is(parseConfig({ cloud: "onenet", productId: "123123", deviceName: "mydev", deviceKey: ONENET_KEY }).mqttHost, "mqtts.heclouds.com");
  assert.equal(problems({ cloud: "mqtt", mqttHost: "localhost", gangs: 3 }), ["gangs must be an integer 1..2, got 3"]);
});

test("OneNET: the token signed on the device goes on QMTCONN, no aliauth; a set is applied and answered", () => {
  const r = firmwareRig({ rawConfig: { cloud: "onenet", productId: "123123", deviceName: "mydev", deviceKey: ONENET_KEY, tokenExpiry: 1537255523 } });
  r.boot();
  const conn = r.journal.find((l) => l.startsWith("AT+QMTCONN="));
  assert.ok(conn?.startsWith('AT+QMTCONN=0,"mydev","123123","version=2018-10-31&res=products%2F123123%2Fdevices%2Fmydev&et=1537255523&method=sha256&sign='), conn);
  assert.not.ok(r.journal.some((l) => l.includes("aliauth")));
  assert.ok(r.journal.includes('AT+QMTSUB=0,1,"$sys/123123/mydev/thing/property/set",0,"$sys/123123/mydev/thing/property/post/reply",0'));
  r.receive("$sys/123123/mydev/thing/property/set", '{"id":"77","version":"1.0","params":{"PowerSwitch_1":true}}');
  r.sm.run(1000);
  assert.is(r.fw.relay.value, 1);
  const posts = r.published();
  assert.equal(posts.map((p) => p.topic).slice(-2), ["$sys/123123/mydev/thing/property/set_reply", "$sys/123123/mydev/thing/property/post"]);
  assert.equal(posts[posts.length - 2].payload, { id: "77", code: 200, msg: "success" });
  assert.equal(posts[posts.length - 1].payload.params, { PowerSwitch_1: { value: true } });
});

test("Huawei IoTDA: client id, username and the documented password on QMTCONN; the reply goes to the request's own topic", () => {
  const r = firmwareRig({ rawConfig: { cloud: "huawei", deviceId: "dev_1", deviceSecret: "12345678", huaweiTimestamp: "2025041401", mqttHost: "iot-mqtts.example.com" } });
  r.boot();
  assert.ok(r.journal.includes('AT+QMTOPEN=0,"iot-mqtts.example.com",1883'));
  assert.ok(r.journal.includes('AT+QMTCONN=0,"dev_1_0_0_2025041401","dev_1","c75150e6cb841417396819e4d2ee4358a416344a03a083e3a8567074ddec820a"'));
  r.receive("$oc/devices/dev_1/sys/properties/set/request_id=42", '{"services":[{"service_id":"Switch","properties":{"PowerSwitch_1":1}}]}');
  r.sm.run(1000);
  const posts = r.published();
  assert.equal(posts.map((p) => p.topic).slice(-2), ["$oc/devices/dev_1/sys/properties/set/response/request_id=42", "$oc/devices/dev_1/sys/properties/report"]);
  assert.equal(posts[posts.length - 2].payload, { result_code: 0, result_desc: "success" });
});

test("2-gang: gangs=2 drives two relays with two NVS keys and two buttons, and the cloud sets each by name", () => {
  const r = firmwareRig({ config: { gangs: 2 }, secondGang: true, button: true });
  r.boot();
  assert.equal(r.fw.relays.length, 2);
  r.receive(r.fw.topics.propertySet, '{"method":"thing.service.property.set","id":"9","params":{"PowerSwitch_2":1},"version":"1.0.0"}');
  r.sm.run(1000);
  assert.equal([r.fw.relays[0].value, r.fw.relays[1].value], [0, 1]);
  assert.equal(r.storage.values, { relay: 0, relay2: 1, boots: 1 });
  let posts = r.published();
  assert.equal(posts[posts.length - 1].payload.params, { PowerSwitch_1: 0, PowerSwitch_2: 1 });
  r.button2!.value = 1;
  r.sm.run(400);
  r.button2!.value = 0;
  r.sm.run(400);
  assert.is(r.fw.relays[1].value, 0, "the second button toggles the second relay");
  assert.is(r.fw.relays[0].value, 0);
  posts = r.published();
  assert.equal(posts[posts.length - 1].payload.params, { PowerSwitch_1: 0, PowerSwitch_2: 0 });
  assert.ok(r.events.includes("relay button 0 #2"));
  r.receive(r.fw.topics.propertySet, '{"id":"10","params":{"PowerSwitch_3":1}}');
  r.sm.run(1000);
  posts = r.published();
  assert.equal(posts[posts.length - 1].payload, { id: "10", code: 460, data: {}, message: "unknown property PowerSwitch_3" });
});

test("2-gang without the host's second relay pin is a configuration error", () => {
  assert.throws(() => firmwareRig({ config: { gangs: 2 } }), (e: unknown) => e instanceof ConfigError && /second relay pin/.test(e.message));
});

test("2-gang: a factory reset forgets the second relay's state too", () => {
  const r = firmwareRig({ config: { gangs: 2 }, secondGang: true, reboot: () => undefined });
  r.boot();
  r.fw.setRelayOf(1, 1);
  r.sm.run(500);
  assert.is(r.storage.values.relay2, 1);
  r.fw.factoryReset();
  assert.is(r.storage.values.relay, -1);
  assert.is(r.storage.values.relay2, -1, "the next boot's policy decides, as for the first relay");
});

test("plain MQTT on the SIMCom A7670: the profile's login goes as given, username and password on +CMQTTCONNECT", () => {
  const r = firmwareRig({ dialect: A7670, rawConfig: { cloud: "mqtt", modem: "a7670", mqttHost: "broker.example.com", clientId: "switch-1", username: "user1", password: "pa:ss", topicPrefix: "home/switch" } });
  r.boot();
  assert.ok(r.fw.online);
  assert.ok(r.journal.includes('AT+CMQTTACCQ=0,"switch-1",0'), r.journal.join("\n"));
  assert.ok(r.journal.includes('AT+CMQTTCONNECT=0,"tcp://broker.example.com:1883",120,1,"user1","pa:ss"'), r.journal.join("\n"));
  assert.ok(r.journal.includes("AT+CMQTTSUBTOPIC=0," + "home/switch/set".length + ",0"), "the prefix's set topic");
});

test.run();
