/**
 * A second connection with a device's own credentials. Aliyun (and startBroker) then kick
 * the first connection off, which is how the module sees `+QMTSTAT: <idx>,1` in the field.
 */
import { connectAsync, type MqttClient } from "mqtt";
import { aliyunCredentials, type DeviceTriple } from "../aliyun/sign";

export async function loginAsDevice(url: string, device: DeviceTriple, id = `${device.deviceName}-second`): Promise<MqttClient> {
  const creds = aliyunCredentials(device, { id, timestamp: Date.now() });
  return connectAsync(url, { ...creds, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000, keepalive: 60 });
}
