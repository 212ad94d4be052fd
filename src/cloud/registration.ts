import type { HmacService } from "../hal";
import { own, parseJsonObject } from "./json";
import { hex } from "./sign/encode";
import { asciiBytes, HmacSha256, hmacSha256Hex } from "./sha256";

/**
 * Aliyun's dynamic registration over MQTT ("one secret per product"), the device's side of
 * what sim/aliyun/register.ts checks: a login signed with the product secret, answered once
 * on /ext/register with the device's own secret, after which the device logs in as usual.
 * Aliyun requires TLS for it (securemode=2; the config's `tls`). The app's Registrar (src/app/registrar.ts)
 * drives it through the modem with RegistrationSigner.
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
  const content = asciiBytes(registrationContent(productKey, deviceName, random));
  if (key === null || content === null) return null;
  return {
    clientId: deviceName + "|securemode=2,authType=register,random=" + random + ",signmethod=hmacsha256|",
    username: deviceName + "&" + productKey,
    password: hmacSha256Hex(key, content),
  };
}

/** What is signed: the parameters sorted by name, each name followed by its value. */
export function registrationContent(productKey: string, deviceName: string, random: string): string {
  return "deviceName" + deviceName + "productKey" + productKey + "random" + random;
}

/**
 * The registration login, signed within the per-turn budget: in one call with the host's
 * native HMAC-SHA256, else one SHA-256 block per `step()` (HmacSha256). Made once, reused.
 */
export class RegistrationSigner {
  clientId = "";
  username = "";
  password = "";
  /** Why the login cannot be signed, or "". */
  error = "";
  private readonly native: HmacService | undefined;
  private readonly hmac: HmacSha256 | null;
  private readonly digest = new Uint8Array(32);

  constructor(native: HmacService | undefined) {
    this.native = native;
    this.hmac = native === undefined ? new HmacSha256() : null;
  }

  /** Begin; the fields are ready when `step()` says true (at once with a native HMAC). */
  start(productKey: string, productSecret: string, deviceName: string, random: string): void {
    this.clientId = deviceName + "|securemode=2,authType=register,random=" + random + ",signmethod=hmacsha256|";
    this.username = deviceName + "&" + productKey;
    this.password = "";
    this.error = "";
    const content = registrationContent(productKey, deviceName, random);
    if (this.native !== undefined) return this.signNatively(this.native, productSecret, content);
    const hmac = this.hmac as HmacSha256;
    // Hashing starts from the next call: the caller's turn already built the strings.
    if (!hmac.start(productSecret, content)) this.error = "cannot sign the registration: " + hmac.error;
  }

  private signNatively(native: HmacService, productSecret: string, content: string): void {
    const key = asciiBytes(productSecret);
    if (key === null || !native.sha256(key, key.length, content, this.digest)) {
      this.error = "cannot sign the registration: the host's HMAC refused it";
      return;
    }
    this.password = hex(this.digest, this.digest.length);
  }

  /** One slice; true when the password is ready (or the signing failed: see `error`). */
  step(): boolean {
    if (this.password !== "" || this.error !== "") return true;
    const hmac = this.hmac as HmacSha256;
    if (!hmac.step()) return false;
    this.password = hmac.hex();
    return true;
  }
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
