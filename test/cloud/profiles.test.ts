/**
 * Each cloud's login and messages, checked against what its documentation says the cloud
 * sends and expects; the exactly-once rules are the client's and hold for every profile.
 */
import { createHmac } from "node:crypto";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { aliyunProfile } from "../../src/cloud/aliyun";
import { AlinkClient } from "../../src/cloud/client";
import { HuaweiProfile, huaweiClientId, huaweiTimestamp } from "../../src/cloud/huawei";
import { LoginSigner } from "../../src/cloud/login-signer";
import { ONENET_DEFAULT_EXPIRY, OneNetProfile, onenetStringToSign } from "../../src/cloud/onenet";
import { PlainMqttProfile } from "../../src/cloud/plain-mqtt";
import { CloudProfile, LOGIN_ALIYUN, LOGIN_PLAIN, TOPIC_OTHER, TOPIC_POST_REPLY, TOPIC_SET } from "../../src/cloud/profile";
import { ONE_GANG, TWO_GANG } from "../../src/cloud/thing-model";
import type { HmacService } from "../../src/hal";
import { memoryLog } from "../at/fakes";
import { FakeTransport } from "./fakes";

const NET = { host: "broker.example", port: 1883, tls: false };
/** 32 bytes, as OneNET's console shows a device key. */
const ONENET_KEY = Buffer.from("0123456789abcdef0123456789abcdef").toString("base64");

function signed(profile: CloudProfile, native?: HmacService): CloudProfile {
  const signer = new LoginSigner(profile, native);
  let steps = 0;
  while (!signer.step()) steps++;
  assert.is(signer.error, null);
  assert.ok(native !== undefined || profile.signing === null || steps >= 19, "spread over many steps without a native HMAC");
  return profile;
}

test("Aliyun: the module signs (aliauth), topics and subscriptions as before profiles", () => {
  const p = aliyunProfile({ ...NET, clientId: "co_0001", productKey: "a1wFylTxYeD", deviceName: "co_0001", deviceSecret: "s" }, ONE_GANG);
  assert.is(p.login.kind, LOGIN_ALIYUN);
  assert.is(p.signing, null);
  assert.equal(p.subscriptions, ["/sys/a1wFylTxYeD/co_0001/thing/service/property/set", "/sys/a1wFylTxYeD/co_0001/thing/event/property/post_reply"]);
  assert.is(p.encodePost("7", [1, NaN, NaN]), '{"id":"7","version":"1.0","params":{"PowerSwitch_1":1},"method":"thing.event.property.post"}');
  assert.is(p.encodePost("8", [NaN, 23, 40.04]), '{"id":"8","version":"1.0","params":{"CurrentTemperature":23.0,"CurrentHumidity":40.0},"method":"thing.event.property.post"}');
  assert.is(p.encodeSetReply("1", 460, "bad"), '{"id":"1","code":460,"data":{},"message":"bad"}');
});

test("OneNET: the documented token, signed on the device: client id = device name, username = product id", () => {
  const p = signed(new OneNetProfile({ ...NET, productId: "123123", deviceName: "mydev", deviceKey: ONENET_KEY, expiry: 1537255523 }, ONE_GANG));
  // OneNET's doc: StringForSignature = et + "\n" + method + "\n" + res + "\n" + version.
  assert.is(onenetStringToSign(1537255523, "products/123123/devices/mydev"), "1537255523\nsha256\nproducts/123123/devices/mydev\n2018-10-31");
  const sign = createHmac("sha256", Buffer.from(ONENET_KEY, "base64")).update("1537255523\nsha256\nproducts/123123/devices/mydev\n2018-10-31").digest("base64");
  assert.is(p.login.password, "version=2018-10-31&res=products%2F123123%2Fdevices%2Fmydev&et=1537255523&method=sha256&sign=" + encodeURIComponent(sign));
  assert.is(p.login.kind, LOGIN_PLAIN);
  assert.is(p.login.clientId, "mydev");
  assert.is(p.login.username, "123123");
});

