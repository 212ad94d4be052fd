/**
 * Aliyun's dynamic registration, the firmware against the embedded broker: an image with the
 * product key and product secret only registers the module's IMEI (pre-registered at the
 * broker), keeps the secret it gets in NVS and logs in with it, also after a reboot; a
 * refusal is reported and retried after the long backoff, not hammered; a lost answer is
 * retried. Simulated time (the rig's scaled clock), the real broker and simulator.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { DeviceTriple } from "../../sim/aliyun";
import { DEFAULT_IMEI } from "../../sim/ec600s/options";
import { DEMO_DEVICE } from "../../hosts/node/demo-device";
import { createRig, type Rig, type RigOptions } from "../../hosts/node/rig";
import { MemoryStorage } from "../../hosts/node/storage";
import { ONLINE_MS, SCALE, until } from "./helpers";

const PK = DEMO_DEVICE.productKey;
const PRODUCT_SECRET = "pSecretDemo0123456";

interface Watched {
  rig: Rig;
  said: string[];
  /** The unit's registration lines (rig "feature" events). */
  registration: { detail: string; at: number }[];
  registered: { device: DeviceTriple; answered: boolean }[];
}

let current: Rig | undefined;

test.after.each(async () => {
  await current?.stop();
  current = undefined;
});

async function start(options: RigOptions): Promise<Watched> {
  const said: string[] = [];
  const rig = await createRig({ timeScale: SCALE, sensor: false, random: () => 0.5, consoleOut: (l) => said.push(l), autoStart: false, register: { productSecret: PRODUCT_SECRET }, ...options });
  current = rig;
  const w: Watched = { rig, said, registration: [], registered: [] };
  rig.events.on("event", (e) => {
    if (e.type === "feature" && e.what === "registration") w.registration.push({ detail: e.detail, at: e.at });
  });
  rig.broker!.events.on("deviceRegistered", (device, answered) => w.registered.push({ device, answered }));
  return w;
}

function lines(w: Watched, pattern: RegExp): { detail: string; at: number }[] {
  return w.registration.filter((r) => pattern.test(r.detail));
}

test("registers the IMEI, stores the secret, logs in with it; status says registering, then registered; a reboot logs in without registering", async () => {
  const storage = new MemoryStorage();
  const w = await start({ storage });
  const rig = w.rig;
  rig.start();
  assert.is(rig.unit.state, "registering");
  rig.consoleInput("status\r\n");
  assert.match(w.said.join("\n"), /state registering[\s\S]*registering a1Cat1Demo0\/\(IMEI not read yet\): modem /);
  await until(() => rig.unit.state === "online", ONLINE_MS, "online after registering");
  assert.is(w.registered.length, 1, "one registration");
  const issued = w.registered[0].device;
  assert.is(issued.deviceName, DEFAULT_IMEI);
  assert.is(storage.get("deviceName"), DEFAULT_IMEI, "the IMEI is the device name in NVS");
  assert.is(storage.get("deviceSecret"), issued.deviceSecret, "the secret the broker issued is in NVS");
  await until(() => rig.broker!.isOnline(PK, DEFAULT_IMEI), ONLINE_MS, "logged in at the broker with it");
  w.said.length = 0;
  rig.consoleInput("status\r\n");
  assert.match(w.said.join("\n"), /state online[\s\S]*registered by dynamic registration this boot, deviceSecret in NVS/);
  assert.ok(w.said.join("\n").indexOf(issued.deviceSecret) < 0, "the secret is never shown");
  rig.rebootFirmware();
  assert.is(rig.unit.state, "connecting", "no registration after a reboot");
  await until(() => rig.unit.state === "online", ONLINE_MS, "online after the reboot");
  assert.is(w.registered.length, 1, "still one registration");
  w.said.length = 0;
  rig.consoleInput("status\r\n");
  assert.match(w.said.join("\n"), /registered by dynamic registration, deviceSecret in NVS/);
});

test("A7670 (the module keeps its MQTT client acquired): the registration's client is released, the firmware logs in with its own", async () => {
  const w = await start({ config: { modem: "a7670" } });
  w.rig.start();
  await until(() => w.rig.unit.state === "online", ONLINE_MS, "online after registering");
  await until(() => w.rig.broker!.isOnline(PK, DEFAULT_IMEI), ONLINE_MS, "logged in at the broker");
  assert.is(w.registered.length, 1);
});

test("a given deviceName is registered instead of the IMEI (no AT+CGSN)", async () => {
  const trace: string[] = [];
  const w = await start({ register: { productSecret: PRODUCT_SECRET, deviceName: "switch-line-7" }, trace: (l) => trace.push(l) });
  w.rig.start();
  await until(() => w.rig.unit.state === "online", ONLINE_MS, "online after registering");
  assert.equal(w.registered.map((r) => r.device.deviceName), ["switch-line-7"]);
  assert.ok(!trace.some((l) => l.indexOf("AT+CGSN") >= 0), "the IMEI is not asked for");
});

test("refused (wrong product secret): reported in one line, retried after registerBackoffMs, never hammered", async () => {
  const logs: string[] = [];
  // 100x faster than life: minutes of backoff in seconds.
  const w = await start({ timeScale: 0.01, config: { productSecret: "wrongSecret0000", registerBackoffMs: 60000, registerBackoffMaxMs: 120000 }, log: (level, m) => level === "error" && logs.push(m) });
  const rig = w.rig;
  rig.start();
  await until(() => lines(w, /^refused \(2\)/).length > 0, ONLINE_MS, "a second refusal");
  const refusals = lines(w, /^refused/);
  const gap = refusals[1].at - refusals[0].at;
  // The first backoff is 45 s with this random (jitter between half and all of 60 s).
  assert.ok(gap >= 30000, `retried after ${gap} simulated ms`);
  assert.ok(logs.some((m) => /^registration of a1Cat1Demo0\/861234567890123 refused \(.*\): .*Retrying after 60 s, doubling up to 120 s$/.test(m)), logs.join("\n"));
  assert.is(w.registered.length, 0);
  assert.is(rig.unit.state, "registering");
  w.said.length = 0;
  rig.consoleInput("status\r\n");
  assert.match(w.said.join("\n"), /registering a1Cat1Demo0\/861234567890123: modem .*, refused [0-9]+/);
  // Five simulated minutes more: the backoff doubles to its 2-minute cap, so 4 attempts at most.
  const from = rig.time.now();
  await new Promise((r) => setTimeout(r, rig.time.realMs(300000)));
  const later = lines(w, /^refused/).filter((r) => r.at > from).length;
  assert.ok(later >= 1 && later <= 4, `${later} refusals in 5 minutes`);
  assert.is(storage(rig).get("deviceSecret"), undefined, "nothing stored");
});

test("the answer lost (closed without /ext/register): retried, then registered", async () => {
  const w = await start({});
  w.rig.broker!.loseRegisterAnswers(1);
  w.rig.start();
  await until(() => w.rig.unit.state === "online", ONLINE_MS, "online after the second registration");
  assert.equal(w.registered.map((r) => r.answered), [false, true]);
  assert.ok(lines(w, /^closed without an answer \(1\)/).length === 1, w.registration.map((r) => r.detail).join("\n"));
  assert.is(storage(w.rig).get("deviceSecret"), w.registered[1].device.deviceSecret, "the last secret counts");
});

function storage(rig: Rig): { get(key: string): string | undefined } {
  return rig.storage;
}

test.run();
