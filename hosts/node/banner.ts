/** The few lines printed at start: what runs, and where to look. */
import type { Session } from "./session";

export function banner(session: Session): string[] {
  const { rig } = session;
  const d = rig.device;
  const model = (rig.config?.modem ?? "ec600s").toUpperCase();
  const modem = rig.simulator ? `simulated ${model}, time scale ${rig.time.scale}${rig.time.scale !== 1 ? ` (${+(1 / rig.time.scale).toFixed(2)}x faster than life)` : ""}` : `${model} on the serial port`;
  const lines = [`device ${d.productKey}/${d.deviceName}, ${modem}`];
  if (rig.broker && rig.consoleLogin) {
    lines.push(`embedded Aliyun-compatible broker ${rig.brokerUrl} (console login: ${rig.consoleLogin.username} / ${rig.consoleLogin.password})`);
  } else if (rig.brokerUrl) {
    lines.push(`broker ${rig.brokerUrl}`);
  } else {
    lines.push(`cloud: ${rig.config.mqttHost}:${rig.config.mqttPort} (no console: property sets come from the Aliyun console)`);
  }
  return lines;
}
