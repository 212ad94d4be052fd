import { test } from "uvu";
import * as assert from "uvu/assert";
import { ConfigError, parseConfig, type Config } from "../../src/app/config";
import { MODEM_DEFAULTS } from "../../src/modem/config";
import { DN, DS, PK, config } from "./fakes";

/** The ConfigError parseConfig throws for `raw`. */
function problems(raw: Record<string, unknown>): ConfigError {
  try {
    parseConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("parseConfig accepted " + JSON.stringify(raw));
}

const creds = { productKey: PK, deviceName: DN, deviceSecret: DS };
function withCreds(extra: Record<string, unknown>): Record<string, unknown> {
  return Object.assign({}, creds, extra);
}

test("credentials alone give every modem default and the app defaults", () => {
  const c = config();
  const modemKeys = Object.keys(MODEM_DEFAULTS) as (keyof typeof MODEM_DEFAULTS)[];
  const derived = ["productKey", "deviceName", "deviceSecret", "clientId", "mqttHost"];
  for (const key of modemKeys) {
    assert.ok(key in c, key + " missing");
    if (derived.indexOf(key) < 0) assert.is(c[key], MODEM_DEFAULTS[key], key);
  }
  assert.is(c.productKey, PK);
  assert.is(c.deviceName, DN);
  assert.is(c.deviceSecret, DS);
  assert.is(c.clientId, DN);
  assert.is(c.mqttHost, PK + ".iot-as-mqtt.cn-shanghai.aliyuncs.com");
  assert.is(c.pollMs, 10);
  assert.is(c.relayBootPolicy, "restore");
  assert.is(c.relayMinSwitchMs, 300);
  assert.is(c.buttonDebounceMs, 50);
  assert.is(c.sensorIntervalMs, 10000);
  assert.is(c.reportDeadbandTemperature, 0.5);
  assert.is(c.reportDeadbandHumidity, 2);
  assert.is(c.heartbeatMs, 300000);
  assert.is(c.smoothing, 0.3);
});

test("strings from the mcconfig command line are read as numbers", () => {
  const c = config({ keepaliveS: "60", mqttPort: " 8883 ", smoothing: "0.5", reportDeadbandTemperature: "1.25", pollMs: "20", relayBootPolicy: "off", atTimeoutMs: "0x1000" });
  assert.is(c.keepaliveS, 60);
  assert.is(c.mqttPort, 8883);
  assert.is(c.smoothing, 0.5);
  assert.is(c.reportDeadbandTemperature, 1.25);
  assert.is(c.pollMs, 20);
  assert.is(c.relayBootPolicy, "off");
  assert.is(c.atTimeoutMs, 4096);
});

test("empty strings and null (manifest placeholders) mean the default", () => {
  const c = config({ apn: "", keepaliveS: "", mqttHost: null, clientId: "" });
  assert.is(c.apn, "CMNET");
  assert.is(c.keepaliveS, 120);
  assert.is(c.mqttHost, PK + ".iot-as-mqtt.cn-shanghai.aliyuncs.com");
  assert.is(c.clientId, DN);
});

test("mqttHost: region changes the default, an explicit host wins; clientId can be set", () => {
  assert.is(config({ region: "cn-beijing" }).mqttHost, PK + ".iot-as-mqtt.cn-beijing.aliyuncs.com");
  assert.is(config({ mqttHost: "iot-as-mqtt.cn-shanghai.aliyuncs.com" }).mqttHost, "iot-as-mqtt.cn-shanghai.aliyuncs.com");
  assert.is(config({ clientId: "SN1928339" }).clientId, "SN1928339");
});

test("a number for a text key is taken as its text", () => {
  assert.is(config({ deviceName: 12345678 }).deviceName, "12345678");
});

test("the message names the key, the bad value (quoted if a string) and what is allowed", () => {
  assert.is(problems(withCreds({ keepaliveS: "5" })).message, 'keepaliveS must be an integer 30..1200, got "5"');
  assert.is(problems(withCreds({ keepaliveS: 5 })).message, "keepaliveS must be an integer 30..1200, got 5");
  assert.is(problems(withCreds({ keepaliveS: 1201 })).message, "keepaliveS must be an integer 30..1200, got 1201");
  assert.is(problems(withCreds({ keepaliveS: "60.5" })).message, 'keepaliveS must be an integer 30..1200, got "60.5"');
  assert.is(problems(withCreds({ keepaliveS: true })).message, "keepaliveS must be an integer 30..1200, got true");
  assert.is(problems(withCreds({ mqttPort: "abc" })).message, 'mqttPort must be an integer 1..65535, got "abc"');
  assert.is(problems(withCreds({ smoothing: 0 })).message, "smoothing must be a number 0.01..1, got 0");
  assert.is(problems(withCreds({ smoothing: "1.5" })).message, 'smoothing must be a number 0.01..1, got "1.5"');
  assert.is(problems(withCreds({ relayBootPolicy: "maybe" })).message, 'relayBootPolicy must be one of "restore", "off", "on", got "maybe"');
  assert.is(problems(withCreds({ pollMs: {} })).message, "pollMs must be an integer 1..100, got a object");
});

test("every numeric rule has both bounds", () => {
  const cases: Array<[string, number, number]> = [
    ["apnAuth", 0, 3],
    ["clientIndex", 0, 5],
    ["publishQos", 0, 1],
    ["payloadBytes", 128, 4096],
    ["queueSlots", 1, 32],
    ["pollMs", 1, 100],
    ["buttonDebounceMs", 0, 1000],
    ["relayMinSwitchMs", 0, 600000],
    ["sensorIntervalMs", 100, 86400000],
    ["heartbeatMs", 1000, 86400000],
    ["pwrkeyPulseMs", 100, 5000],
    ["commandTimeoutsBeforePower", 1, 100],
  ];
  for (const [key, min, max] of cases) {
    assert.is((config({ [key]: min }) as unknown as Record<string, number>)[key], min, key + " min");
    assert.is((config({ [key]: String(max) }) as unknown as Record<string, number>)[key], max, key + " max");
    assert.match(problems(withCreds({ [key]: min - 1 })).message, key + " must be an integer " + min + ".." + max);
    assert.match(problems(withCreds({ [key]: max + 1 })).message, key + " must be an integer " + min + ".." + max);
  }
  assert.is(config({ reportDeadbandTemperature: 0 }).reportDeadbandTemperature, 0);
  assert.match(problems(withCreds({ reportDeadbandHumidity: -1 })).message, "reportDeadbandHumidity must be a number 0..100, got -1");
  assert.match(problems(withCreds({ reportDeadbandTemperature: "51" })).message, 'reportDeadbandTemperature must be a number 0..50, got "51"');
});

test("productKey, deviceName and deviceSecret are required", () => {
  const e = problems({});
  assert.equal(e.problems, [
    "productKey is required: 1..32 characters of letters, digits and _-@.:",
    "deviceName is required: 4..32 characters of letters, digits and _-@.:",
    "deviceSecret is required: 1..64 characters of printable ASCII without spaces or '\"'",
  ]);
  assert.is(e.message, e.problems.join("; "));
  assert.is(String(e), "ConfigError: " + e.message, "reads as an error where it is printed");
  assert.is(e.name, "ConfigError");
});

test("names: Aliyun's charset and lengths", () => {
  assert.is(config({ deviceName: "dev-1_a@b.c:d" }).deviceName, "dev-1_a@b.c:d");
  assert.is(problems(withCreds({ deviceName: "dev/1" })).message, 'deviceName must be 4..32 characters of letters, digits and _-@.:, got "dev/1"');
  assert.match(problems(withCreds({ deviceName: "abc" })).message, 'deviceName must be 4..32 characters of letters, digits and _-@.:, got "abc"');
  assert.match(problems(withCreds({ productKey: "a b" })).message, 'productKey must be 1..32 characters');
  assert.match(problems(withCreds({ productKey: "x".repeat(33) })).message, "productKey must be 1..32 characters");
  assert.match(problems(withCreds({ clientId: "a|b" })).message, 'clientId must be 1..64 characters of letters, digits and _-@.:, got "a|b"');
  assert.match(problems(withCreds({ mqttHost: "bad host" })).message, "mqttHost must be 1..100 characters of letters, digits, '.' and '-'");
  assert.match(problems(withCreds({ apn: 'a"b' })).message, "apn must be 1..62 characters of printable ASCII without '\"'");
});

test("a bad secret is described, never shown", () => {
  const long = "s".repeat(65);
  const e = problems(withCreds({ deviceSecret: long }));
  assert.is(e.message, "deviceSecret must be 1..64 characters of printable ASCII without spaces or '\"', got 65 characters (not shown)");
  const spaced = problems(withCreds({ deviceSecret: "top secret" }));
  assert.not.match(spaced.message, "top secret");
  const password = problems(withCreds({ apnPassword: 'pa"ss' }));
  assert.not.match(password.message, 'pa"ss');
  assert.is(config({ deviceSecret: "s".repeat(64) }).deviceSecret.length, 64);
});

test("all problems are reported at once", () => {
  const e = problems({ productKey: "pk", deviceName: "x", keepaliveS: "5", smoothing: "2", relayBootPolicy: "sometimes", mqttPort: 0 });
  assert.is(e.problems.length, 6);
  for (const key of ["deviceName", "deviceSecret", "keepaliveS", "smoothing", "relayBootPolicy", "mqttPort"]) {
    assert.match(e.message, key + " ");
  }
});

test("backoff caps must not be below their floors", () => {
  const e = problems(withCreds({ backoffMinMs: 5000, backoffMaxMs: 1000 }));
  assert.is(e.message, "backoffMaxMs (1000) must not be less than backoffMinMs (5000)");
  assert.match(problems(withCreds({ credentialBackoffMs: 7200000 })).message, "credentialBackoffMaxMs (3600000) must not be less than credentialBackoffMs (7200000)");
});

test("unknown keys (the host's, typos) are ignored; odd input never crashes", () => {
  const c: Config = config({ modemPort: 2, logDebug: "1", relayPin: "26", something: { deep: [1] }, toString: 5 });
  assert.is(c.productKey, PK);
  const e = problems(null as unknown as Record<string, unknown>);
  assert.is(e.problems.length, 3);
  const inherited = Object.create({ productKey: PK, deviceName: DN, deviceSecret: DS }) as Record<string, unknown>;
  assert.is(problems(inherited).problems.length, 3, "only own keys count");
});

test.run();
