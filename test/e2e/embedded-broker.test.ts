/** Firmware + simulated EC600S + the embedded Aliyun-compatible broker (signed logins, post_reply). */
import { createRig } from "../../hosts/node/rig";
import { SCALE } from "./helpers";
import { E2E_CONFIG, endToEnd, NO_JITTER } from "./scenario";

endToEnd("embedded Aliyun-compatible broker", async () => {
  const trace: string[] = [];
  const rig = await createRig({ timeScale: SCALE, trace: (l) => trace.push(l), config: E2E_CONFIG, random: NO_JITTER });
  return {
    rig,
    trace,
    aliyun: true,
    restartBroker: () => rig.broker!.restart(400),
    close: () => rig.stop(),
  };
}).run();
