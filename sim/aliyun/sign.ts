/**
 * Aliyun IoT MQTT credentials ("aliauth"), as the EC600S computes them inside the modem and
 * as the cloud checks them. Pure functions over strings; see docs/aliyun-alink.md.
 */
import { createHmac } from "node:crypto";

export type SignMethod = "hmacmd5" | "hmacsha1" | "hmacsha256";

/** The device "triple" printed on the Aliyun console. */
export interface DeviceTriple {
  productKey: string;
  deviceName: string;
  deviceSecret: string;
}

export interface MqttCredentials {
  clientId: string;
  username: string;
  password: string;
}

const HASH_OF: Record<SignMethod, string> = {
  hmacmd5: "md5",
  hmacsha1: "sha1",
  hmacsha256: "sha256",
};

export function isSignMethod(name: string): name is SignMethod {
  return Object.prototype.hasOwnProperty.call(HASH_OF, name);
}

/** The string that gets signed: parameters sorted by name, name then value, no separators. */
export function signContent(p: { id: string; deviceName: string; productKey: string; timestamp?: string }): string {
  // Aliyun leaves timestamp out of the content when the clientId carries none.
  const stamp = p.timestamp === undefined ? "" : `timestamp${p.timestamp}`;
  return `clientId${p.id}deviceName${p.deviceName}productKey${p.productKey}${stamp}`;
}

/** Lower-case hex HMAC; the cloud compares case-insensitively, SDKs differ in case. */
export function hmacHex(method: SignMethod, secret: string, content: string): string {
  return createHmac(HASH_OF[method], secret).update(content).digest("hex");
}

/** `<id>|securemode=3,signmethod=hmacsha1,timestamp=<ms>|` (securemode 3 = plain TCP, 2 = TLS). */
export function aliyunClientId(id: string, opts: { signmethod: SignMethod; timestamp?: string; securemode?: number }): string {
  const params = [`securemode=${opts.securemode ?? 3}`, `signmethod=${opts.signmethod}`];
  if (opts.timestamp !== undefined) params.push(`timestamp=${opts.timestamp}`);
  return `${id}|${params.join(",")}|`;
}

export function aliyunUsername(deviceName: string, productKey: string): string {
  return `${deviceName}&${productKey}`;
}

export interface CredentialOptions {
  /** The bare client id; the modem uses the QMTCONN clientid, SDKs often the device name. */
  id?: string;
  /** Milliseconds, as a number or string; omitted from clientId and content when absent. */
  timestamp?: number | string;
  signmethod?: SignMethod;
  securemode?: number;
}

/** The three CONNECT fields for a device, signed with its secret. */
export function aliyunCredentials(device: DeviceTriple, opts: CredentialOptions = {}): MqttCredentials {
  const id = opts.id ?? device.deviceName;
  const signmethod = opts.signmethod ?? "hmacsha1";
  const timestamp = opts.timestamp === undefined ? undefined : String(opts.timestamp);
  const content = signContent({ id, deviceName: device.deviceName, productKey: device.productKey, timestamp });
  return {
    clientId: aliyunClientId(id, { signmethod, timestamp, securemode: opts.securemode }),
    username: aliyunUsername(device.deviceName, device.productKey),
    password: hmacHex(signmethod, device.deviceSecret, content),
  };
}
