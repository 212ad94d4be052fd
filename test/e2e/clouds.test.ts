/**
 * Every cloud end to end: the firmware on the simulated EC600S logs in to the embedded broker
 * playing that cloud (which checks its token or signature), and a console's property set
 * switches the relay once and is answered; plain MQTT also against Mosquitto (--broker).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createRig, type Rig } from "../../hosts/node/rig";
import { parseCli } from "../../hosts/node/args";
import { DEMO_CLOUDS } from "../../hosts/node/demo-device";
import { startBroker } from "../../sim/broker";
import type { SimCloud } from "../../sim/clouds/rules";
import { MOSQUITTO, Mosquitto, ONLINE_MS, SCALE, STEP_MS, until } from "./helpers";

async function roundTrip(rig: Rig): Promise<void> {
  await rig.waitFor("online", ONLINE_MS);
  const cloud = await rig.connectConsole();
  const reply = cloud.waitFor("setReply", (r) => r.id === "4711", STEP_MS);
  const post = cloud.waitFor("propertyPost", (p) => p.params.PowerSwitch_1 === 1, STEP_MS);
  await cloud.setProperty(rig.device.productKey, rig.device.deviceName, { PowerSwitch_1: 1 }, "4711");
  const [r] = await reply;
  assert.is(r.code, 200, JSON.stringify(r.message));
  await post;
  assert.is(rig.relay.level, 1);
  // The same set again (the cloud's retry): answered again, not applied again.
  const again = cloud.waitFor("setReply", (x) => x.id === "4711", STEP_MS);
  await cloud.setProperty(rig.device.productKey, rig.device.deviceName, { PowerSwitch_1: 1 }, "4711");
  await again;
  assert.is(rig.firmware.relay.switches, 1);
}

for (const cloud of ["onenet", "huawei", "mqtt"] as SimCloud[]) {
  test(`${cloud}: online through the broker's own check of the login, and a set round trip`, async () => {
    const rig = await createRig({ cloud, timeScale: SCALE, sensor: false });
    try {
      await roundTrip(rig);
      assert.is(rig.firmware.profile.name, cloud);
    } finally {
      await rig.stop();
    }
  });
}

test("a wrong OneNET key is refused by the broker (bad signature): the firmware never comes online", async () => {
  const demo = DEMO_CLOUDS.onenet;
  const broker = await startBroker({ cloud: "onenet", devices: [{ productKey: String(demo.productId), deviceName: String(demo.deviceName), deviceSecret: String(demo.deviceKey) }] });
  const refused: string[] = [];
  broker.events.on("loginRefused", (_code, reason) => refused.push(reason));
  try {
    const wrong = Buffer.from("w".repeat(32)).toString("base64");
    const rig = await createRig({ cloud: "onenet", broker: broker.url, timeScale: SCALE, sensor: false, config: { deviceKey: wrong } });
    try {
      await until(() => refused.length > 0, ONLINE_MS, "a refused login");
      assert.is(refused[0], "bad signature");
      assert.not.ok(rig.firmware.online);
    } finally {
      await rig.stop();
    }
  } finally {
    await broker.close();
  }
});

test("--cloud and each cloud's own flags; another cloud's flag is a usage error", () => {
  const o = parseCli(["--cloud", "onenet", "--product-id", "123", "--device-name", "dev1", "--device-key", "a2V5"]);
  assert.is(o.cloud, "onenet");
  assert.equal(o.cloudKeys, { productId: "123", deviceName: "dev1", deviceKey: "a2V5" });
  assert.equal(parseCli(["--cloud", "mqtt", "--username", "u", "--password", "p", "--topic-prefix", "home/sw"]).cloudKeys, { username: "u", password: "p", topicPrefix: "home/sw" });
  assert.equal(parseCli(["--cloud", "huawei", "--device-id", "d", "--device-secret", "s"]).cloudKeys, { deviceId: "d", deviceSecret: "s" });
  assert.throws(() => parseCli(["--cloud", "huawei", "--username", "u", "--device-key", "k"]), /--device-key, --username are not for --cloud huawei/);
  assert.throws(() => parseCli(["--cloud", "tencent"]), /--cloud must be one of aliyun, onenet, huawei, mqtt, got "tencent"/);
  assert.is(parseCli([]).cloud, "aliyun");
});

if (MOSQUITTO) {
  const binary = MOSQUITTO;
  test("plain MQTT against Mosquitto (--broker): online, and a set round trip", async () => {
    const mosquitto = await Mosquitto.start(binary);
    try {
      const rig = await createRig({ cloud: "mqtt", broker: mosquitto.url, timeScale: SCALE, sensor: false });
      try {
        await roundTrip(rig);
      } finally {
        await rig.stop();
      }
    } finally {
      await mosquitto.stop();
    }
  });
} else {
  test("plain MQTT against Mosquitto: SKIPPED, no mosquitto binary", () => undefined);
}

test.run();
