import type { Crypto } from "../hal";
import { HmacSha1 } from "./hmac-sha1";
import { LOGIN_ALIYUN, MqttLogin } from "./login";

/** Aliyun's sign method for the password; the clientId says which. */
const SIGN_METHOD = "hmacsha1";

/**
 * The Aliyun login a module without `aliauth` sends (docs/aliyun-alink.md): clientId
 * `<id>|securemode=3,signmethod=hmacsha1|` (2 over TLS), username `<dn>&<pk>`, password the hex
 * HMAC-SHA1 of `clientId<id>deviceName<dn>productKey<pk>` under the device secret (no
 * timestamp: the device may not know the time, and then both leave it out). A plain login
 * is passed through. With the host's native HMAC it is done in one call; without, one
 * SHA-1 block per `step()`.
 */
export class LoginSigner {
  clientId = "";
  username = "";
  password = "";
  /** Why the login cannot be signed, or null. */
  error: string | null = null;
  /** Aliyun's securemode in the clientId: 3 plain TCP, 2 TLS (set by the runner from the config). */
  secureMode = 3;
  private readonly crypto: Crypto | undefined;
  private readonly hmac: HmacSha1 | null;
  private busy = false;
  private signed: MqttLogin | null = null;

  constructor(crypto: Crypto | undefined) {
    this.crypto = crypto;
    this.hmac = crypto ? null : new HmacSha1();
  }

  /** Make the login's three fields; false while there is more to do (call again next turn). */
  sign(login: MqttLogin): boolean {
    if (this.busy) return this.proceed();
    if (this.signed === login) return true;
    this.signed = login;
    this.begin(login);
    // Hashing starts from the next call: setting up is a turn's worth already.
    return !this.busy;
  }

  /** One more block of the fallback HMAC. */
  private proceed(): boolean {
    const hmac = this.hmac as HmacSha1;
    if (!hmac.step()) return false;
    this.password = hmac.hex();
    this.busy = false;
    return true;
  }

  private begin(login: MqttLogin): void {
    this.error = null;
    if (login.kind !== LOGIN_ALIYUN) {
      this.clientId = login.clientId;
      this.username = login.username;
      this.password = login.password;
      return;
    }
    const content = "clientId" + login.clientId + "deviceName" + login.deviceName + "productKey" + login.productKey;
    this.clientId = login.clientId + "|securemode=" + this.secureMode + ",signmethod=" + SIGN_METHOD + "|";
    this.username = login.deviceName + "&" + login.productKey;
    if (this.crypto) {
      this.password = this.crypto.hmacSha1Hex(login.deviceSecret, content);
      return;
    }
    const hmac = this.hmac as HmacSha1;
    this.busy = hmac.start(login.deviceSecret, content);
    this.password = "";
    if (!this.busy) this.error = "cannot sign the login: " + hmac.error;
  }
}
