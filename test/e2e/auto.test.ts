/**
 * modem=auto end to end: the firmware identifies the simulated module by ATI at boot and runs
 * its dialect, an EC600S's QMT commands or an A7670's CMQTT ones, to a command round trip.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createRig } from "../../hosts/node/rig";
import { ONLINE_MS, SCALE } from "./helpers";
import { E2E_CONFIG, NO_JITTER } from "./scenario";

for (const [model, identified, revision, connect, foreign] of [
  ["ec600s", "EC600S", "EC600SCNLAR01A01M08", /\[TX\] AT\+QMTCONN=0,/, /CMQTT/],
  ["a7670", "A7670C-LASE", "A7670M7_V1.11.1", /\[TX\] AT\+CMQTTCONNECT=0,/, /QMT|QURCCFG/],
] as const) {
  test(`modem=auto on a simulated ${model}: identified, online, and the console names it`, async () => {
    const trace: string[] = [];
    const rig = await createRig({ timeScale: SCALE, config: { ...E2E_CONFIG, modem: "auto" }, simulator: { model }, random: NO_JITTER, trace: (l) => trace.push(l) });
    try {
      if (!rig.firmware.online) await rig.waitFor("online", ONLINE_MS);
      const status = rig.firmware.status();
      assert.equal([status.modemModel, status.modemRevision], [identified, revision]);
      const log = trace.join("\n");
      assert.match(log, /\[TX\] ATI\\r/);
      assert.match(log, connect);
      const afterAti = log.slice(log.indexOf("[TX] ATI"));
      assert.not.match(afterAti.split("\n").filter((l) => l.includes("[TX]")).join("\n"), foreign, "only the identified dialect's commands");
      assert.ok(rig.broker!.isOnline(rig.device.productKey, rig.device.deviceName));
    } finally {
      await rig.stop();
    }
  });
}

test.run();