test("OneNET: OneJSON topics and payloads, bools as true/false, each value wrapped", () => {
  const p = new OneNetProfile({ ...NET, productId: "pid", deviceName: "dn", deviceKey: ONENET_KEY, expiry: ONENET_DEFAULT_EXPIRY }, ONE_GANG);
  assert.equal(p.subscriptions, ["$sys/pid/dn/thing/property/set", "$sys/pid/dn/thing/property/post/reply"]);
  assert.is(p.classify("$sys/pid/dn/thing/property/set"), TOPIC_SET);
  assert.is(p.classify("$sys/pid/dn/thing/property/post/reply"), TOPIC_POST_REPLY);
  assert.is(p.classify("$sys/pid/other/thing/property/set"), TOPIC_OTHER);
  assert.is(p.encodePost("123", [1, 23.6, NaN]), '{"id":"123","version":"1.0","params":{"PowerSwitch_1":{"value":true},"CurrentTemperature":{"value":23.6}}}');
  assert.is(p.encodeSetReply("9", 200, ""), '{"id":"9","code":200,"msg":"success"}');
  assert.equal(p.parseSet("", '{"id":"9","version":"1.0","params":{"PowerSwitch_1":false}}'), { ok: true, id: "9", params: { PowerSwitch_1: false } });
  assert.equal(p.parsePostReply('{"id":"123","code":200,"msg":"success"}'), { id: "123", code: 200 });
  assert.throws(() => new OneNetProfile({ ...NET, productId: "p", deviceName: "d", deviceKey: "not base64!", expiry: 1 }, ONE_GANG), /base64/);
});

test("Huawei IoTDA: client id <id>_0_0_<YYYYMMDDHH>, password = HMAC-SHA256(timestamp, secret) as documented", () => {
  const p = signed(new HuaweiProfile({ ...NET, deviceId: "dev_1", deviceSecret: "12345678", serviceId: "Switch", timestamp: "2025041401" }, ONE_GANG));
  assert.is(p.login.clientId, "dev_1_0_0_2025041401");
  assert.is(p.login.username, "dev_1");
  assert.is(p.login.password, "c75150e6cb841417396819e4d2ee4358a416344a03a083e3a8567074ddec820a");
  assert.is(huaweiTimestamp(Date.UTC(2018, 6, 24, 17, 56, 20)), "2018072417", "Huawei's own example: 2018/7/24 17:56:20 UTC");
  assert.is(huaweiClientId("D39564861q3gDa", "2018072417"), "D39564861q3gDa_0_0_2018072417");
});

test("Huawei IoTDA: the request id travels in the topic; reports are not answered", () => {
  const p = new HuaweiProfile({ ...NET, deviceId: "d1", deviceSecret: "s", serviceId: "Switch", timestamp: "1970010100" }, ONE_GANG);
  const topic = "$oc/devices/d1/sys/properties/set/request_id=bf40f0c4-4022-41c6-a201-c5133122054a";
  assert.equal(p.subscriptions, ["$oc/devices/d1/sys/properties/set/#"]);
  assert.is(p.classify(topic), TOPIC_SET);
  assert.is(p.classify("$oc/devices/d1/sys/properties/set/request_id="), TOPIC_OTHER);
  const set = '{"object_device_id":"d1","services":[{"service_id":"Switch","properties":{"PowerSwitch_1":1}}]}';
  assert.equal(p.parseSet(topic, set), { ok: true, id: "bf40f0c4-4022-41c6-a201-c5133122054a", params: { PowerSwitch_1: 1 } });
  assert.equal(p.parseSet(topic, '{"services":[{"service_id":"Other","properties":{}}]}'), { ok: false, id: "bf40f0c4-4022-41c6-a201-c5133122054a", reason: "unknown service" });
  assert.equal(p.parseSet(topic, "[]"), { ok: false, id: "bf40f0c4-4022-41c6-a201-c5133122054a", reason: "not a JSON object, or too large or deep" });
  assert.is(p.setReplyTopic("r1"), "$oc/devices/d1/sys/properties/set/response/request_id=r1");
  assert.is(p.encodeSetReply("r1", 0, ""), '{"result_code":0,"result_desc":"success"}');
  assert.is(p.encodePost("1", [0, NaN, 55.3]), '{"services":[{"service_id":"Switch","properties":{"PowerSwitch_1":0,"CurrentHumidity":55.3}}]}');
  assert.is(p.answersPosts, false);
});

