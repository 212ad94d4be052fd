/** The few lines printed at start: what runs, and where to look. */
import type { Session } from "./session";

const CLOUD_TITLES = { aliyun: "Aliyun", onenet: "OneNET", huawei: "Huawei IoTDA", mqtt: "MQTT" } as const;

export function banner(session: Session): string[] {
  const { rig } = session;
  const d = rig.device;
  const modem = rig.simulator ? `simulated EC600S, time scale ${rig.time.scale}${rig.time.scale !== 1 ? ` (${+(1 / rig.time.scale).toFixed(2)}x faster than life)` : ""}` : "EC600S on the serial port";
  const cloud = rig.config.cloud;
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
