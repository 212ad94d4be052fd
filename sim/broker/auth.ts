/**
 * Who is connecting: the "console" (the cloud's own applications, all rights) or a device
 * (Aliyun-signed credentials, own topics only). Pure; the aedes glue lives in broker.ts.
 */
import { verifyDeviceLogin, type DeviceLogin, type DeviceLookup, type LoginVerdict } from "../aliyun/verify";
import type { DeviceTriple } from "../aliyun/sign";

export interface ConsoleCredentials {
  username: string;
  password: string;
}

export type Principal = { kind: "console" } | { kind: "device"; device: DeviceTriple };

export type LoginResult = { ok: true; principal: Principal } | { ok: false; returnCode: number; reason: string };

export const deviceKey = (d: { productKey: string; deviceName: string }): string => `${d.productKey}/${d.deviceName}`;

/** Registered devices by `<pk>/<dn>`. */
export class DeviceRegistry {
  private readonly byKey = new Map<string, DeviceTriple>();

  constructor(devices: DeviceTriple[] = []) {
    for (const d of devices) this.add(d);
  }

  add(device: DeviceTriple): void {
    this.byKey.set(deviceKey(device), { ...device });
  }

  find = (productKey: string, deviceName: string): DeviceTriple | undefined =>
    this.byKey.get(deviceKey({ productKey, deviceName }));
}

/** How a cloud checks a device's login (default: Aliyun's signature). */
export type LoginCheck = (login: DeviceLogin, lookup: DeviceLookup) => LoginVerdict;

export function authenticateLogin(login: DeviceLogin, devices: DeviceRegistry, console?: ConsoleCredentials, check: LoginCheck = verifyDeviceLogin): LoginResult {
  if (console && login.username === console.username && login.password === console.password) {
    return { ok: true, principal: { kind: "console" } };
  }
  const verdict = check(login, devices.find);
  if (!verdict.ok) return verdict;
  return { ok: true, principal: { kind: "device", device: verdict.device } };
}
