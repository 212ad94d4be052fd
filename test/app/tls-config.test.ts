import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ConfigError, parseConfig } from "../../src/app/config";
import { profileFromConfig } from "../../src/app/cloud-config";
import { isSettingKey } from "../../src/app/settings";
import { DN, DS, PK } from "./fakes";

const CA = readFileSync(new URL("../fixtures/tls/ca.pem", import.meta.url), "utf8");
const ALIYUN = { productKey: PK, deviceName: DN, deviceSecret: DS };

function problems(raw: Record<string, unknown>): string[] {
  try {
    parseConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("accepted " + JSON.stringify(raw));
}

test("tls is off by default: port 1883, no CA, the profile's login says so", () => {
  const c = parseConfig(ALIYUN);
  assert.is(c.tls, false);
  assert.is(c.caCert, "");
  assert.is(c.mqttPort, 1883);
  assert.is(profileFromConfig(c).login.tls, false);
});

test("tls on with a CA: every spelling; Aliyun stays on 1883, the others default to 8883; mqttPort overrides", () => {
  for (const on of ["on", "1", "true", true, 1]) assert.is(parseConfig({ ...ALIYUN, tls: on, caCert: CA }).tls, true, String(on));
  for (const off of ["off", "0", "false", false, 0]) assert.is(parseConfig({ ...ALIYUN, tls: off }).tls, false, String(off));
  const aliyun = parseConfig({ ...ALIYUN, tls: "on", caCert: CA });
  assert.is(aliyun.mqttPort, 1883);
  assert.is(aliyun.caCert, CA);
  assert.is(profileFromConfig(aliyun).login.tls, true);
  const onenet = parseConfig({ cloud: "onenet", productId: "p1", deviceName: "dev1", deviceKey: "c2VjcmV0", tls: "on", caCert: CA });
  assert.is(onenet.mqttPort, 8883);
  const huawei = parseConfig({ cloud: "huawei", deviceId: "d_1", deviceSecret: "s", mqttHost: "h.example.com", tls: "on", caCert: CA, mqttPort: 443 });
  assert.is(huawei.mqttPort, 443);
});

test("a CA on one line, its breaks written \\n (the console, the mcconfig line), is the same PEM", () => {
  const oneLine = CA.split("\n").join("\\n");
  assert.is(parseConfig({ ...ALIYUN, tls: "on", caCert: oneLine }).caCert, CA);
});

test("tls problems, each one line, listed with the others", () => {
  assert.equal(problems({ ...ALIYUN, tls: "on" }), ["caCert is required with tls on: the PEM of the CA that signs the broker's certificate"]);
  assert.equal(problems({ ...ALIYUN, tls: "maybe" }), ['tls must be on or off, got "maybe"']);
  assert.match(problems({ ...ALIYUN, tls: "on", caCert: "hello" })[0], /^caCert is not a PEM certificate/);
  assert.match(problems({ ...ALIYUN, tls: "on", caCert: CA.replace("MII", "M\u0001I") })[0], /^caCert holds a byte that is not PEM text at \d+$/);
  assert.match(problems({ ...ALIYUN, tls: "on", caCert: CA.repeat(8) })[0], /^caCert is \d+ bytes, more than 8192$/);
  assert.match(problems({ ...ALIYUN, caCert: 5 })[0], /^caCert must be PEM text, got 5$/);
  const all = problems({ productKey: PK, tls: "on" });
  assert.ok(all.length >= 3, all.join("; "));
});

test("tls and caCert are NVS settings (the console's set)", () => {
  assert.ok(isSettingKey("tls"));
  assert.ok(isSettingKey("caCert"));
});

test.run();
