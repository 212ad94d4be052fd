/**
 * The seed session again, end to end over TCP: the simulator (time 50x faster than life)
 * dials the seed's Aliyun host, mapped to an in-process Aliyun-compatible broker that
 * checks the module's aliauth signature; the property set comes from the console helper.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { connectConsole, startBroker } from "../../sim/broker";
import { Ec600sSimulator, realTimers, tcpMqttTransport } from "../../sim/ec600s";
import { within } from "./net-helpers";
import { replaySeed, SEED_DEVICE, SEED_HOST } from "./seed-replay";

const consoleLogin = { username: "console", password: "pw" };
const realPause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test("seed replay against the aedes broker over TCP, signature checked", async () => {
  const broker = await startBroker({ devices: [SEED_DEVICE], console: consoleLogin });
  const cloud = await connectConsole(broker.url, consoleLogin);
  const refusals: string[] = [];
  broker.events.on("loginRefused", (_code, reason) => refusals.push(reason));
  const out: number[] = [];
  const transport = tcpMqttTransport({ resolve: (e) => (e.host === SEED_HOST && e.port === 1883 ? { host: broker.host, port: broker.port } : e) });
  const sim = new Ec600sSimulator({ onData: (b) => out.push(...b), transport, timers: realTimers(0.02) });
  try {
    await cloud.watch(SEED_DEVICE.productKey, SEED_DEVICE.deviceName);
    const posted = cloud.waitFor("propertyPost", (p) => p.id === "1142523359", 10000);
    await replaySeed({
      powerOn: () => sim.powerOn(),
      send: (text) => sim.write(text),
      cloudPublish: (topic, payload) => cloud.publish(topic, payload),
      waitForOutput: async (n) => {
        for (let waited = 0; out.length < n; waited += 2) {
          if (waited > 5000) throw new Error(`only ${out.length} of ${n} bytes after 5 s`);
          await realPause(2);
        }
      },
      // Real network, so a real (short, bounded) pause for stray output.
      quiet: () => realPause(40),
      take: () => Buffer.from(out.splice(0)).toString("latin1"),
    });
    const [post] = await within(posted, 5000, "property post at the console");
    assert.equal(post.params, { PowerSwitch_1: 0 });
    assert.equal(refusals, []);
    assert.ok(broker.isOnline(SEED_DEVICE.productKey, SEED_DEVICE.deviceName));
  } finally {
    sim.close();
    await cloud.close();
    await broker.close();
  }
});

test.run();
