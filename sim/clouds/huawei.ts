/**
 * Huawei IoTDA's side of a device login: clientId `<device_id>_0_<sign type>_<YYYYMMDDHH>`,
 * username the device id, password hex HMAC-SHA256(key = timestamp, message = secret).
 * Sign type 1 also checks the timestamp against the platform's clock (within an hour).
 */
import { createHmac } from "node:crypto";
import { CONNACK_BAD_CREDENTIALS, CONNACK_NOT_AUTHORIZED, type DeviceLogin, type DeviceLookup, type LoginVerdict } from "../aliyun/verify";

export function huaweiPassword(secret: string, timestamp: string): string {
  return createHmac("sha256", timestamp).update(secret).digest("hex");
}

function hourStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-T:]/g, "").slice(0, 10);
}

export function verifyHuaweiLogin(login: DeviceLogin, lookup: DeviceLookup, nowMs: number): LoginVerdict {
  const m = /^(.+)_0_([01])_(\d{10})$/.exec(login.clientId);
  // IoTDA answers a malformed clientId with 2 (identifier rejected); 4 here keeps one refusal type.
  if (!m || m[1] !== login.username) return { ok: false, returnCode: CONNACK_BAD_CREDENTIALS, reason: "malformed clientId" };
  const device = lookup("", m[1]);
  if (!device) return { ok: false, returnCode: CONNACK_NOT_AUTHORIZED, reason: "unknown device" };
  const now = Number(hourStamp(nowMs));
  if (m[2] === "1" && Math.abs(Number(m[3]) - now) > 1) return { ok: false, returnCode: CONNACK_BAD_CREDENTIALS, reason: "timestamp out of step" };
  if (huaweiPassword(device.deviceSecret, m[3]) !== login.password) return { ok: false, returnCode: CONNACK_BAD_CREDENTIALS, reason: "bad password" };
  return { ok: true, device, id: login.clientId };
}
