import { connectAsync, type MqttClient } from "mqtt";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { aliyunCredentials } from "../../sim/aliyun/sign";
import { propertyPostReplyTopic, propertyPostTopic, propertySetTopic } from "../../sim/aliyun/topics";
import { connectConsole, loginAsDevice, startBroker, type RunningBroker } from "../../sim/broker";
import { connectLinkKit } from "./linkkit-client";
import { closed, nextMessage, within } from "./net-helpers";

const device = { productKey: "a1wFylTxYeD", deviceName: "co_0001", deviceSecret: "7ab0c4b3532b5783df5fdc58a2895d7a" };
const other = { productKey: "a1wFylTxYeD", deviceName: "co_0002", deviceSecret: "0123456789abcdef0123456789abcdef" };
const consoleLogin = { username: "console", password: "console-secret" };
const { productKey: pk, deviceName: dn } = device;

async function withBroker(body: (broker: RunningBroker, clients: MqttClient[]) => Promise<void>): Promise<void> {
  const broker = await startBroker({ devices: [device, other], console: consoleLogin, now: () => 1700000000000 });
  const clients: MqttClient[] = [];
  try {
    await body(broker, clients);
  } finally {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await broker.close();
  }
}

/** A device login whose whole client id string is fixed (same id and timestamp for every device). */
function loginWithClientId(url: string, d: typeof device, id: string): Promise<MqttClient> {
  const creds = aliyunCredentials(d, { id, timestamp: 1700000000000 });
  return connectAsync(url, { ...creds, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000, keepalive: 60 });
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

test("signed device logs in; bad signature gets CONNACK 4, unknown device 5", () =>
  withBroker(async (broker, clients) => {
    assert.ok(broker.url.startsWith("mqtt://127.0.0.1:"));
    clients.push(await loginAsDevice(broker.url, device));
    assert.ok(broker.isOnline(pk, dn));
    const good = aliyunCredentials(device, { id: "x", timestamp: 1 });
    assert.is(await refusedWith(broker.url, { ...good, password: "00" }), 4);
    const stranger = aliyunCredentials({ ...device, deviceName: "nobody" }, { id: "x", timestamp: 1 });
    assert.is(await refusedWith(broker.url, stranger), 5);
  }));

test("console sets a property; device posts and gets a post_reply with the same id", () =>
  withBroker(async (broker, clients) => {
    const dev = await loginAsDevice(broker.url, device);
    clients.push(dev);
    await dev.subscribeAsync([propertySetTopic(pk, dn), propertyPostReplyTopic(pk, dn)]);
    const cloud = await connectConsole(broker.url, consoleLogin);
    try {
      await cloud.watch(pk, dn);
      const set = nextMessage(dev, propertySetTopic(pk, dn));
      const id = await cloud.setProperty(pk, dn, { PowerSwitch_1: 1 }, "220958108");
      assert.is(id, "220958108");
      assert.is((await set).toString(), '{"method":"thing.service.property.set","id":"220958108","params":{"PowerSwitch_1":1},"version":"1.0.0"}');
      const reply = nextMessage(dev, propertyPostReplyTopic(pk, dn));
      const post = cloud.waitFor("propertyPost", (p) => p.id === "7");
      await dev.publishAsync(propertyPostTopic(pk, dn), '{"id":"7","version":"1.0","params":{"PowerSwitch_1":0},"method":"thing.event.property.post"}');
      assert.is((await reply).toString(), '{"code":200,"data":{},"id":"7","message":"success","method":"thing.event.property.post","version":"1.0"}');
      assert.equal((await post)[0].params, { PowerSwitch_1: 0 });
    } finally {
      await cloud.close();
    }
  }));

test("unparsable post gets code 460; sys.ack=0 gets no reply", () =>
  withBroker(async (broker, clients) => {
    const dev = await loginAsDevice(broker.url, device);
    clients.push(dev);
    await dev.subscribeAsync(propertyPostReplyTopic(pk, dn));
    const reply = nextMessage(dev, propertyPostReplyTopic(pk, dn));
    await dev.publishAsync(propertyPostTopic(pk, dn), '{"id":"8","sys":{"ack":0},"params":{}}');
    await dev.publishAsync(propertyPostTopic(pk, dn), "{not json");
    const body = JSON.parse((await reply).toString());
    assert.equal([body.code, body.id], [460, ""]);
  }));

test("grants QoS 1 like Aliyun, refuses foreign topics with 128, never echoes own posts", () =>
  withBroker(async (broker, clients) => {
    const dev = await loginAsDevice(broker.url, device);
    clients.push(dev);
    const granted = await dev.subscribeAsync(propertyPostTopic(pk, dn), { qos: 0 });
    assert.equal(granted.map((g) => g.qos), [1]);
    for (const foreign of [propertySetTopic(pk, "co_0002"), "/sys/+/co_0001/#"]) {
      const refused = await dev.subscribeAsync(foreign).then(() => 0, (e: { packet?: { granted?: number[] } }) => e.packet?.granted?.[0]);
      assert.is(refused, 128, foreign);
    }
    const echoes: string[] = [];
    dev.on("message", (topic) => echoes.push(topic));
    const posted = new Promise((resolve) => broker.events.once("devicePublish", resolve));
    await dev.publishAsync(propertyPostTopic(pk, dn), '{"id":"1","params":{}}');
    await within(posted, 2000, "device publish");
    // A round trip through the broker orders after any (wrong) echo delivery.
    await dev.subscribeAsync(propertySetTopic(pk, dn));
    assert.equal(echoes, []);
  }));

test("a publish outside the device's topics is acknowledged and dropped: no disconnect, no delivery, an event", () =>
  withBroker(async (broker, clients) => {
    const dev = await loginAsDevice(broker.url, device);
    const victim = await loginAsDevice(broker.url, other);
    clients.push(dev, victim);
    await victim.subscribeAsync(propertySetTopic(pk, "co_0002"));
    const delivered: string[] = [];
    victim.on("message", (topic) => delivered.push(topic));
    let closes = 0;
    dev.on("close", () => closes++);
    const refused = new Promise((resolve) => broker.events.once("publishRefused", (_d, topic) => resolve(topic)));
    // QoS 1: the PUBACK comes back, so a client does not re-send it forever after reconnecting.
    await within(dev.publishAsync(propertySetTopic(pk, "co_0002"), '{"id":"1","params":{"PowerSwitch_1":1}}', { qos: 1 }), 2000, "PUBACK of a refused publish");
    await dev.publishAsync(propertySetTopic(pk, "co_0002"), "{}", { qos: 0 });
    assert.is(await within(refused, 2000, "publishRefused"), propertySetTopic(pk, "co_0002"));
    // Still connected: a round trip works and nothing reached the other device.
    const reply = nextMessage(dev, propertyPostReplyTopic(pk, dn));
    await dev.subscribeAsync(propertyPostReplyTopic(pk, dn));
    await dev.publishAsync(propertyPostTopic(pk, dn), '{"id":"2","params":{}}', { qos: 1 });
    await reply;
    await victim.subscribeAsync(propertyPostReplyTopic(pk, "co_0002"));
    assert.equal([closes, delivered], [0, []]);
    assert.ok(broker.isOnline(pk, dn));
  }));

test("Aliyun's documented device topics: shadow, RRPC, session (gateway), NTP; never another device's", () =>
  withBroker(async (broker, clients) => {
    const dev = await loginAsDevice(broker.url, device);
    clients.push(dev);
    const mine = [`/shadow/get/${pk}/${dn}`, `/ext/rrpc/+/${pk}/${dn}/user/get`, `/ext/rrpc/+//${pk}/${dn}/user/get`, `/ext/session/${pk}/${dn}/combine/batch_login_reply`, `/ext/ntp/${pk}/${dn}/response`, `/sys/${pk}/${dn}/rrpc/request/+`];
    const granted = await dev.subscribeAsync(mine);
    assert.equal(granted.map((g) => g.qos), mine.map(() => 1));
    const foreign = [`/shadow/get/${pk}/co_0002`, `/ext/rrpc/+/${pk}/co_0002/user/get`, "/ext/rrpc/#", `/ext/rrpc/+/+/${dn}/user/get`, `/ext/session/${pk}/co_0002/combine/batch_login_reply`, "/shadow/get/+/+", `/ext/rrpc/+/${pk}/${dn}/other`];
    for (const topic of foreign) {
      const code = await dev.subscribeAsync(topic).then((g) => g[0].qos, (e: { packet?: { granted?: number[] } }) => e.packet?.granted?.[0]);
      assert.is(code, 128, topic);
    }
    const accepted: string[] = [];
    broker.events.on("devicePublish", (_d, topic) => accepted.push(topic));
    const uplinks = [`/shadow/update/${pk}/${dn}`, `/shadow/get/${pk}/${dn}`, `/ext/rrpc/1234567/${pk}/${dn}/user/get`, `/ext/session/${pk}/${dn}/combine/batch_login`];
    for (const topic of uplinks) await dev.publishAsync(topic, "{}", { qos: 1 });
    assert.equal(accepted, uplinks);
  }));

test("a second login of the same device kicks the first off", () =>
  withBroker(async (broker, clients) => {
    const first = await loginAsDevice(broker.url, device, "first");
    clients.push(first);
    const kicked = new Promise((resolve) => broker.events.once("deviceKicked", (_d, clientId) => resolve(clientId)));
    clients.push(await loginAsDevice(broker.url, device, "second"));
    assert.is(await within(kicked, 2000, "kick"), first.options.clientId);
    await closed(first);
    assert.ok(broker.isOnline(pk, dn));
  }));

test("sessions are per device: another device using the same client id string does not kick the first", () =>
  withBroker(async (broker, clients) => {
    const kicks: string[] = [];
    broker.events.on("deviceKicked", (d, clientId) => kicks.push(`${d.deviceName} ${clientId}`));
    const a = await loginWithClientId(broker.url, device, "shared-id");
    clients.push(a);
    let aClosed = false;
    a.on("close", () => (aClosed = true));
    const b = await loginWithClientId(broker.url, other, "shared-id");
    clients.push(b);
    assert.is(a.options.clientId, b.options.clientId, "the very same client id string");
    // Both still work: each gets its own post_reply.
    for (const [client, d] of [[a, device], [b, other]] as const) {
      await client.subscribeAsync(propertyPostReplyTopic(d.productKey, d.deviceName));
      const reply = nextMessage(client, propertyPostReplyTopic(d.productKey, d.deviceName));
      await client.publishAsync(propertyPostTopic(d.productKey, d.deviceName), '{"id":"5","params":{}}');
      await reply;
    }
    assert.equal([aClosed, kicks], [false, []]);
    assert.ok(broker.isOnline(pk, dn) && broker.isOnline(pk, "co_0002"));
  }));

test("a second login of the same device with the same client id kicks the old one and says so", () =>
  withBroker(async (broker, clients) => {
    const first = await loginWithClientId(broker.url, device, "same");
    clients.push(first);
    const kicked = new Promise((resolve) => broker.events.once("deviceKicked", (d, clientId) => resolve(`${d.deviceName} ${clientId}`)));
    const second = await loginWithClientId(broker.url, device, "same");
    clients.push(second);
    assert.is(await within(kicked, 2000, "kick"), `co_0001 ${first.options.clientId}`);
    await closed(first);
    assert.ok(second.connected && broker.isOnline(pk, dn));
  }));

test("a LinkKit-shaped client (_ss=1, never subscribes, only publishes) gets its post_reply and the console's property set", () =>
  withBroker(async (broker, clients) => {
    const kit = await connectLinkKit(broker.url, device);
    clients.push(kit);
    let closes = 0;
    kit.on("close", () => closes++);
    const cloud = await connectConsole(broker.url, consoleLogin);
    try {
      const reply = nextMessage(kit, propertyPostReplyTopic(pk, dn));
      await kit.publishAsync(propertyPostTopic(pk, dn), '{"id":"11","version":"1.0","params":{"PowerSwitch_1":0},"method":"thing.event.property.post"}', { qos: 1 });
      assert.is(JSON.parse((await reply).toString()).id, "11");
      const set = nextMessage(kit, propertySetTopic(pk, dn));
      await cloud.setProperty(pk, dn, { PowerSwitch_1: 1 }, "12");
      assert.is(JSON.parse((await set).toString()).id, "12");
      // thing_get_shadow: QoS 1 on /shadow/get is allowed and acknowledged; the connection stays.
      await within(kit.publishAsync(`/shadow/get/${pk}/${dn}`, '{"method":"get"}', { qos: 1 }), 2000, "PUBACK of shadow get");
      // A QoS 1 publish the broker refuses is acknowledged too: no disconnect, so no re-send loop.
      await within(kit.publishAsync(`/sys/${pk}/co_0002/thing/event/property/post`, "{}", { qos: 1 }), 2000, "PUBACK of a refused publish");
      await new Promise((r) => setTimeout(r, 300));
      assert.is(closes, 0, "never disconnected");
    } finally {
      await cloud.close();
    }
  }));

test("without _ss=1 nothing is subscribed for the device", () =>
  withBroker(async (broker, clients) => {
    const dev = await loginAsDevice(broker.url, device);
    clients.push(dev);
    const got: string[] = [];
    dev.on("message", (topic) => got.push(topic));
    await dev.publishAsync(propertyPostTopic(pk, dn), '{"id":"3","params":{}}', { qos: 1 });
    // A round trip orders after any (wrong) delivery of the reply.
    await dev.subscribeAsync(`/ext/ntp/${pk}/${dn}/response`);
    assert.equal(got, []);
  }));

test("restart drops everyone and listens again on the same port", () =>
  withBroker(async (broker, clients) => {
    const dev = await loginAsDevice(broker.url, device);
    clients.push(dev);
    const port = broker.port;
    await broker.restart();
    await closed(dev);
    assert.is(broker.port, port);
    assert.not.ok(broker.isOnline(pk, dn));
    clients.push(await loginAsDevice(broker.url, device));
    assert.ok(broker.isOnline(pk, dn));
  }));

test("kick() drops a device from the server side", () =>
  withBroker(async (broker, clients) => {
    const dev = await loginAsDevice(broker.url, device);
    clients.push(dev);
    assert.ok(broker.kick(pk, dn));
    await closed(dev);
    assert.not.ok(broker.kick(pk, "co_0002"));
  }));

test("NTP request is answered with server times", () =>
  withBroker(async (broker, clients) => {
    const dev = await loginAsDevice(broker.url, device);
    clients.push(dev);
    await dev.subscribeAsync(`/ext/ntp/${pk}/${dn}/response`);
    const answer = nextMessage(dev, `/ext/ntp/${pk}/${dn}/response`);
    await dev.publishAsync(`/ext/ntp/${pk}/${dn}/request`, '{"deviceSendTime":"1000"}');
    assert.equal(JSON.parse((await answer).toString()), { deviceSendTime: "1000", serverRecvTime: "1700000000000", serverSendTime: "1700000000000" });
  }));

test.run();
