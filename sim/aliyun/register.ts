/**
 * Aliyun's dynamic registration over MQTT ("one secret per product", pre-registered device
 * names): the device connects once with clientId
 * `<dn>|securemode=2,authType=register,random=<r>,signmethod=hmacsha256|`, username
 * `<dn>&<pk>` and password hex HMAC(productSecret, `deviceName<dn>productKey<pk>random<r>`);
 * the platform answers on `/ext/register` with `{"productKey","deviceName","deviceSecret"}`
 * and closes the connection (docs/aliyun-alink.md; Aliyun's "MQTT-based dynamic
 * registration"). A device not yet activated may register again, and the last secret counts;
 * an activated one must be reset on the console first.
 *
 * The registration-free variant (`securemode=-2,authType=regnwl`, `/ext/regnwl`) is not offered.
 */
import { parseClientId } from "./client-id";
import { hmacHex, isSignMethod, type MqttCredentials, type SignMethod } from "./sign";
import { CONNACK_BAD_CREDENTIALS, CONNACK_NOT_AUTHORIZED, parseUsername, type DeviceLogin } from "./verify";

/** The topic the platform answers a registration on (no subscription needed). */
export const REGISTER_TOPIC = "/ext/register";

/** A product with dynamic registration on, and its pre-registered device names. */
export interface RegistrationProduct {
  productKey: string;
  productSecret: string;
  deviceNames: string[];
}

export type RegistrationVerdict =
  | { ok: true; productKey: string; deviceName: string }
  | { ok: false; returnCode: typeof CONNACK_BAD_CREDENTIALS | typeof CONNACK_NOT_AUTHORIZED; reason: string };

/** What is signed: the parameters sorted by name, each name followed by its value. */
export function registerContent(deviceName: string, productKey: string, random: string): string {
  return `deviceName${deviceName}productKey${productKey}random${random}`;
}

/** The CONNECT fields of a registration, as a device computes them. */
export function registrationCredentials(product: { productKey: string; productSecret: string }, deviceName: string, random: string, signmethod: SignMethod = "hmacsha256"): MqttCredentials {
  return {
    clientId: `${deviceName}|securemode=2,authType=register,random=${random},signmethod=${signmethod}|`,
    username: `${deviceName}&${product.productKey}`,
    password: hmacHex(signmethod, product.productSecret, registerContent(deviceName, product.productKey, random)),
  };
}

/** A login that asks to register (its clientId says authType=register). */
export function isRegistration(clientId: string): boolean {
  return parseClientId(clientId)?.params.authType === "register";
}

function refuse(reason: string, returnCode: 4 | 5 = CONNACK_BAD_CREDENTIALS): RegistrationVerdict {
  return { ok: false, returnCode, reason };
}

/**
 * Check a registration login. Malformed or badly signed: 4; a product without dynamic
 * registration, a device name not pre-registered, or one already activated: 5 (Aliyun's own
 * codes per case are UNCONFIRMED).
 */
export function verifyRegistration(login: DeviceLogin, product: (productKey: string) => RegistrationProduct | undefined, activated: (productKey: string, deviceName: string) => boolean): RegistrationVerdict {
  const request = readRequest(login);
  if (typeof request === "string") return refuse(request);
  const found = product(request.productKey);
  if (!found) return refuse("product has no dynamic registration", CONNACK_NOT_AUTHORIZED);
  const expected = hmacHex(request.method, found.productSecret, registerContent(request.deviceName, request.productKey, request.random));
  if (expected !== login.password.toLowerCase()) return refuse("bad registration signature");
  if (found.deviceNames.indexOf(request.deviceName) < 0) return refuse("device name not pre-registered", CONNACK_NOT_AUTHORIZED);
  if (activated(request.productKey, request.deviceName)) return refuse("device already activated (reset it on the console to register again)", CONNACK_NOT_AUTHORIZED);
  return { ok: true, productKey: request.productKey, deviceName: request.deviceName };
}

interface RegistrationRequest {
  productKey: string;
  deviceName: string;
  random: string;
  method: SignMethod;
}

/** The request a registration login makes, or what is wrong with its form. */
function readRequest(login: DeviceLogin): RegistrationRequest | string {
  const parsed = parseClientId(login.clientId);
  const user = parseUsername(login.username);
  const random = parsed?.params.random;
  if (!parsed || !user || random === undefined) return "malformed registration";
  if (user.deviceName !== parsed.id) return "clientId and username name different devices";
  const method = parsed.params.signmethod ?? "hmacsha256";
  const problem = paramsProblem(parsed.params.securemode, method);
  return problem ?? { productKey: user.productKey, deviceName: user.deviceName, random, method: method as SignMethod };
}

// Aliyun registers over TLS only; this broker listens on plain TCP and checks the clientId says so.
function paramsProblem(mode: string | undefined, method: string): string | undefined {
  if (mode !== "2") return `registration needs securemode 2 (TLS), got ${mode}`;
  return isSignMethod(method) ? undefined : `unknown signmethod ${method}`;
}
