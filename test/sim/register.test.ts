/**
 * The embedded broker's side of Aliyun's dynamic registration (sim/aliyun/register.ts): a
 * pre-registered device name gets its secret on /ext/register and the connection closed;
 * the secret then logs in; refusals get their CONNACK codes; a lost answer can be staged.
 */
import { connectAsync, type MqttClient } from "mqtt";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { REGISTER_TOPIC, registerContent, registrationCredentials } from "../../sim/aliyun/register";
import { hmacHex } from "../../sim/aliyun/sign";
import { loginAsDevice, startBroker, type RunningBroker } from "../../sim/broker";
import { mayUseTopic } from "../../sim/broker/rights";
import { within } from "./net-helpers";

const product = { productKey: "a1Prod0001", productSecret: "pSecret0123456789", deviceNames: ["861234567890123", "861234567890124"] };
const IMEI = product.deviceNames[0];

async function withBroker(body: (broker: RunningBroker) => Promise<void>): Promise<void> {
  const broker = await startBroker({ products: [product] });
  try {
    await body(broker);
  } finally {
    await broker.close();
  }
}

/** Connect with registration credentials; the /ext/register answer (or null when the broker closes without one). */
async function register(url: string, creds: { clientId: string; username: string; password: string }): Promise<Record<string, string> | null> {
  const client: MqttClient = await connectAsync(url, { ...creds, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 3000 }, false);
  let answer: Record<string, string> | null = null;
  client.on("message", (topic, payload) => {
    if (topic === REGISTER_TOPIC) answer = JSON.parse(payload.toString()) as Record<string, string>;
  });
  await within(new Promise<void>((resolve) => (client.connected ? client.once("close", () => resolve()) : resolve())), 3000, "the broker closes the connection");
  await client.endAsync(true);
  return answer;
}

async function refusedWith(url: string, creds: { clientId: string; username: string; password: string }): Promise<number | undefined> {
  try {
    const client = await connectAsync(url, { ...creds, reconnectPeriod: 0, connectTimeout: 2000 });
    await client.endAsync(true);
    return undefined;
  } catch (error) {
    return (error as { code?: number }).code;
  }
}

test("the signature is HMAC-SHA256 of the sorted parameters, with the product secret", () => {
  const creds = registrationCredentials(product, IMEI, "8812");
  assert.is(creds.clientId, `${IMEI}|securemode=2,authType=register,random=8812,signmethod=hmacsha256|`);
  assert.is(creds.username, `${IMEI}&a1Prod0001`);
  assert.is(creds.password, hmacHex("hmacsha256", product.productSecret, `deviceName${IMEI}productKeya1Prod0001random8812`));
  assert.is(registerContent("d", "p", "r"), "deviceNamedproductKeyprandomr");
});

test("a pre-registered name registers: its secret on /ext/register, the close, then a normal login with it", () =>
  withBroker(async (broker) => {
    const registered = new Promise((resolve) => broker.events.once("deviceRegistered", (d, answered) => resolve([d.deviceName, answered])));
    const answer = await register(broker.url, registrationCredentials(product, IMEI, "1234"));
    assert.ok(answer, "answered");
    assert.equal([answer!.productKey, answer!.deviceName], [product.productKey, IMEI]);
    assert.match(answer!.deviceSecret, /^[0-9a-f]{32}$/);
    assert.equal(await registered, [IMEI, true]);
    const device = await loginAsDevice(broker.url, { productKey: product.productKey, deviceName: IMEI, deviceSecret: answer!.deviceSecret });
    assert.ok(broker.isOnline(product.productKey, IMEI));
    await device.endAsync(true);
  }));

test("not yet activated: registering again is allowed and the last secret counts; once activated, refused with 5", () =>
  withBroker(async (broker) => {
    const first = await register(broker.url, registrationCredentials(product, IMEI, "1"));
    const second = await register(broker.url, registrationCredentials(product, IMEI, "2"));
    assert.ok(first && second && first.deviceSecret !== second.deviceSecret);
    assert.is(await refusedWith(broker.url, registrationCredentials(product, IMEI, "3")) === undefined, true, "still not activated");
    const stale = await loginAsDevice(broker.url, { productKey: product.productKey, deviceName: IMEI, deviceSecret: first!.deviceSecret }).then(
      () => "accepted",
      (e: { code?: number }) => e.code,
    );
    assert.is(stale, 4, "an earlier secret no longer works");
    const fourth = await register(broker.url, registrationCredentials(product, IMEI, "4"));
    const device = await loginAsDevice(broker.url, { productKey: product.productKey, deviceName: IMEI, deviceSecret: fourth!.deviceSecret });
    await device.endAsync(true);
    assert.is(await refusedWith(broker.url, registrationCredentials(product, IMEI, "5")), 5);
  }));

test("refusals: a bad signature 4, an unknown name or product 5, plain TCP's securemode 3 refused", () =>
  withBroker(async (broker) => {
    const codes: string[] = [];
    broker.events.on("loginRefused", (code, reason) => codes.push(`${code} ${reason}`));
    const good = registrationCredentials(product, IMEI, "77");
    assert.is(await refusedWith(broker.url, { ...good, password: "00" }), 4);
    assert.is(await refusedWith(broker.url, registrationCredentials(product, "860000000000000", "77")), 5);
    assert.is(await refusedWith(broker.url, registrationCredentials({ ...product, productKey: "a1Other0001" }, IMEI, "77")), 5);
    assert.is(await refusedWith(broker.url, registrationCredentials({ ...product, productSecret: "wrong" }, IMEI, "77")), 4);
    assert.is(await refusedWith(broker.url, { ...good, clientId: good.clientId.replace("securemode=2", "securemode=3") }), 4);
    assert.equal(codes, [
      "4 bad registration signature",
      "5 device name not pre-registered",
      "5 product has no dynamic registration",
      "4 bad registration signature",
      "4 registration needs securemode 2 (TLS), got 3",
    ]);
  }));

test("a registering connection has no topic rights at all", () => {
  const who = { kind: "registering" as const, productKey: product.productKey, deviceName: IMEI };
  for (const topic of ["/ext/register", `/sys/${product.productKey}/${IMEI}/thing/event/property/post`, "#"]) assert.is(mayUseTopic(who, topic), false, topic);
});

test("a lost answer: the device is registered, the connection closes without /ext/register; registering again answers", () =>
  withBroker(async (broker) => {
    broker.loseRegisterAnswers(1);
    assert.is(await register(broker.url, registrationCredentials(product, IMEI, "10")), null);
    const again = await register(broker.url, registrationCredentials(product, IMEI, "11"));
    assert.ok(again && again.deviceSecret.length === 32);
  }));

test.run();
