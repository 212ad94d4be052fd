/**
 * A second connection with a device's own credentials, on any cloud the broker plays: the
 * broker then kicks the first connection off (`+QMTSTAT: <idx>,1` on the module). Credentials
 * are made the way each cloud checks them (rules.ts); `device` is the broker's registration.
 */
import { connectAsync, type MqttClient } from "mqtt";
import type { DeviceTriple } from "../aliyun/sign";
import { loginAsDevice } from "../broker/second-login";
import { huaweiPassword } from "./huawei";
import { onenetToken } from "./onenet";
import type { SimCloud } from "./rules";

export function secondLoginCredentials(cloud: Exclude<SimCloud, "aliyun">, device: DeviceTriple): { clientId: string; username: string; password: string } {
  if (cloud === "onenet") return { clientId: device.deviceName, username: device.productKey, password: onenetToken(device.productKey, device.deviceName, device.deviceSecret, 2147483647) };
  if (cloud === "huawei") return { clientId: `${device.deviceName}_0_0_2026010100`, username: device.deviceName, password: huaweiPassword(device.deviceSecret, "2026010100") };
  return { clientId: `${device.deviceName}-second`, username: device.deviceName, password: device.deviceSecret };
}

export async function loginAsDeviceOn(cloud: SimCloud, url: string, device: DeviceTriple): Promise<MqttClient> {
  if (cloud === "aliyun") return loginAsDevice(url, device);
  return connectAsync(url, { ...secondLoginCredentials(cloud, device), protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000, keepalive: 60 });
}
