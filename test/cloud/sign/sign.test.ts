/**
 * The signatures the clouds check, against published answers: RFC 4231 for HMAC-SHA256 and
 * Huawei's own example of an IoTDA password; Node's crypto for everything else.
 */
import { createHmac } from "node:crypto";
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { base64, base64Decode, hex, urlEncode } from "../../../src/cloud/sign/encode";
import { HMAC_MAX_MESSAGE, HmacSha256 } from "../../../src/cloud/sign/hmac-sha256";

function sign(key: Uint8Array, message: string): string {
  const h = new HmacSha256();
  assert.ok(h.start(key, key.length, message), h.error ?? "");
  let steps = 0;
  while (!h.step()) steps++;
  assert.ok(steps >= 19, "a block is five steps: at least two inner and two outer blocks");
  const out = new Uint8Array(32);
  h.digestInto(out, 0);
  return hex(out, 32);
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

test("RFC 4231 test case 2: key Jefe", () => {
  assert.is(sign(bytes("Jefe"), "what do ya want for nothing?"), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
});

test("RFC 4231 test case 1: twenty 0x0b bytes, Hi There", () => {
  assert.is(sign(new Uint8Array(20).fill(0x0b), "Hi There"), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
});

test("Huawei IoTDA's documented password: secret 12345678, timestamp 2025041401", () => {
  // support.huaweicloud.com "设备连接鉴权": Password = HMACSHA256(key = timestamp, message = secret).
  assert.is(sign(bytes("2025041401"), "12345678"), "c75150e6cb841417396819e4d2ee4358a416344a03a083e3a8567074ddec820a");
});

test("any key up to a block and any message up to the limit sign as Node's crypto does", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), fc.string({ maxLength: HMAC_MAX_MESSAGE / 4 }), (key, message) => {
      const encoded = bytes(message);
      if (encoded.length > HMAC_MAX_MESSAGE || /[\ud800-\udfff]/.test(message)) return;
      assert.is(sign(key, message), createHmac("sha256", key).update(encoded).digest("hex"));
    }),
    { numRuns: 300 },
  );
});

test("messages at every padding edge (55, 56, 63, 64 bytes) and at the limit", () => {
  for (const n of [0, 55, 56, 63, 64, 119, 120, HMAC_MAX_MESSAGE]) {
    const m = "m".repeat(n);
    assert.is(sign(bytes("k"), m), createHmac("sha256", "k").update(m).digest("hex"), String(n));
  }
});

test("too long a key or message is refused, saying why, and nothing is signed", () => {
  const h = new HmacSha256();
  assert.not.ok(h.start(new Uint8Array(65), 65, "x"));
  assert.match(h.error ?? "", "key longer than 64");
  assert.not.ok(h.start(new Uint8Array(1), 1, "x".repeat(HMAC_MAX_MESSAGE + 1)));
  assert.match(h.error ?? "", "message longer than 256");
  assert.not.ok(h.step(), "nothing started, nothing done");
  assert.not.ok(h.done);
  assert.ok(h.start(new Uint8Array(1), 1, "x"));
  assert.is(h.error, null);
  assert.ok(h.finish());
  assert.ok(h.step(), "done stays done");
});

test("a key of exactly a block signs; a message far beyond what the buffer holds is refused with the limit", () => {
  const key = new Uint8Array(64).map((_, i) => i * 7 + 1);
  assert.is(sign(key, "m"), createHmac("sha256", key).update("m").digest("hex"));
  const h = new HmacSha256();
  assert.not.ok(h.start(key, 65, "m"));
  assert.is(h.error, "key longer than 64 bytes");
  assert.not.ok(h.start(key, 64, "x".repeat(1000)));
  assert.is(h.error, "message longer than 256 bytes");
  assert.not.ok(h.start(key, 64, "\u00e9".repeat(129)), "258 bytes of UTF-8 in 129 characters");
});

