/**
 * The clock on a simulated SIMCom A7670: NTP through the late subscription (`AT+CMQTTSUB`
 * with the topic after the prompt), and the module's own clock (`AT+CCLK?`, which follows the
 * network because bring-up turned on `AT+CTZU=1`) when the cloud cannot answer.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createRig } from "../../hosts/node/rig";
import { ONLINE_MS, SCALE, STEP_MS } from "./helpers";
import { E2E_CONFIG, NO_JITTER } from "./scenario";

const A7670_CONFIG = { ...E2E_CONFIG, modem: "a7670" };

test("A7670: NTP sets the clock through the late subscription", async () => {
  const trace: string[] = [];
  const rig = await createRig({ timeScale: SCALE, config: A7670_CONFIG, random: NO_JITTER, trace: (l) => trace.push(l) });
  try {
    if (!rig.firmware.online) await rig.waitFor("online", ONLINE_MS);
    if (rig.firmware.status().clock.source !== "ntp") await rig.waitFor("feature", STEP_MS, (e) => e.what === "time" && /ntp/.test(e.detail));
    assert.ok(Math.abs(rig.firmware.time.now() - Date.now()) < 60000, "about now");
    const log = trace.join("\n");
    assert.match(log, /\[TX\] AT\+CMQTTSUB=0,\d+,0\\r/);
    assert.match(log, /\[RX\] \\r\\n\+CMQTTSUB: 0,0\\r\\n/);
    assert.not.match(log, /QMTSUB|QLTS/);
  } finally {
    await rig.stop();
  }
});

test("A7670: with the broker down the module's CCLK sets the clock", async () => {
  const trace: string[] = [];
  const rig = await createRig({ timeScale: SCALE, config: A7670_CONFIG, random: NO_JITTER, trace: (l) => trace.push(l) });
  try {
    await rig.broker!.close();
    if (rig.firmware.status().clock.source !== "modem") await rig.waitFor("feature", ONLINE_MS + STEP_MS, (e) => e.what === "time" && /modem/.test(e.detail));
    assert.is(rig.firmware.online, false);
    // The simulator's clock is the PC's, to the second.
    assert.ok(Math.abs(rig.firmware.time.now() - Date.now()) < 60000, "about now");
    const log = trace.join("\n");
    assert.match(log, /\[TX\] AT\+CTZU=1\\r/);
    assert.match(log, /\[TX\] AT\+CCLK\?\\r/);
    assert.not.match(log, /QLTS/);
  } finally {
    await rig.stop();
  }
});

test.run();
