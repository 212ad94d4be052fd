import { own, parseJsonObject } from "./json";
import { asciiBytes, hmacSha256Hex } from "./sha256";

/**
 * Aliyun's dynamic registration over MQTT ("one secret per product"), the device's side of
 * what sim/aliyun/register.ts checks: a login signed with the product secret, answered once
 * on /ext/register with the device's own secret, after which the device logs in as usual.
 * Aliyun requires TLS for it (securemode=2). Not wired to the modem yet (issue 14): this is
 * the credential and the answer, pure.
 */

/** The topic the platform answers on; the device receives it without subscribing. */
export const REGISTER_TOPIC = "/ext/register";

export interface RegistrationLogin {
  clientId: string;
  username: string;
  password: string;
}

/** The CONNECT fields; null when a part is not ASCII (the config's rules keep them so). */
export function registrationLogin(productKey: string, productSecret: string, deviceName: string, random: string): RegistrationLogin | null {
  const key = asciiBytes(productSecret);
  const content = asciiBytes("deviceName" + deviceName + "productKey" + productKey + "random" + random);
  if (key === null || content === null) return null;
  return {
    clientId: deviceName + "|securemode=2,authType=register,random=" + random + ",signmethod=hmacsha256|",
    username: deviceName + "&" + productKey,
    password: hmacSha256Hex(key, content),
  };
}

// What a deviceSecret may hold: it travels in a quoted AT parameter (aliauth).
const SECRET = /^[\x21\x23-\x7e]+$/;

/**
 * The deviceSecret in an /ext/register answer for this device, or null: not JSON, another
 * device's answer, or a secret that could not be stored and used.
 */
export function readRegisterAnswer(payload: string, productKey: string, deviceName: string): string | null {
  const answer = parseJsonObject(payload);
  if (answer === null || own(answer, "productKey") !== productKey || own(answer, "deviceName") !== deviceName) return null;
  const secret = own(answer, "deviceSecret");
  return typeof secret === "string" && secret.length <= 64 && SECRET.test(secret) ? secret : null;
}
