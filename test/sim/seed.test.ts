/** The seed session, byte for byte, on fake time with the in-memory Aliyun-like broker. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { aliyunAuthenticator, Ec600sSimulator, FakeMqttNetwork, fakeTimers } from "../../sim/ec600s";
import { replayOrder, replaySeed, SEED_DEVICE, SEED_HOST, SEED_PATH, seedBlocks } from "./seed-replay";
import { segmentsOf, sessionBlocks } from "./seed-transcript";

test("every seed session block decodes to bytes", () => {
  const blocks = sessionBlocks(SEED_PATH);
  const segments = blocks.flatMap(segmentsOf);
  assert.is(segments.filter((s) => s.send?.startsWith("AT")).length, 20);
  assert.ok(segments.some((s) => s.expect.endsWith("\r\n> ")), "PUBEX prompt");
});

test("the simulator reproduces the seed byte for byte", async () => {
  const clock = fakeTimers();
  const hosts: string[] = [];
  const network = new FakeMqttNetwork({
    authenticate: aliyunAuthenticator([SEED_DEVICE]),
    knownHost: (e) => (hosts.push(`${e.host}:${e.port}`), true),
  });
  const out: number[] = [];
  const sim = new Ec600sSimulator({ onData: (b) => out.push(...b), transport: network, timers: clock, clock: () => 1700000000000 });
  const checked = await replaySeed({
    powerOn: () => sim.powerOn(),
    send: (text) => sim.write(text),
    cloudPublish: async (topic, payload) => void network.publish(topic, payload, 0),
    waitForOutput: async (n) => {
      for (let waited = 0; out.length < n; waited += 10) {
        if (waited > 60000) throw new Error(`only ${out.length} of ${n} bytes after 60 s`);
        await clock.advance(10);
      }
    },
    quiet: () => clock.advance(3000),
    take: () => Buffer.from(out.splice(0)).toString("latin1"),
  });
  const total = replayOrder(seedBlocks()).flatMap(segmentsOf).reduce((n, s) => n + s.expect.length, 0);
  assert.is(checked, total, "every seed byte compared");
  assert.equal(hosts, [`${SEED_HOST}:1883`]);
  // The uplink reached the broker signed and unchanged.
  const post = network.published.map((p) => [p.clientId, p.topic, new TextDecoder().decode(p.payload)]);
  assert.equal(post, [
    [
      "clientExample_0|securemode=3,signmethod=hmacsha1,timestamp=1700000000000|",
      "/sys/a1wFylTxYeD/co_0001/thing/event/property/post",
      '{"method":"thing.event.property.post","id":"1142523359","params":{"PowerSwitch_1":0},"version":"1.0.0"}',
    ],
  ]);
  sim.close();
});

test.run();
