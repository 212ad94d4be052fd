/** The settings of dynamic registration: productSecret in place of deviceSecret, never shown, its backoff. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ConfigError, needsRegistration, parseConfig } from "../../src/app/config";
import { isSecretKey, isSettingKey, readSettings } from "../../src/app/settings";
import { FakeSettings, memoryLog } from "./fakes";

function problems(raw: Record<string, unknown>): string[] {
  try {
    parseConfig(raw);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
}

test("productKey and productSecret run without deviceName (the IMEI) and deviceSecret: the unit registers", () => {
  const config = parseConfig({ productKey: "a1Prod0001", productSecret: "pSecret0123456789" });
  assert.is(config.deviceName, "");
  assert.is(config.deviceSecret, "");
  assert.ok(needsRegistration(config));
  assert.is(config.registerBackoffMs, 3600000);
  assert.is(config.registerBackoffMaxMs, 86400000);
  assert.not.ok(needsRegistration(parseConfig({ productKey: "a1Prod0001", productSecret: "pSecret0123456789", deviceName: "861234567890123", deviceSecret: "abc" })), "registered: logs in");
});

test("without productSecret the triple is required as before; a bad product secret is refused without showing it", () => {
  assert.equal(problems({ productKey: "a1Prod0001" }).map((p) => p.split(":")[0]), ["deviceName is required", "deviceSecret is required"]);
  const bad = problems({ productKey: "a1Prod0001", productSecret: 'has "quotes"' });
  assert.is(bad.length, 1);
  assert.match(bad[0], /^productSecret must be 1\.\.64 characters/);
  assert.ok(bad[0].indexOf("quotes") < 0, bad[0]);
  assert.equal(problems({ productKey: "a1Prod0001", productSecret: "ps", registerBackoffMs: 7200000, registerBackoffMaxMs: 3600000 }), ["registerBackoffMaxMs (3600000) must not be less than registerBackoffMs (7200000)"]);
});

test("productSecret is an NVS setting, secret; with it alone the unit is misconfigured, not blank", () => {
  assert.ok(isSettingKey("productSecret"));
  assert.ok(isSecretKey("productSecret"));
  const store = new FakeSettings();
  store.set("productSecret", "pSecret0123456789");
  const s = readSettings({}, store, memoryLog());
  assert.is(s.config, null);
  assert.is(s.unprovisioned, false);
  assert.equal(s.problems.map((p) => p.split(":")[0]), ["productKey is required"]);
});

test.run();
