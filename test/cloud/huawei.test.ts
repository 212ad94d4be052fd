/**
 * Huawei IoTDA's rules that the cross-profile suite does not reach: the timestamp's zero
 * padding, the request id taken from the topic (it becomes the reply's topic, so it is
 * bounded and may not hold a level separator), and the one service a set must name.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { HUAWEI_REQUEST_ID_MAX, HuaweiProfile, huaweiTimestamp } from "../../src/cloud/huawei";
import { LOGIN_PLAIN } from "../../src/cloud/profile";
import { ONE_GANG } from "../../src/cloud/thing-model";

const SETTINGS = { host: "iot-mqtts.cn-north-4.myhuaweicloud.com", port: 8883, tls: true, deviceId: "d1", deviceSecret: "secret", serviceId: "Switch", timestamp: "2019101010" };
const SET = "$oc/devices/d1/sys/properties/set/request_id=";
const BODY = '{"services":[{"service_id":"Switch","properties":{"PowerSwitch_1":1}}]}';

test("the timestamp pads one digit, and only one: 9 is 09, 10 is 10", () => {
  assert.is(huaweiTimestamp(Date.UTC(2019, 9, 10, 10, 59, 59)), "2019101010");
  assert.is(huaweiTimestamp(Date.UTC(2019, 8, 9, 9)), "2019090909");
  assert.is(huaweiTimestamp(Date.UTC(2020, 11, 31, 23)), "2020123123");
});

test("the login is plain: the module gets the client id and the device id, no Aliyun triple and not the secret", () => {
  const p = new HuaweiProfile(SETTINGS, ONE_GANG);
  assert.is(p.name, "huawei");
  assert.equal(p.login, {
    kind: LOGIN_PLAIN, host: SETTINGS.host, port: 8883, tls: true, clientId: "d1_0_0_2019101010", username: "d1",
    password: "", productKey: "", deviceName: "", deviceSecret: "",
  });
  assert.is(p.signing?.keyLength, 10);
  assert.is(p.signing?.message, "secret");
});

test("a request id up to its bound is answered under it; a longer one, or one with a '/', is refused without an id", () => {
  const p = new HuaweiProfile(SETTINGS, ONE_GANG);
  const longest = "r".repeat(HUAWEI_REQUEST_ID_MAX);
  assert.equal(p.parseSet(SET + longest, BODY), { ok: true, id: longest, params: { PowerSwitch_1: 1 } });
  assert.equal(p.parseSet(SET + longest + "r", BODY), { ok: false, reason: "invalid request_id" });
  assert.equal(p.parseSet(SET + "a/b", BODY), { ok: false, reason: "invalid request_id" }, "a reply to it would land on another topic");
  assert.equal(p.parseSet(SET + "/b", BODY), { ok: false, reason: "invalid request_id" });
});

test("a set names exactly one service, as an object", () => {
  const p = new HuaweiProfile(SETTINGS, ONE_GANG);
  const refused = { ok: false, id: "r1", reason: "services must hold one service" };
  const service = '{"service_id":"Switch","properties":{"PowerSwitch_1":1}}';
  assert.equal(p.parseSet(SET + "r1", '{"services":' + service + "}"), refused, "an object, not a list");
  assert.equal(p.parseSet(SET + "r1", '{"services":[]}'), refused);
  assert.equal(p.parseSet(SET + "r1", '{"services":[' + service + "," + service + "]}"), refused);
  assert.equal(p.parseSet(SET + "r1", '{"services":["Switch"]}'), refused);
  assert.equal(p.parseSet(SET + "r1", '{"services":[{"service_id":"Switch","properties":[1]}]}'), { ok: false, id: "r1", reason: "properties is not an object" });
});

test("a refusal says why in result_desc; a report with no value to say is not made", () => {
  const p = new HuaweiProfile(SETTINGS, ONE_GANG);
  assert.is(p.encodeSetReply("r1", 1, "PowerSwitch_1 must be 0 or 1"), '{"result_code":1,"result_desc":"PowerSwitch_1 must be 0 or 1"}');
  assert.is(p.encodePost("1", [NaN, NaN, NaN]), null);
});

test.run();
