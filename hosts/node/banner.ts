/** The few lines printed at start: what runs, and where to look. */
import type { Session } from "./session";

const CLOUD_TITLES = { aliyun: "Aliyun", onenet: "OneNET", huawei: "Huawei IoTDA", mqtt: "MQTT" } as const;

export function banner(session: Session): string[] {
  const { rig } = session;
  const d = rig.device;
  const modem = modemLine(session);
  const cloud = rig.config?.cloud ?? "aliyun";
  const lines = [`device ${d.productKey}/${d.deviceName}${cloud !== "aliyun" ? ` on ${cloud}` : ""}, ${modem}`];
  if (rig.broker && rig.consoleLogin) {
    lines.push(`embedded ${CLOUD_TITLES[cloud]}-compatible broker ${rig.brokerUrl} (console login: ${rig.consoleLogin.username} / ${rig.consoleLogin.password})`);
  } else if (rig.brokerUrl) {
    lines.push(`broker ${rig.brokerUrl}`);
  } else {
    lines.push(`cloud: ${rig.config.mqttHost}:${rig.config.mqttPort} (no console: property sets come from the Aliyun console)`);
  }
  return lines;
}

function modemLine({ rig }: Session): string {
  const key = rig.config?.modem ?? "auto";
  const scale = rig.time.scale;
  // The simulator is an A7670 for modem=a7670, else an EC600S (rig.ts).
  if (rig.simulator) return `simulated ${key === "a7670" ? "A7670" : "EC600S"}, time scale ${scale}${scale !== 1 ? ` (${+(1 / scale).toFixed(2)}x faster than life)` : ""}`;
  return key === "auto" ? "the module on the serial port (identified by ATI)" : `${key.toUpperCase()} on the serial port`;
}
