/** A plain broker's login: a registered username with its password (Mosquitto's password file). */
import { CONNACK_BAD_CREDENTIALS, CONNACK_NOT_AUTHORIZED, type DeviceLogin, type DeviceLookup, type LoginVerdict } from "../aliyun/verify";

export function verifyPlainLogin(login: DeviceLogin, lookup: DeviceLookup): LoginVerdict {
  const user = lookup("", login.username);
  if (!user) return { ok: false, returnCode: CONNACK_NOT_AUTHORIZED, reason: "unknown user" };
  if (user.deviceSecret !== login.password) return { ok: false, returnCode: CONNACK_BAD_CREDENTIALS, reason: "bad password" };
  return { ok: true, device: user, id: login.clientId };
}
