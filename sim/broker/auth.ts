/**
 * Who is connecting: the "console" (the cloud's own applications, all rights) or a device
 * (Aliyun-signed credentials, own topics only). Pure; the aedes glue lives in broker.ts.
 */
import { isRegistration, verifyRegistration, type RegistrationProduct } from "../aliyun/register";
import { verifyDeviceLogin, type DeviceLogin, type DeviceLookup, type LoginVerdict } from "../aliyun/verify";
import type { DeviceTriple } from "../aliyun/sign";

export interface ConsoleCredentials {
  username: string;
  password: string;
}

/** `registering`: a dynamic registration connection (sim/aliyun/register.ts): no rights, answered and closed. */
export type Principal = { kind: "console" } | { kind: "device"; device: DeviceTriple } | { kind: "registering"; productKey: string; deviceName: string };

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

/** Products with dynamic registration, and the devices that have logged in with a secret since. */
export class RegistrationRegistry {
  private readonly products = new Map<string, RegistrationProduct>();
  private readonly activated = new Set<string>();

  constructor(products: RegistrationProduct[] = []) {
    for (const p of products) this.addProduct(p);
  }

  addProduct(product: RegistrationProduct): void {
    this.products.set(product.productKey, { ...product, deviceNames: [...product.deviceNames] });
  }

  product = (productKey: string): RegistrationProduct | undefined => this.products.get(productKey);

  activate(device: { productKey: string; deviceName: string }): void {
    this.activated.add(deviceKey(device));
  }

  isActivated = (productKey: string, deviceName: string): boolean => this.activated.has(deviceKey({ productKey, deviceName }));
}

/** How a cloud checks a device's login (default: Aliyun's signature). */
export type LoginCheck = (login: DeviceLogin, lookup: DeviceLookup) => LoginVerdict;

export function authenticateLogin(login: DeviceLogin, devices: DeviceRegistry, console?: ConsoleCredentials, registrations?: RegistrationRegistry, check: LoginCheck = verifyDeviceLogin): LoginResult {
  if (console && login.username === console.username && login.password === console.password) {
    return { ok: true, principal: { kind: "console" } };
  }
  if (registrations && isRegistration(login.clientId)) return authenticateRegistration(login, registrations);
  const verdict = check(login, devices.find);
  if (!verdict.ok) return verdict;
  return { ok: true, principal: { kind: "device", device: verdict.device } };
}

/** A dynamic registration's login (Aliyun's `authType=register` client id). */
function authenticateRegistration(login: DeviceLogin, registrations: RegistrationRegistry): LoginResult {
  const verdict = verifyRegistration(login, registrations.product, registrations.isActivated);
  if (!verdict.ok) return verdict;
  return { ok: true, principal: { kind: "registering", productKey: verdict.productKey, deviceName: verdict.deviceName } };
}
