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
import type { HmacService } from "../../src/hal";

const nodeHmac = (key: string, message: string): string => createHmac("sha256", key).update(message).digest("hex");
const native: HmacService = {
  sha256: (key, keyLength, message, out) => {
    out.set(createHmac("sha256", key.subarray(0, keyLength)).update(message).digest(), 0);
    return true;
  },
};

const ascii = (min: number, max: number) => fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: min, maxLength: max });

test("property: sliced and native, the password is Node's HMAC-SHA256 of the sorted parameters, for any secret up to a block", () => {
  const slow = new RegistrationSigner(undefined);
  const fast = new RegistrationSigner(native);
  fc.assert(
    fc.property(ascii(1, 20), ascii(0, 64), ascii(1, 32), ascii(1, 8), (productKey, secret, deviceName, random) => {
      const expected = nodeHmac(secret, "deviceName" + deviceName + "productKey" + productKey + "random" + random);
      slow.start(productKey, secret, deviceName, random);
      while (!slow.step());
      assert.is(slow.error, "");
      assert.is(slow.password, expected);
      fast.start(productKey, secret, deviceName, random);
      assert.ok(fast.step());
      assert.is(fast.password, expected);
    }),
    { numRuns: 200 },
  );
});

test("RegistrationSigner: the sim's credentials, sliced (a registration is 4 blocks of 5 steps) or native (at once)", () => {
  const product = { productKey: "a1Prod0001", productSecret: "pSecret0123456789" };
  const expected = registrationCredentials(product, "861234567890123", "8812");
  const slow = new RegistrationSigner(undefined);
  slow.start(product.productKey, product.productSecret, "861234567890123", "8812");
  let steps = 1;
  while (!slow.step()) steps++;
  assert.equal({ clientId: slow.clientId, username: slow.username, password: slow.password }, expected);
  assert.is(steps, 20);
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

test("RegistrationSigner: not started, it has no login and is not ready", () => {
  for (const signer of [new RegistrationSigner(undefined), new RegistrationSigner(native)]) {
    assert.equal([signer.clientId, signer.username, signer.password, signer.error], ["", "", "", ""]);
    assert.is(signer.step(), false);
  }
});

test("RegistrationSigner: a product secret that is not ASCII is the same error sliced or native", () => {
  for (const signer of [new RegistrationSigner(undefined), new RegistrationSigner(native)]) {
    signer.start("pk", "s\u00e9cret", "dn", "1");
    assert.ok(signer.step());
    assert.is(signer.error, "cannot sign the registration: not ASCII");
    assert.is(signer.password, "");
  }
});

test("RegistrationSigner: parameters too long to sign in slices are an error naming the limit", () => {
  const signer = new RegistrationSigner(undefined);
  signer.start("pk", "secret", "d".repeat(300), "1");
  assert.ok(signer.step());
  assert.is(signer.error, "cannot sign the registration: message longer than 256 bytes");
  assert.is(signer.password, "");
});

test("RegistrationSigner: a secret longer than a block is an error, sliced or native, not a hang", () => {
  for (const signer of [new RegistrationSigner(undefined), new RegistrationSigner(native)]) {
    signer.start("pk", "s".repeat(65), "dn", "1");
    assert.ok(signer.step());
    assert.is(signer.error, "cannot sign the registration: key longer than 64 bytes");
    assert.is(signer.password, "");
  }
  for (const signer of [new RegistrationSigner(undefined), new RegistrationSigner(native)]) {
    signer.start("pk", "s".repeat(64), "dn", "1");
    while (!signer.step());
    assert.is(signer.password, nodeHmac("s".repeat(64), "deviceNamednproductKeypkrandom1"), "a secret of exactly one block");
  }
});

test.run();
