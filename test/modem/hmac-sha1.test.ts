import { createHmac } from "node:crypto";
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { HmacSha1 } from "../../src/modem/hmac-sha1";
import { LOGIN_ALIYUN } from "../../src/modem/login";
import { LoginSigner } from "../../src/modem/login-signer";

function sign(key: string, message: string): { hex: string; steps: number } {
  const h = new HmacSha1();
  assert.ok(h.start(key, message), h.error ?? "");
  let steps = 1;
  while (!h.step()) steps++;
  return { hex: h.hex(), steps };
}

// The known answers of docs/aliyun-alink.md (recomputed independently there).
test("Aliyun's known answers", () => {
  assert.is(sign("secret", "clientId12345deviceNamedeviceproductKeypktimestamp789").hex, "fafd82a3d602b37fb0fa8b7892f24a477f851a14");
  assert.is(sign("oLyaKqVxtRvjH284LdhqVgVUx1UPy6zq", "clientIdSN1928339deviceNamelight1983432productKeya14Xib5kdYdtimestamp1539421321846").hex, "b2488041f64f425016b467ee1c94959ebd592ad1");
  assert.is(sign("amzS2Q9siGHpSVDVhvDV43661DmfdXtW", "clientIdXP001deviceNameXP001productKeya1Ze3BcsQ5x").hex, "cc4e388e7f1ea1e5bdaf15891b76f2dfcfeffb06");
});

test("the signer makes Aliyun's third known answer from the triple, natively or not", () => {
  const login = { kind: LOGIN_ALIYUN, clientId: "XP001", username: "", password: "", productKey: "a1Ze3BcsQ5x", deviceName: "XP001", deviceSecret: "amzS2Q9siGHpSVDVhvDV43661DmfdXtW" } as const;
  const native = { hmacSha1Hex: (k: string, m: string) => createHmac("sha1", k).update(m).digest("hex") };
  // The fallback sets up on the first call, then hashes the four blocks a fifth of one per call.
  for (const [signer, expectedCalls] of [[new LoginSigner(native), 1], [new LoginSigner(undefined), 21]] as const) {
    let calls = 1;
    while (!signer.sign(login)) calls++;
    assert.is(signer.password, "cc4e388e7f1ea1e5bdaf15891b76f2dfcfeffb06");
    assert.is(signer.clientId, "XP001|securemode=3,signmethod=hmacsha1|");
    assert.is(signer.username, "XP001&a1Ze3BcsQ5x");
    assert.ok(signer.sign(login), "signed once, then kept");
    assert.is(calls, expectedCalls, "calls until signed");
  }
});

test("before any login is signed the signer offers none", () => {
  const signer = new LoginSigner(undefined);
  assert.equal([signer.clientId, signer.username, signer.password, signer.error], ["", "", "", null]);
});

test("the fallback signer signs a second login after the first, and offers no password while it hashes", () => {
  const signer = new LoginSigner(undefined);
  const first = { kind: LOGIN_ALIYUN, clientId: "XP001", username: "", password: "", productKey: "a1Ze3BcsQ5x", deviceName: "XP001", deviceSecret: "amzS2Q9siGHpSVDVhvDV43661DmfdXtW" } as const;
  while (!signer.sign(first));
  const second = { ...first, clientId: "12345", deviceName: "device", productKey: "pk", deviceSecret: "secret" };
  assert.not.ok(signer.sign(second));
  assert.is(signer.password, "", "not the first login's password");
  while (!signer.sign(second));
  assert.is(signer.password, createHmac("sha1", "secret").update("clientId12345deviceNamedeviceproductKeypk").digest("hex"));
  assert.is(signer.clientId, "12345|securemode=3,signmethod=hmacsha1|");
});

test("a secret the fallback cannot take: the signer says why, and offers no password", () => {
  const signer = new LoginSigner(undefined);
  const login = { kind: LOGIN_ALIYUN, clientId: "XP001", username: "", password: "", productKey: "a1Ze3BcsQ5x", deviceName: "XP001", deviceSecret: "s".repeat(65) } as const;
  assert.ok(signer.sign(login), "nothing more to do");
  assert.is(signer.error, "cannot sign the login: key longer than 64 bytes");
  assert.is(signer.password, "");
  const fits = { ...login, deviceSecret: "s".repeat(64) };
  while (!signer.sign(fits));
  assert.is(signer.error, null, "a login that fits clears the reason");
});

test("equals Node's HMAC-SHA1 for any key up to 64 bytes and message up to 384", () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 64 }), fc.string({ maxLength: 384 }), (key, message) => {
      fc.pre(Buffer.byteLength(key) <= 64 && Buffer.byteLength(message) <= 384);
      assert.is(sign(key, message).hex, createHmac("sha1", key).update(message).digest("hex"));
    }),
  );
});

test("a key or message that does not fit is refused with a reason, however far past the limit", () => {
  const h = new HmacSha1();
  assert.not.ok(h.start("k".repeat(65), "m"));
  assert.is(h.error, "key longer than 64 bytes");
  for (const length of [385, 456, 457, 1000]) {
    assert.not.ok(h.start("k", "m".repeat(length)), String(length));
    assert.is(h.error, "message longer than 384 bytes", String(length));
  }
});

test("the longest key and message that fit, and every message length near the limit, equal Node's HMAC-SHA1", () => {
  const key = "k".repeat(64);
  for (let length = 370; length <= 384; length++) {
    const message = "m".repeat(length);
    assert.is(sign(key, message).hex, createHmac("sha1", key).update(message).digest("hex"), String(length));
  }
});

test("a fifth of a block per step: an Aliyun login (four blocks) is ready on the 20th step, the longest message on the 50th", () => {
  // Inner hash: the key block and the message, padded; outer hash: the key block and the inner digest (two blocks).
  assert.is(sign("amzS2Q9siGHpSVDVhvDV43661DmfdXtW", "clientIdXP001deviceNameXP001productKeya1Ze3BcsQ5x").steps, 20);
  assert.is(sign("k", "m".repeat(384)).steps, 5 * (8 + 2));
});

test("step() before a signing, or after a refused one, never reports a signature; after one it keeps it", () => {
  const idle = new HmacSha1();
  for (let i = 0; i < 100; i++) assert.not.ok(idle.step(), "idle: step " + i);
  const refused = new HmacSha1();
  assert.not.ok(refused.start("k", "m".repeat(385)));
  for (let i = 0; i < 100; i++) assert.not.ok(refused.step(), "refused: step " + i);
  const done = new HmacSha1();
  assert.ok(done.start("secret", "clientId12345deviceNamedeviceproductKeypktimestamp789"));
  while (!done.step());
  for (let i = 0; i < 100; i++) assert.ok(done.step(), "done: step " + i);
  assert.is(done.hex(), "fafd82a3d602b37fb0fa8b7892f24a477f851a14");
});

test.run();
