/**
 * The registration login signed a slice a turn (no native HMAC) or in one call (the host's):
 * both must give Node's HMAC-SHA256, and the sim's credentials, for any ASCII input in range.
 */
import { createHmac } from "node:crypto";
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { registrationCredentials } from "../../sim/aliyun/register";
import { RegistrationSigner } from "../../src/cloud/registration";
import { HmacSha256 } from "../../src/cloud/sha256";
import type { HmacService } from "../../src/hal";

const nodeHmac = (key: string, message: string): string => createHmac("sha256", key).update(message).digest("hex");
const native: HmacService = {
  sha256: (key, keyLength, message, out) => {
    out.set(createHmac("sha256", key.subarray(0, keyLength)).update(message).digest(), 0);
    return true;
  },
};

function sliced(key: string, message: string, hmac = new HmacSha256()): { hex: string; steps: number } {
  assert.ok(hmac.start(key, message), hmac.error);
  let steps = 1;
  while (!hmac.step()) steps++;
  return { hex: hmac.hex(), steps };
}

const ascii = (max: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: max });

test("HmacSha256 in slices is HMAC-SHA256, for every key and message length it takes (one object reused)", () => {
  const hmac = new HmacSha256();
  fc.assert(
    fc.property(ascii(64), ascii(128), (key, message) => {
      assert.is(sliced(key, message, hmac).hex, nodeHmac(key, message));
    }),
    { numRuns: 300 },
  );
  // Every padding boundary of the inner hash (55/56 bytes past the key block, 119/120).
  for (const n of [0, 55, 56, 63, 64, 119, 120, 128]) assert.is(sliced("k", "m".repeat(n), hmac).hex, nodeHmac("k", "m".repeat(n)), `message of ${n}`);
});

test("HmacSha256 refuses what it cannot sign, in one line, and says done at once", () => {
  const hmac = new HmacSha256();
  assert.not.ok(hmac.start("k".repeat(65), "m"));
  assert.is(hmac.error, "key longer than 64 bytes");
  assert.ok(hmac.step());
  assert.not.ok(hmac.start("k", "m".repeat(129)));
  assert.is(hmac.error, "message longer than 128 bytes");
  assert.not.ok(hmac.start("k\u00e9", "m"));
  assert.is(hmac.error, "not ASCII");
});

test("RegistrationSigner: the sim's credentials, sliced (a registration is 21 steps) or native (at once)", () => {
  const product = { productKey: "a1Prod0001", productSecret: "pSecret0123456789" };
  const expected = registrationCredentials(product, "861234567890123", "8812");
  const slow = new RegistrationSigner(undefined);
  slow.start(product.productKey, product.productSecret, "861234567890123", "8812");
  let steps = 1;
  while (!slow.step()) steps++;
  assert.equal({ clientId: slow.clientId, username: slow.username, password: slow.password }, expected);
  assert.is(steps, 21);
  const fast = new RegistrationSigner(native);
  fast.start(product.productKey, product.productSecret, "861234567890123", "8812");
  assert.ok(fast.step());
  assert.equal({ clientId: fast.clientId, username: fast.username, password: fast.password }, expected);
  // A native HMAC that refuses: an error at once, not a hang and not a wrong password.
  const refusing = new RegistrationSigner({ sha256: () => false });
  refusing.start(product.productKey, product.productSecret, "861234567890123", "8812");
  assert.ok(refusing.step());
  assert.match(refusing.error, /the host's HMAC refused it/);
  assert.is(refusing.password, "");
});

test("RegistrationSigner: a secret it cannot sign is an error, not a hang", () => {
  const signer = new RegistrationSigner(undefined);
  signer.start("pk", "s".repeat(70), "dn", "1");
  assert.ok(signer.step());
  assert.is(signer.error, "cannot sign the registration: key longer than 64 bytes");
  assert.is(signer.password, "");
});

test.run();
