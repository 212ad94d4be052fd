import { connectAsync, type MqttClient } from "mqtt";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { aliyunCredentials } from "../../sim/aliyun/sign";
import { propertyPostReplyTopic, propertyPostTopic, propertySetTopic } from "../../sim/aliyun/topics";
import { connectConsole, loginAsDevice, startBroker, type RunningBroker } from "../../sim/broker";
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

test("a device publishing outside its topics is disconnected", () =>
  withBroker(async (broker, clients) => {
    const dev = await loginAsDevice(broker.url, device);
    clients.push(dev);
    dev.publish(propertyPostTopic(pk, "co_0002"), "{}", { qos: 1 });
    await closed(dev);
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
