/** Aliyun login checking for the fake network, reusing the cloud's verifier. */
import type { DeviceTriple } from "../aliyun/sign";
import { verifyDeviceLogin } from "../aliyun/verify";
import type { MqttConnectRequest } from "./mqtt-transport";

export function aliyunAuthenticator(devices: DeviceTriple[]): (request: MqttConnectRequest) => number {
  const lookup = (pk: string, dn: string) => devices.find((d) => d.productKey === pk && d.deviceName === dn);
  return (request) => {
    const login = { clientId: request.clientId, username: request.username ?? "", password: request.password ?? "" };
    const verdict = verifyDeviceLogin(login, lookup);
    return verdict.ok ? 0 : verdict.returnCode;
  };
}
