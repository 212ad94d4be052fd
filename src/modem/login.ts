import type { ModemConfig } from "./config";

/** The MQTT login is given as username and password (and client id) as they go on the wire. */
export const LOGIN_PLAIN = 0;
/** An Aliyun device triple, signed by the module (`aliauth` on Quectel). */
export const LOGIN_ALIYUN = 1;

export type LoginKind = typeof LOGIN_PLAIN | typeof LOGIN_ALIYUN;

/**
 * How the modem logs in to the broker: a description, not a cloud's own fields (a cloud
 * profile, src/cloud/profile.ts, makes one). For LOGIN_PLAIN only `clientId`, `username` and
 * `password` count; for LOGIN_ALIYUN the triple and the bare `clientId`. Same shape as the
 * MqttLogin of issue 9's dialect interface.
 */
export interface MqttLogin {
  kind: LoginKind;
  clientId: string;
  username: string;
  password: string;
  productKey: string;
  deviceName: string;
  deviceSecret: string;
}

/** Today's product: an Aliyun device triple from the config. */
export function loginFromConfig(c: ModemConfig): MqttLogin {
  return { kind: LOGIN_ALIYUN, clientId: c.clientId, username: "", password: "", productKey: c.productKey, deviceName: c.deviceName, deviceSecret: c.deviceSecret };
}
