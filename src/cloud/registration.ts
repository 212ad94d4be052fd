import type { HmacService } from "../hal";
import { own, parseJsonObject } from "./json";
import { hex } from "./sign/encode";
import { HmacSha256 } from "./sign/hmac-sha256";

/**
 * Aliyun's dynamic registration over MQTT ("one secret per product"), the device's side of
 * what sim/aliyun/register.ts checks: a login signed with the product secret, answered once
 * on /ext/register with the device's own secret, after which the device logs in as usual.
 * Aliyun requires TLS for it (securemode=2; the config's `tls`). The app's Registrar (src/app/registrar.ts)
 * drives it through the modem with RegistrationSigner.
 */

/** The topic the platform answers on; the device receives it without subscribing. */
export const REGISTER_TOPIC = "/ext/register";

/** What is signed: the parameters sorted by name, each name followed by its value. */
export function registrationContent(productKey: string, deviceName: string, random: string): string {
  return "deviceName" + deviceName + "productKey" + productKey + "random" + random;
}

/** Product secrets are keys of at most one SHA-256 block: no cloud here issues longer ones. */
const KEY_MAX = 64;
const REFUSED = "cannot sign the registration: ";

/**
 * The registration login, signed within the per-turn budget: in one call with the host's
 * native HMAC-SHA256, else a slice of a block per `step()` (sign/hmac-sha256). Made once, reused.
 */
export class RegistrationSigner {
  clientId = "";
  username = "";
  password = "";
  /** Why the login cannot be signed, or "". */
  error = "";
  private readonly native: HmacService | undefined;
  private readonly hmac: HmacSha256 | null;
  private readonly key = new Uint8Array(KEY_MAX);
  private readonly digest = new Uint8Array(32);

  constructor(native: HmacService | undefined) {
    this.native = native;
    // Stryker disable next-line ConditionalExpression: a signer with a native HMAC never reads this.hmac; the test only saves the memory
    this.hmac = native === undefined ? new HmacSha256() : null;
  }

  /** Begin; the fields are ready when `step()` says true (at once with a native HMAC). */
  start(productKey: string, productSecret: string, deviceName: string, random: string): void {
    this.clientId = deviceName + "|securemode=2,authType=register,random=" + random + ",signmethod=hmacsha256|";
    this.username = deviceName + "&" + productKey;
    this.password = "";
    this.error = "";
    const content = registrationContent(productKey, deviceName, random);
    const keyLength = asciiKey(productSecret, this.key);
    if (keyLength < 0) {
      this.error = REFUSED + (keyLength === KEY_TOO_LONG ? "key longer than " + KEY_MAX + " bytes" : "not ASCII");
    } else if (this.native !== undefined) {
      if (this.native.sha256(this.key, keyLength, content, this.digest)) this.password = hex(this.digest, 32);
      else this.error = REFUSED + "the host's HMAC refused it";
    } else {
      const hmac = this.hmac as HmacSha256;
      // Hashing starts from the next call: the caller's turn already built the strings.
      if (!hmac.start(this.key, keyLength, content)) this.error = REFUSED + hmac.error;
    }
  }

  /** One slice; true when the password is ready (or the signing failed: see `error`). */
  step(): boolean {
    if (this.password !== "" || this.error !== "") return true;
    // Not started: with a native HMAC there is nothing to step until start() signs at once.
    const hmac = this.hmac;
    if (hmac === null || !hmac.step()) return false;
    hmac.digestInto(this.digest, 0);
    this.password = hex(this.digest, 32);
    return true;
  }
}

const KEY_TOO_LONG = -2;

/** Printable ASCII `text` into `out`: its length, -1 for a character that is not, or KEY_TOO_LONG. */
function asciiKey(text: string, out: Uint8Array): number {
  if (text.length > out.length) return KEY_TOO_LONG;
  // Stryker disable next-line EqualityOperator: one step past the end writes charCodeAt's NaN as 0 past the key's length, which the HMAC never reads, or past the buffer, where a typed array ignores it
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 126) return -1;
    out[i] = c;
  }
  return text.length;
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
