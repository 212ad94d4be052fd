import { test } from "uvu";
import * as assert from "uvu/assert";
import { readRegisterAnswer, REGISTER_TOPIC } from "../../src/cloud/registration";

test("Aliyun answers a registration on /ext/register", () => {
  assert.is(REGISTER_TOPIC, "/ext/register");
});

test("the /ext/register answer: this device's secret, or null", () => {
  const ok = '{"productKey":"a1Prod0001","deviceName":"dn01","deviceSecret":"0123456789abcdef0123456789abcdef"}';
  assert.is(readRegisterAnswer(ok, "a1Prod0001", "dn01"), "0123456789abcdef0123456789abcdef");
  assert.is(readRegisterAnswer(ok, "a1Prod0001", "dn02"), null, "another device's");
  assert.is(readRegisterAnswer(ok, "a1Prod0002", "dn01"), null, "another product's device of the same name");
  const secret64 = "x".repeat(64);
  assert.is(readRegisterAnswer(`{"productKey":"a1Prod0001","deviceName":"dn01","deviceSecret":"${secret64}"}`, "a1Prod0001", "dn01"), secret64, "64 characters: the most a secret may be");
  assert.is(readRegisterAnswer('{"productKey":"a1Prod0001","deviceName":"dn01","deviceSecret":["abc"]}', "a1Prod0001", "dn01"), null, "a list is no secret");
  assert.is(readRegisterAnswer("not json", "a1Prod0001", "dn01"), null);
  assert.is(readRegisterAnswer('{"productKey":"a1Prod0001","deviceName":"dn01","deviceSecret":"has \\"quote"}', "a1Prod0001", "dn01"), null);
  assert.is(readRegisterAnswer('{"productKey":"a1Prod0001","deviceName":"dn01","deviceSecret":7}', "a1Prod0001", "dn01"), null);
  assert.is(readRegisterAnswer(`{"productKey":"a1Prod0001","deviceName":"dn01","deviceSecret":"${"x".repeat(65)}"}`, "a1Prod0001", "dn01"), null);
});

test.run();
