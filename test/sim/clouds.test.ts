/**
 * The embedded broker playing OneNET, Huawei IoTDA and a plain broker: it checks the login
 * the firmware's own profile computes (src/cloud, signed by LoginSigner) as the cloud would,
 * refuses a wrong one (4) and an unknown device (5), confines a device to its own topics,
 * and answers a OneNET property post.
 */
import { connectAsync, type MqttClient } from "mqtt";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { HuaweiProfile } from "../../src/cloud/huawei";
import { LoginSigner } from "../../src/cloud/login-signer";
import { OneNetProfile } from "../../src/cloud/onenet";
import type { CloudProfile } from "../../src/cloud/profile";
import { ONE_GANG } from "../../src/cloud/thing-model";
import { startBroker } from "../../sim/broker";
import type { SimCloud } from "../../sim/clouds/rules";
import { nextMessage } from "./net-helpers";

const KEY = Buffer.from("0123456789abcdef0123456789abcdef").toString("base64");
const NOW = Date.UTC(2026, 0, 1, 8);

function signedLogin(p: CloudProfile): { clientId: string; username: string; password: string } {
  const signer = new LoginSigner(p, undefined);
  while (!signer.step()) {
    // one slice per call, as the firmware's poll does
  }
  return { clientId: p.login.clientId, username: p.login.username, password: p.login.password };
}

async function login(url: string, creds: { clientId: string; username: string; password: string }): Promise<MqttClient | number> {
  try {
    return await connectAsync(url, { ...creds, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 3000 });
  } catch (error) {
    return (error as { code?: number }).code ?? -1;
  }
}

async function withCloud(cloud: SimCloud, devices: Array<{ productKey: string; deviceName: string; deviceSecret: string }>, body: (url: string, clients: MqttClient[]) => Promise<void>): Promise<void> {
  const broker = await startBroker({ cloud, devices, now: () => NOW });
  const clients: MqttClient[] = [];
  try {
    await body(broker.url, clients);
  } finally {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await broker.close();
  }
}

const refusedSub = (c: MqttClient, topic: string): Promise<number | undefined> =>
  c.subscribeAsync(topic).then(
    (g) => g[0]?.qos,
    (e: { packet?: { granted?: number[] } }) => e.packet?.granted?.[0],
  );

test("OneNET: the device's own token logs in; a wrong key, an expired token and an unknown device do not", () =>
  withCloud("onenet", [{ productKey: "123123", deviceName: "mydev", deviceSecret: KEY }], async (url, clients) => {
    const net = { host: "", port: 0, tls: false };
    const good = signedLogin(new OneNetProfile({ ...net, productId: "123123", deviceName: "mydev", deviceKey: KEY, expiry: 2147483647 }, ONE_GANG));
    const dev = await login(url, good);
    assert.ok(typeof dev !== "number", `refused with ${String(dev)}`);
    clients.push(dev as MqttClient);
    const otherKey = Buffer.from("x".repeat(32)).toString("base64");
    assert.is(await login(url, signedLogin(new OneNetProfile({ ...net, productId: "123123", deviceName: "mydev", deviceKey: otherKey, expiry: 2147483647 }, ONE_GANG))), 4);
    assert.is(await login(url, signedLogin(new OneNetProfile({ ...net, productId: "123123", deviceName: "mydev", deviceKey: KEY, expiry: NOW / 1000 - 1 }, ONE_GANG))), 4, "expired");
    assert.is(await login(url, { ...good, clientId: "nobody" }), 5);
    const c = dev as MqttClient;
    assert.is(await refusedSub(c, "$sys/123123/other/thing/property/set"), 128);
    await c.subscribeAsync("$sys/123123/mydev/thing/property/post/reply");
    const reply = nextMessage(c, "$sys/123123/mydev/thing/property/post/reply");
    await c.publishAsync("$sys/123123/mydev/thing/property/post", '{"id":"5","version":"1.0","params":{"PowerSwitch_1":{"value":true}}}');
    assert.equal(JSON.parse((await reply).toString()), { id: "5", code: 200, msg: "success" });
  }));

test("Huawei IoTDA: the HMAC-SHA256 password with its timestamp logs in; a wrong secret or client id does not", () =>
  withCloud("huawei", [{ productKey: "", deviceName: "dev_1", deviceSecret: "12345678" }], async (url, clients) => {
    const net = { host: "", port: 0, tls: false };
    const good = signedLogin(new HuaweiProfile({ ...net, deviceId: "dev_1", deviceSecret: "12345678", serviceId: "Switch", timestamp: "2025041401" }, ONE_GANG));
    assert.is(good.password, "c75150e6cb841417396819e4d2ee4358a416344a03a083e3a8567074ddec820a");
    const dev = await login(url, good);
    assert.ok(typeof dev !== "number", `refused with ${String(dev)}`);
    clients.push(dev as MqttClient);
    const wrong = signedLogin(new HuaweiProfile({ ...net, deviceId: "dev_1", deviceSecret: "87654321", serviceId: "Switch", timestamp: "2025041401" }, ONE_GANG));
    assert.is(await login(url, wrong), 4);
    assert.is(await login(url, { ...good, clientId: "dev_1_0_1_2025041401" }), 4, "sign type 1 checks the hour");
    assert.is(await login(url, { ...good, clientId: "dev_2_0_0_2025041401", username: "dev_2" }), 5);
    assert.is(await refusedSub(dev as MqttClient, "$oc/devices/dev_2/sys/properties/set/#"), 128);
    assert.is(await refusedSub(dev as MqttClient, "$oc/devices/dev_1/sys/properties/set/#"), 1);
  }));

test("plain MQTT: a registered username and password, any topic but $ ones", () =>
  withCloud("mqtt", [{ productKey: "", deviceName: "switch", deviceSecret: "pw" }], async (url, clients) => {
    const dev = await login(url, { clientId: "sw1", username: "switch", password: "pw" });
    assert.ok(typeof dev !== "number", `refused with ${String(dev)}`);
    clients.push(dev as MqttClient);
    assert.is(await login(url, { clientId: "sw1", username: "switch", password: "no" }), 4);
    assert.is(await login(url, { clientId: "sw2", username: "someone", password: "pw" }), 5);
    assert.is(await refusedSub(dev as MqttClient, "home/sw1/set"), 1);
    assert.is(await refusedSub(dev as MqttClient, "$sys/x"), 128);
  }));

test.run();