test("plain MQTT: state and set as {\"PowerSwitch_1\":1} under the prefix, the given login, ids echoed only if sent", () => {
  const p = new PlainMqttProfile({ ...NET, clientId: "sw1", username: "u", password: "p", prefix: "home/sw1" }, ONE_GANG);
  assert.equal([p.login.clientId, p.login.username, p.login.password], ["sw1", "u", "p"]);
  assert.equal(p.subscriptions, ["home/sw1/set"]);
  assert.is(p.encodePost("5", [1, NaN, NaN]), '{"PowerSwitch_1":1}');
  const noId = p.parseSet("home/sw1/set", '{"PowerSwitch_1":0}');
  assert.ok(noId.ok && noId.id !== undefined && noId.id.startsWith("~"));
  assert.is(p.encodeSetReply(noId.id as string, 200, ""), '{"code":200}');
  assert.equal(p.parseSet("home/sw1/set", '{"id":"42","PowerSwitch_1":1}'), { ok: true, id: "42", params: { PowerSwitch_1: 1 } });
  assert.is(p.encodeSetReply("42", 400, "no"), '{"id":"42","code":400,"message":"no"}');
  assert.is(p.parseSet("home/sw1/set", "nope").ok, false);
});

test("a host's native HMAC signs in one call and gives the same login", () => {
  let calls = 0;
  const native: HmacService = {
    sha256(key, keyLength, message, out) {
      calls++;
      out.set(createHmac("sha256", key.subarray(0, keyLength)).update(message).digest());
      return true;
    },
  };
  const settings = { ...NET, deviceId: "dev_1", deviceSecret: "12345678", serviceId: "Switch", timestamp: "2025041401" };
  const p = new HuaweiProfile(settings, ONE_GANG);
  assert.ok(new LoginSigner(p, native).step());
  assert.is(calls, 1);
  assert.is(p.login.password, "c75150e6cb841417396819e4d2ee4358a416344a03a083e3a8567074ddec820a");
});

/** One client per profile, a set applied once, refused with the cloud's own code, answered again on a retry. */
function exactlyOnce(profile: CloudProfile, setTopic: string, setPayload: (v: number) => string, bad: string) {
  const journal: string[] = [];
  const transport = new FakeTransport(journal);
  const relays = [0, 0];
  const switched: string[] = [];
  const thing = {
    setPowerSwitch(v: 0 | 1, ch: number) {
      relays[ch] = v;
      switched.push(ch + "=" + v);
    },
    powerSwitch: (ch: number) => (relays[ch] === 1 ? 1 : 0) as 0 | 1,
    switchPending: () => false,
  };
  const client = new AlinkClient({ transport, thing, log: memoryLog(), profile });
  client.onMessage(setTopic, setPayload(1));
  client.onMessage(setTopic, setPayload(1));
  client.onMessage(setTopic, bad);
  return { sent: transport.take(), switched, client };
}

