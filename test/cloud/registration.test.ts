import { createHash, createHmac } from "node:crypto";
import * as fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readRegisterAnswer, registrationLogin } from "../../src/cloud/registration";
import { asciiBytes, hmacSha256Hex, sha256 } from "../../src/cloud/sha256";
import { registrationCredentials } from "../../sim/aliyun/register";

const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "latin1"));

test("SHA-256: FIPS 180-4's examples, and every length around the block and padding edges", () => {
  assert.is(Buffer.from(sha256(bytes("abc"))).toString("hex"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assert.is(Buffer.from(sha256(bytes(""))).toString("hex"), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  for (let n = 0; n <= 200; n++) {
    const data = new Uint8Array(n).map((_, i) => (i * 31 + n) & 0xff);
    assert.is(Buffer.from(sha256(data)).toString("hex"), createHash("sha256").update(data).digest("hex"), `length ${n}`);
  }
});

test("property: HMAC-SHA256 equals node:crypto's, keys shorter and longer than a block", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 150 }), fc.uint8Array({ maxLength: 300 }), (key, message) => {
      assert.is(hmacSha256Hex(key, message), createHmac("sha256", key).update(message).digest("hex"));
    }),
  );
});

test("the registration login is the one the embedded broker checks", () => {
  const product = { productKey: "a1Prod0001", productSecret: "pSecret0123456789" };
  const mine = registrationLogin(product.productKey, product.productSecret, "861234567890123", "4711");
  assert.equal(mine, registrationCredentials(product, "861234567890123", "4711"));
  assert.is(registrationLogin("a1Prod0001", "s\u00e9cret", "dn01", "1"), null);
  assert.is(asciiBytes("\u0100"), null);
});

test("the /ext/register answer: this device's secret, or null", () => {
  const ok = '{"productKey":"a1Prod0001","deviceName":"dn01","deviceSecret":"0123456789abcdef0123456789abcdef"}';
  assert.is(readRegisterAnswer(ok, "a1Prod0001", "dn01"), "0123456789abcdef0123456789abcdef");
  assert.is(readRegisterAnswer(ok, "a1Prod0001", "dn02"), null, "another device's");
  assert.is(readRegisterAnswer("not json", "a1Prod0001", "dn01"), null);
  assert.is(readRegisterAnswer('{"productKey":"a1Prod0001","deviceName":"dn01","deviceSecret":"has \\"quote"}', "a1Prod0001", "dn01"), null);
  assert.is(readRegisterAnswer('{"productKey":"a1Prod0001","deviceName":"dn01","deviceSecret":7}', "a1Prod0001", "dn01"), null);
  assert.is(readRegisterAnswer(`{"productKey":"a1Prod0001","deviceName":"dn01","deviceSecret":"${"x".repeat(65)}"}`, "a1Prod0001", "dn01"), null);
});

test.run();
