/**
 * MQTT over TLS end to end: the firmware with `tls` on provisions the test CA to the
 * simulated module, which opens MQTT over node:tls to the embedded broker's TLS listener and
 * verifies it against that CA. Aliyun on both dialects, OneNET (EC600S) and Huawei (A7670),
 * dynamic registration over TLS, and a wrong CA: refused, retried behind the long backoff,
 * the reason in the status, never a power cycle.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createRig, type Rig, type RigOptions } from "../../hosts/node/rig";
import { testTls } from "../../sim/broker";
import type { SimCloud } from "../../sim/clouds/rules";
import { DEFAULT_IMEI } from "../../sim/ec600s/options";
import { ONLINE_MS, SCALE, STEP_MS, until } from "./helpers";

const TLS = testTls();
const ON = { tls: "on", caCert: TLS.ca };

let current: Rig | undefined;

test.after.each(async () => {
  await current?.stop();
  current = undefined;
});

async function rig(options: RigOptions): Promise<Rig> {
  current = await createRig({ timeScale: SCALE, sensor: false, random: () => 0.5, ...options });
  return current;
}

async function setRoundTrip(r: Rig): Promise<void> {
  const cloud = await r.connectConsole();
  const reply = cloud.waitFor("setReply", (x) => x.id === "808", STEP_MS);
  await cloud.setProperty(r.device.productKey, r.device.deviceName, { PowerSwitch_1: 1 }, "808");
  const [answer] = await reply;
  assert.is(answer.code, 200);
  assert.is(r.relay.level, 1);
}

for (const modem of ["ec600s", "a7670"]) {
  test(`Aliyun over TLS on the ${modem}: the CA goes to the module, the link is on the TLS listener, a set round trip`, async () => {
    const r = await rig({ config: { ...ON, modem } });
    await r.waitFor("online", ONLINE_MS);
    assert.ok(r.broker!.isOnlineOverTls(r.device.productKey, r.device.deviceName), "logged in over TLS");
    await setRoundTrip(r);
    assert.is(r.firmware.modem.stats.tlsRefusals, 0);
  });
}

test("without tls the same broker sees a plain connection (the check above can fail)", async () => {
  const r = await rig({});
  await r.waitFor("online", ONLINE_MS);
  assert.ok(r.broker!.isOnline(r.device.productKey, r.device.deviceName));
  assert.not.ok(r.broker!.isOnlineOverTls(r.device.productKey, r.device.deviceName));
});

const OTHER: Array<[SimCloud, string]> = [
  ["onenet", "ec600s"],
  ["huawei", "a7670"],
];

for (const [cloud, modem] of OTHER) {
  test(`${cloud} over TLS on the ${modem} (port 8883 by default): online on the TLS listener, a set round trip`, async () => {
    const r = await rig({ cloud, config: { ...ON, modem } });
    assert.is(r.config.mqttPort, 8883);
    await r.waitFor("online", ONLINE_MS);
    const registered = r.registered;
    assert.ok(r.broker!.isOnlineOverTls(registered.productKey, registered.deviceName), "logged in over TLS");
    await setRoundTrip(r);
  });
}

test("dynamic registration over TLS: registered on the TLS listener, then logged in over TLS", async () => {
  const r = await rig({ register: { productSecret: "pSecretDemo0123456" }, config: ON });
  await until(() => r.unit.state === "online", ONLINE_MS, "online after registering");
  assert.is(r.broker!.tlsRegistrations, 1);
  assert.ok(r.broker!.isOnlineOverTls(r.device.productKey, DEFAULT_IMEI));
});

for (const modem of ["ec600s", "a7670"]) {
  test(`a wrong CA on the ${modem}: the handshake is refused, retried behind the long backoff with the reason in the status, no power cycle`, async () => {
    const said: string[] = [];
    const r = await rig({ consoleOut: (l) => said.push(l), config: { ...ON, modem, caCert: TLS.otherCa, credentialBackoffMs: 20000, credentialBackoffMaxMs: 80000 } });
    const refusals = () => r.firmware.modem.stats.tlsRefusals;
    // The first refusal is retried at once (Quectel's -1 may be the network); the second is the certificate's.
    await until(() => refusals() >= 2, ONLINE_MS, "a second refusal");
    const first = r.time.now();
    assert.is(r.firmware.modem.stateName, "config-error");
    assert.match(r.firmware.modem.reason, /TLS handshake failed/);
    r.consoleInput("status\r\n");
    assert.match(said.join("\n"), /config-error[^\n]*TLS handshake failed/);
    await until(() => refusals() >= 3, ONLINE_MS, "a third refusal");
    const waited = r.time.now() - first;
    assert.ok(waited >= 10000, `the retry waited the backoff (${waited} simulated ms)`);
    assert.is(r.firmware.modem.stats.powerCycles, 0);
    assert.not.ok(r.firmware.online);
  });
}

test("an upload the module got wrong (a changed byte: wrong +QFUPL checksum) is deleted and sent again, then online over TLS", async () => {
  const trace: string[] = [];
  const r = await rig({ config: ON, faults: "upload-corrupt", trace: (l) => trace.push(l) });
  await r.waitFor("online", ONLINE_MS);
  const sent = trace.filter((l) => l.includes("[TX] AT+QF"));
  assert.is(sent.filter((l) => l.includes("AT+QFUPL=")).length, 2, sent.join("\n"));
  assert.ok(sent.some((l) => l.includes("AT+QFDEL=")), "the bad file deleted");
  assert.ok(r.broker!.isOnlineOverTls(r.device.productKey, r.device.deviceName));
});

test.run();
