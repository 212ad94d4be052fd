/**
 * The same story against a real Mosquitto on a loopback port of its own. Mosquitto knows
 * nothing of Aliyun: no login check, no post_reply; the module's aliauth login is just accepted.
 */
import { test } from "uvu";
import { createRig } from "../../hosts/node/rig";
import { Mosquitto, MOSQUITTO, SCALE } from "./helpers";
import { E2E_CONFIG, endToEnd, NO_JITTER } from "./scenario";

if (!MOSQUITTO) {
  test("mosquitto: SKIPPED, no mosquitto binary (apt-get install mosquitto; CI installs it)", () => {
    console.log("\n  skipped: mosquitto not found in /usr/sbin, /usr/bin or /usr/local/sbin");
  });
  test.run();
} else {
  const binary = MOSQUITTO;
  endToEnd("mosquitto", async () => {
    const mosquitto = await Mosquitto.start(binary);
    const trace: string[] = [];
    try {
      const rig = await createRig({ timeScale: SCALE, broker: mosquitto.url, trace: (l) => trace.push(l), config: E2E_CONFIG, random: NO_JITTER });
      return {
        rig,
        trace,
        aliyun: false,
        restartBroker: () => mosquitto.restart(400),
        close: async () => {
          await rig.stop();
          await mosquitto.stop();
        },
      };
    } catch (error) {
      await mosquitto.stop();
      throw error;
    }
  }).run();
}
