/**
 * The end-to-end story, run against each broker: firmware + simulated EC600S + a broker,
 * from power-on to online, a cloud set's round trip, and a broker restart.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { CloudLink } from "../../hosts/node/cloud-link";
import type { RigEvent } from "../../hosts/node/events";
import type { Rig } from "../../hosts/node/rig";
import { ONLINE_MS, STEP_MS } from "./helpers";
import { PostWatcher } from "./post-watcher";

export interface Target {
  rig: Rig;
  /** Take the broker away for a moment and bring it back on the same port. */
  restartBroker(): Promise<void>;
  /** AT trace lines so far. */
  trace: string[];
  /** post_reply expected (Aliyun-compatible broker) or not (Mosquitto). */
  aliyun: boolean;
  /** Trace lines of the connect and its result (default the EC600S's). */
  connectTrace?: RegExp[];
  close(): Promise<void>;
}

const QMT_CONNECT = [/^\[\d\d:\d\d:\d\d\.\d{3}\]\[TX\] AT\+QMTCONN=0,"switch-0001"\\r$/m, /^\[\d\d:\d\d:\d\d\.\d{3}\]\[RX\] \\r\\n\+QMTCONN: 0,0,0\\r\\n$/m];

/**
 * Device-side settings for the restart test: the firmware's reconnect backoff (>= 1 s real
 * at scale 0.05, no jitter) leaves the broker-side watcher time to reconnect first.
 */
export const E2E_CONFIG = { backoffMinMs: 40000, backoffMaxMs: 80000 };
export const NO_JITTER = (): number => 0;

/** The suite, to `.run()`. */
export function endToEnd(name: string, open: () => Promise<Target>) {
  const s = suite<{ target?: Target; cloud?: CloudLink; watcher?: PostWatcher; events: RigEvent[] }>(name, { events: [] });

  s.before(async (ctx) => {
    const target = await open();
    ctx.target = target;
    target.rig.events.on("event", (e) => ctx.events.push(e));
  });

  s.after(async (ctx) => {
    ctx.cloud?.close();
    await ctx.watcher?.close();
    await ctx.target?.close();
  });

  s("online from power-on: probe, PWRKEY, every bring-up step, subscribed", async (ctx) => {
    const rig = ctx.target!.rig;
    if (!rig.firmware.online) await rig.waitFor("online", ONLINE_MS);
    const modem = ctx.events.filter((e) => e.type === "modem").map((e) => (e as { state: string }).state);
    // The listener may attach after the first probe (the rig starts the unit as it is made),
    // so the probe is read from the AT trace, recorded from the start: the first command is
    // the bare AT, and PWRKEY follows (the module was off).
    const trace = ctx.target!.trace.join("\n");
    const firstCommand = /^\[[\d:.]+\]\[TX\] (.*)$/m.exec(trace);
    // (Probes unanswered by a module that is off share one trace line: "AT\rAT\r".)
    assert.match(firstCommand?.[1] ?? "", /^(AT\\r)+$/, "the first commands are probes");
    assert.ok(modem.includes("powering-on") && modem.includes("booting") && modem.includes("subscribing"), modem.join(","));
    assert.is(rig.firmware.status().modem, "online");
    for (const line of ctx.target!.connectTrace ?? QMT_CONNECT) assert.match(trace, line);
  });

  s("a cloud set: relay switches, set_reply 200, the new state is posted", async (ctx) => {
    const rig = ctx.target!.rig;
    ctx.cloud = new CloudLink(rig);
    await ctx.cloud.start();
    assert.ok(ctx.cloud.connected, "console connected");
    const done = rig.waitFor("roundtrip", STEP_MS, (e) => e.trip.done);
    const id = await ctx.cloud.setPowerSwitch(1);
    const { trip } = await done;
    assert.is(trip.id, id);
    assert.is(trip.replyCode, 200);
    assert.ok(typeof trip.relayMs === "number" && trip.relayMs <= trip.replyMs! && trip.replyMs! <= trip.postMs!, JSON.stringify(trip));
    assert.is(rig.relay.level, 1);
    assert.is(rig.firmware.status().relay, 1);
    if (ctx.target!.aliyun) await waitPostAccepted(rig);
  });

  s("broker restart: offline, back online by itself, relay state posted again", async (ctx) => {
    const rig = ctx.target!.rig;
    ctx.watcher = await PostWatcher.start(rig.brokerUrl!, rig.device, rig.consoleLogin);
    const offline = rig.waitFor("offline", STEP_MS);
    await ctx.target!.restartBroker();
    await offline;
    const online = rig.waitFor("online", ONLINE_MS);
    const reposted = ctx.watcher.next((p) => p.PowerSwitch_1 === 1, ONLINE_MS);
    await online;
    assert.equal((await reposted).PowerSwitch_1, 1);
    assert.ok(rig.firmware.status().modemStats.mqttDrops >= 1);
  });

  return s;
}

async function waitPostAccepted(rig: Rig): Promise<void> {
  const end = Date.now() + STEP_MS;
  while (rig.firmware.status().cloudStats.postAccepted === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  assert.ok(rig.firmware.status().cloudStats.postAccepted > 0, "post_reply 200 from the Aliyun-compatible broker");
}
