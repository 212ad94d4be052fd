/** The same story on a simulated SIMCom A7670: CMQTT commands, a login the firmware signed. */
import { createRig } from "../../hosts/node/rig";
import { SCALE } from "./helpers";
import { E2E_CONFIG, endToEnd, NO_JITTER } from "./scenario";

endToEnd("A7670 and the embedded Aliyun-compatible broker", async () => {
  const trace: string[] = [];
  const rig = await createRig({ timeScale: SCALE, trace: (l) => trace.push(l), config: { ...E2E_CONFIG, modem: "a7670" }, random: NO_JITTER });
  return {
    rig,
    trace,
    aliyun: true,
    connectTrace: [/\[TX\] AT\+CMQTTACCQ=0,"switch-0001\|securemode=3,signmethod=hmacsha1\|",0\\r$/m, /\[TX\] AT\+CMQTTCONNECT=0,"tcp:/m, /\[RX\] \\r\\n\+CMQTTCONNECT: 0,0\\r\\n$/m],
    restartBroker: () => rig.broker!.restart(400),
    close: () => rig.stop(),
  };
}).run();
