import type { ModemConfig } from "./config";

/** The MQTT login is given as username and password (and client id) as they go on the wire. */
export const LOGIN_PLAIN = 0;
/**
 * An Aliyun device triple: whoever can sign does (a Quectel module with `aliauth`; on a
 * module without, the firmware signs it with HMAC-SHA1 before connecting).
 */
export const LOGIN_ALIYUN = 1;

export type LoginKind = typeof LOGIN_PLAIN | typeof LOGIN_ALIYUN;

/**
 * How the dialect logs in to the broker: a description, not a cloud's own fields, so a cloud
 * profile can hand any dialect what its broker wants. For LOGIN_PLAIN only `clientId`,
 * `username` and `password` count; for LOGIN_ALIYUN the triple and the bare `clientId`.
 */
export interface MqttLogin {
  kind: LoginKind;
  clientId: string;
  username: string;
  password: string;
  productKey: string;
  deviceName: string;
  deviceSecret: string;
  /**
   * A login its owner finishes before the connect (Aliyun's dynamic registration names the
   * device by the module's IMEI and signs with HMAC-SHA256): false while it needs more turns.
   */
  prepare?: () => boolean;
}

/** The login is ready to go on the wire (its owner's `prepare` is done, if it has one). */
export function loginPrepared(login: MqttLogin): boolean {
  return login.prepare === undefined || login.prepare();
}

/** Today's product: an Aliyun device triple from the config (src/app/config.ts). */
export function loginFromConfig(c: ModemConfig): MqttLogin {
  return {
    kind: LOGIN_ALIYUN,
    clientId: c.clientId,
    // Stryker disable next-line StringLiteral: an Aliyun login's user name and password are made by whoever signs it; these are never read
    username: "",
    // Stryker disable next-line StringLiteral: as the user name
    password: "",
    productKey: c.productKey,
    deviceName: c.deviceName,
    deviceSecret: c.deviceSecret,
  };
}
