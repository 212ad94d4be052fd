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
  const model = (rig.config?.modem ?? "ec600s").toUpperCase();
  const scale = rig.time.scale;
  return rig.simulator ? `simulated ${model}, time scale ${scale}${scale !== 1 ? ` (${+(1 / scale).toFixed(2)}x faster than life)` : ""}` : `${model} on the serial port`;
}
