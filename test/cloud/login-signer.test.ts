/**
 * The login signer: a login it cannot sign stops with the reason and stays stopped, rather
 * than going on to the modem with no password.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { HuaweiProfile } from "../../src/cloud/huawei";
import { LoginSigner } from "../../src/cloud/login-signer";
import { ONE_GANG } from "../../src/cloud/thing-model";
import { HMAC_MAX_MESSAGE } from "../../src/cloud/sign/hmac-sha256";

const SETTINGS = { host: "h", port: 1883, tls: false, deviceId: "d1", serviceId: "Switch", timestamp: "2026010100" };

test("a secret too long to sign is an error naming the profile and the limit; the signer is done and never succeeds", () => {
  const p = new HuaweiProfile({ ...SETTINGS, deviceSecret: "s".repeat(HMAC_MAX_MESSAGE + 1) }, ONE_GANG);
  const signer = new LoginSigner(p, undefined);
  assert.is(signer.error, "huawei: cannot sign the login: message longer than " + HMAC_MAX_MESSAGE + " bytes");
  assert.ok(signer.done);
  for (let i = 0; i < 100; i++) assert.is(signer.step(), false);
  assert.is(p.login.password, "", "no password is made up");
});

test("a secret at the limit is signed, in steps", () => {
  const p = new HuaweiProfile({ ...SETTINGS, deviceSecret: "s".repeat(HMAC_MAX_MESSAGE) }, ONE_GANG);
  const signer = new LoginSigner(p, undefined);
  assert.is(signer.error, null);
  assert.not.ok(signer.done);
  let steps = 1;
  while (!signer.step()) steps++;
  assert.ok(steps > 1 && signer.done);
  assert.is(p.login.password.length, 64);
});

test.run();
