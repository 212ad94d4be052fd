/**
 * Schedules and the countdown end to end: firmware + simulated EC600S + the embedded
 * Aliyun-compatible broker, which answers the NTP request as Aliyun does. The device's clock
 * runs at the rig's time scale from the moment NTP set it.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createRig, type Rig } from "../../hosts/node/rig";
import { ONLINE_MS, SCALE, STEP_MS } from "./helpers";
import { E2E_CONFIG, NO_JITTER } from "./scenario";

async function onlineWithClock(): Promise<Rig> {
  const rig = await createRig({ timeScale: SCALE, config: E2E_CONFIG, random: NO_JITTER });
  if (!rig.firmware.online) await rig.waitFor("online", ONLINE_MS);
  if (rig.firmware.status().clock.source !== "ntp") await rig.waitFor("feature", STEP_MS, (e) => e.what === "time" && /ntp/.test(e.detail));
  return rig;
}

test("a schedule set from the cloud fires while the broker is down", async () => {
  const rig = await onlineWithClock();
  const cloud = await rig.connectConsole();
  try {
    // Three minutes ahead of the device's clock, in UTC (TimezoneOffset 0).
    const at = new Date(rig.firmware.time.now() + 180000);
    const entry = { Timer: `${at.getUTCMinutes()} ${at.getUTCHours()} * * *`, Enable: 1, IsValid: 1, Targets: "PowerSwitch_1", TimezoneOffset: 0, PowerSwitch: 1 };
    const set = rig.waitFor("feature", STEP_MS, (e) => e.what === "schedule" && e.detail === "set 1");
    await cloud.setProperty(rig.device.productKey, rig.device.deviceName, { LocalTimer: [entry] });
    await set;
    const offline = rig.waitFor("offline", STEP_MS);
    await rig.broker!.close();
    await offline;
    await rig.waitFor("feature", 5 * 60000 * SCALE + STEP_MS, (e) => e.what === "schedule" && /^fired 0/.test(e.detail));
    assert.is(rig.relay.level, 1);
    assert.is(rig.firmware.online, false, "fired with the broker down");
  } finally {
    await cloud.close().catch(() => undefined);
    await rig.stop();
  }
});

test("a countdown fires across a reconnect", async () => {
  const rig = await onlineWithClock();
  const cloud = await rig.connectConsole();
  try {
    const started = rig.waitFor("feature", STEP_MS, (e) => e.what === "countdown" && /^start/.test(e.detail));
    await cloud.setProperty(rig.device.productKey, rig.device.deviceName, { CountDown: { IsRunning: 1, TimeLeft: 300, PowerSwitch: 1 } });
    await started;
    const offline = rig.waitFor("offline", STEP_MS);
    await rig.broker!.restart(400);
    await offline;
    await rig.waitFor("online", ONLINE_MS);
    assert.is(rig.firmware.status().countdown.running, true, "still running after the reconnect");
    await rig.waitFor("feature", 300000 * SCALE + STEP_MS, (e) => e.what === "countdown" && /^fired/.test(e.detail));
    assert.is(rig.relay.level, 1);
  } finally {
    await cloud.close().catch(() => undefined);
    await rig.stop();
  }
});

test.run();