test("only key[0, keyLength) is the key: bytes after it in the caller's buffer are not", () => {
  const buffer = new Uint8Array([1, 2, 3, 0xff, 0xff]);
  assert.is(sign(buffer.subarray(0, 5), "m") === sign(buffer.subarray(0, 3), "m"), false);
  const h = new HmacSha256();
  assert.ok(h.start(buffer, 3, "m"));
  assert.ok(h.finish());
  const out = new Uint8Array(32);
  h.digestInto(out, 0);
  assert.is(hex(out, 32), createHmac("sha256", Buffer.from([1, 2, 3])).update("m").digest("hex"));
});

test("stepping a refused signer never finishes it, however often", () => {
  const h = new HmacSha256();
  assert.ok(h.start(new Uint8Array(1), 1, "a first message, signed"));
  assert.ok(h.finish());
  assert.not.ok(h.start(new Uint8Array(65), 65, "x"));
  for (let i = 0; i < 200; i++) assert.not.ok(h.step(), "step " + i);
  assert.not.ok(h.done);
});

test("a short message is four blocks of five steps: the step that finishes says so, and the digest fills only its 32 bytes", () => {
  const h = new HmacSha256();
  assert.ok(h.start(new Uint8Array([7]), 1, "m"));
  let steps = 1;
  while (!h.step()) steps++;
  assert.is(steps, 20, "each extra step is a turn more before the login");
  assert.ok(h.done);
  const out = new Uint8Array(34).fill(0xee);
  h.digestInto(out, 1);
  assert.is(hex(out.subarray(1, 33), 32), createHmac("sha256", Buffer.from([7])).update("m").digest("hex"));
  assert.equal([out[0], out[33]], [0xee, 0xee]);
});

test("finish() after a refused start says not done", () => {
  const h = new HmacSha256();
  assert.not.ok(h.start(new Uint8Array(65), 65, "x"));
  assert.is(h.finish(), false);
  assert.ok(h.start(new Uint8Array(1), 1, "x"));
  assert.is(h.finish(), true);
  assert.is(h.done, true);
});

test("base64 reads only bytes[0, length): what follows in the buffer is not encoded", () => {
  assert.is(base64(new Uint8Array([1, 0xff, 0xff]), 1), "AQ==");
  assert.is(base64(new Uint8Array([1, 2, 0xff]), 2), "AQI=");
  assert.is(base64(new Uint8Array([1, 2, 3, 0xff]), 3), "AQID");
});

test("base64 decoding fills exactly what fits and writes nothing past what it decoded", () => {
  const out = new Uint8Array([0xee, 0xee, 0xee, 0xee]);
  assert.is(base64Decode("AQID", out.subarray(0, 3)), 3, "three bytes into three");
  assert.equal(Array.from(out), [1, 2, 3, 0xee]);
  out.fill(0xee);
  assert.is(base64Decode("AQ==", out), 1);
  assert.equal(Array.from(out), [1, 0xee, 0xee, 0xee]);
  assert.is(base64Decode("AQI=", out), 2);
  assert.equal(Array.from(out), [1, 2, 0xee, 0xee]);
});

test("hex and base64 of bytes, and base64 back, as Node's Buffer does", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 80 }), (data) => {
      const b64 = Buffer.from(data).toString("base64");
      assert.is(hex(data, data.length), Buffer.from(data).toString("hex"));
      assert.is(base64(data, data.length), b64);
      const out = new Uint8Array(80);
      const n = base64Decode(b64, out);
      assert.equal(Array.from(out.subarray(0, n)), Array.from(data));
    }),
    { numRuns: 300 },
  );
});

test("text that is not base64 decodes to -1", () => {
  const out = new Uint8Array(8);
  for (const bad of ["abc", "ab=c", "a===", "====", "ab$c", "=abc", "abcdefgh", "!AAAAAAA", "AA=AAAAA"]) {
    const fits = bad === "abcdefgh";
    assert.is(base64Decode(bad, fits ? new Uint8Array(5) : out), -1, bad);
  }
  assert.is(base64Decode("", out), 0);
});

test("URL encoding leaves only the unreserved characters", () => {
  assert.is(urlEncode("products/123123"), "products%2F123123");
  assert.is(urlEncode("a+b/c=="), "a%2Bb%2Fc%3D%3D");
  assert.is(urlEncode("AZaz09-._~"), "AZaz09-._~");
  assert.is(urlEncode("a b&c"), "a%20b%26c");
});

test.run();