test("every profile applies a set once, answers its retry the same, and refuses a bad one with its own code", () => {
  const huawei = new HuaweiProfile({ ...NET, deviceId: "d1", deviceSecret: "s", serviceId: "Switch", timestamp: "1970010100" }, ONE_GANG);
  const ht = "$oc/devices/d1/sys/properties/set/request_id=";
  const h = exactlyOnce(huawei, ht + "r1", (v) => `{"services":[{"service_id":"Switch","properties":{"PowerSwitch_1":${v}}}]}`, '{"services":[{"service_id":"Switch","properties":{"PowerSwitch_1":"on"}}]}');
  assert.equal(h.switched, ["0=1"]);
  assert.equal(h.client.stats.setsRepeated, 2, "the retry, and the bad payload under the same request id");
  assert.equal(h.sent.map((m) => m.topic + " " + m.payload), [
    ht.replace("set/", "set/response/") + "r1 " + '{"result_code":0,"result_desc":"success"}',
    '$oc/devices/d1/sys/properties/report {"services":[{"service_id":"Switch","properties":{"PowerSwitch_1":1}}]}',
    ht.replace("set/", "set/response/") + "r1 " + '{"result_code":0,"result_desc":"success"}',
    ht.replace("set/", "set/response/") + "r1 " + '{"result_code":0,"result_desc":"success"}',
  ], "the bad set reuses the request id r1, so it is a retry: answered as the first");
  const onenet = new OneNetProfile({ ...NET, productId: "p", deviceName: "d", deviceKey: ONENET_KEY, expiry: 1 }, ONE_GANG);
  const o = exactlyOnce(onenet, "$sys/p/d/thing/property/set", (v) => `{"id":"1","version":"1.0","params":{"PowerSwitch_1":${v ? "true" : "false"}}}`, '{"id":"2","params":{"CurrentTemperature":1.0}}');
  assert.equal(o.switched, ["0=1"]);
  assert.equal(o.sent.map((m) => m.payload), [
    '{"id":"1","code":200,"msg":"success"}',
    '{"id":"1","version":"1.0","params":{"PowerSwitch_1":{"value":true}}}',
    '{"id":"1","code":200,"msg":"success"}',
    '{"id":"2","code":400,"msg":"CurrentTemperature is read-only"}',
  ]);
});

test("a 2-gang switch is the TWO_GANG table: each relay set by its own property, both posted", () => {
  const p = new PlainMqttProfile({ ...NET, clientId: "c", username: "", password: "", prefix: "sw" }, TWO_GANG);
  const r = exactlyOnce(p, "sw/set", (v) => `{"id":"a","PowerSwitch_2":${v}}`, '{"id":"b","PowerSwitch_1":1,"PowerSwitch_3":1}');
  assert.equal(r.switched, ["1=1"]);
  assert.equal(r.sent.map((m) => m.payload), ['{"id":"a","code":200}', '{"PowerSwitch_1":0,"PowerSwitch_2":1}', '{"id":"a","code":200}', '{"id":"b","code":400,"message":"unknown property PowerSwitch_3"}']);
  const aliyun = aliyunProfile({ ...NET, clientId: "dn", productKey: "pk", deviceName: "dn", deviceSecret: "s" }, TWO_GANG);
  assert.is(aliyun.encodePost("3", [1, 0, 21.5, NaN]), '{"id":"3","version":"1.0","params":{"PowerSwitch_1":1,"PowerSwitch_2":0,"CurrentTemperature":21.5},"method":"thing.event.property.post"}');
});

test("Aliyun: a post with the timer members; none when the switch state is invalid or there is nothing to say", () => {
  const p = aliyunProfile({ ...NET, clientId: "dn", productKey: "pk", deviceName: "dn", deviceSecret: "s" }, ONE_GANG);
  const countDown = ',"CountDown":{"IsRunning":0}';
  assert.is(p.encodePostWith("1", [1, NaN, NaN], countDown), '{"id":"1","version":"1.0","params":{"PowerSwitch_1":1,"CountDown":{"IsRunning":0}},"method":"thing.event.property.post"}');
  assert.is(p.encodePostWith("2", null, countDown), '{"id":"2","version":"1.0","params":{"CountDown":{"IsRunning":0}},"method":"thing.event.property.post"}');
  // The members never go out without the state they came with.
  assert.is(p.encodePostWith("3", [2, NaN, NaN], countDown), null);
  assert.is(p.encodePostWith("4", [NaN, NaN, NaN], countDown), null);
  assert.is(p.encodePostWith("5", null, ""), null);
});

test.run();
