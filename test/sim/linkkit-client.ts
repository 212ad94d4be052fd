/**
 * A client shaped like Alibaba's Python LinkKit 1.2.13 (aliyun-iot-linkkit): it logs in with
 * `<pk>&<dn>` as the bare client id, `ext=1,_ss=1,lan=Python,_v=1.2.13` and a timestamp in
 * seconds in the clientId, signs with hmacsha1, reconnects by itself, and never subscribes:
 * with `_ss=1` the cloud subscribes its system topics for it. It only publishes.
 */
import { connectAsync, type MqttClient } from "mqtt";
import { hmacHex, signContent, type DeviceTriple } from "../../sim/aliyun/sign";

export async function connectLinkKit(url: string, device: DeviceTriple, reconnectPeriod = 100): Promise<MqttClient> {
  const { productKey: pk, deviceName: dn, deviceSecret } = device;
  const id = `${pk}&${dn}`;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const password = hmacHex("hmacsha1", deviceSecret, signContent({ id, deviceName: dn, productKey: pk, timestamp }));
  return connectAsync(url, {
    clientId: `${id}|securemode=3,signmethod=hmacsha1,ext=1,_ss=1,lan=Python,_v=1.2.13,timestamp=${timestamp}|`,
    username: `${dn}&${pk}`,
    password,
    protocolVersion: 4,
    keepalive: 60,
    clean: true,
    reconnectPeriod,
    connectTimeout: 5000,
  });
}
