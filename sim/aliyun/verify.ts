/**
 * The cloud side of aliauth: decide whether a CONNECT's clientId/username/password belong
 * to a known device. Return codes are MQTT 3.1.1 CONNACK codes.
 *
 * Choice (Aliyun does not document it per case): anything wrong with the credentials
 * themselves (malformed clientId or username, unknown signmethod, bad signature) is
 * 4 "bad user name or password"; a well-formed login for a device the broker does not know
 * is 5 "not authorized".
 *
 * securemode: Aliyun documents 2 (TLS) and 3 (plain TCP) for a device secret login; the
 * dynamic-registration modes (`authType=register`, `-2` with `regnwl`/`connwl`) are not
 * offered by this broker, so every other value is refused. A clientId without securemode is
 * tolerated (UNCONFIRMED whether Aliyun accepts one: every documented example carries it).
 */
import { parseClientId } from "./client-id";
import { hmacHex, isSignMethod, signContent, type DeviceTriple, type SignMethod } from "./sign";

export const CONNACK_BAD_CREDENTIALS = 4;
export const CONNACK_NOT_AUTHORIZED = 5;

export interface DeviceLogin {
  clientId: string;
  username: string;
  password: string;
}

export type LoginVerdict =
  | { ok: true; device: DeviceTriple; id: string }
  | { ok: false; returnCode: typeof CONNACK_BAD_CREDENTIALS | typeof CONNACK_NOT_AUTHORIZED; reason: string };

export type DeviceLookup = (productKey: string, deviceName: string) => DeviceTriple | undefined;

function refuse(reason: string, returnCode: 4 | 5 = CONNACK_BAD_CREDENTIALS): LoginVerdict {
  return { ok: false, returnCode, reason };
}

/** `<dn>&<pk>` split; undefined when not exactly two non-empty parts. */
export function parseUsername(username: string): { deviceName: string; productKey: string } | undefined {
  const parts = username.split("&");
  if (parts.length !== 2 || parts[0] === "" || parts[1] === "") return undefined;
  return { deviceName: parts[0], productKey: parts[1] };
}

const SECURE_MODES = ["2", "3"];

/** The clientId's own problem (securemode, signmethod), if any. */
function paramsProblem(params: Record<string, string>): string | undefined {
  const mode = params.securemode;
  if (mode !== undefined && SECURE_MODES.indexOf(mode) < 0) return `unsupported securemode ${mode}`;
  // hmacmd5 is Aliyun's default when the clientId names no signmethod.
  const method = params.signmethod ?? "hmacmd5";
  return isSignMethod(method) ? undefined : `unknown signmethod ${method}`;
}

export function verifyDeviceLogin(login: DeviceLogin, lookup: DeviceLookup): LoginVerdict {
  const parsed = parseClientId(login.clientId);
  if (!parsed) return refuse("malformed clientId");
  const problem = paramsProblem(parsed.params);
  if (problem) return refuse(problem);
  const method = (parsed.params.signmethod ?? "hmacmd5") as SignMethod;
  const user = parseUsername(login.username);
  if (!user) return refuse("malformed username");
  const device = lookup(user.productKey, user.deviceName);
  if (!device) return refuse("unknown device", CONNACK_NOT_AUTHORIZED);
  const content = signContent({ id: parsed.id, ...user, timestamp: parsed.params.timestamp });
  const expected = hmacHex(method, device.deviceSecret, content);
  if (expected !== login.password.toLowerCase()) return refuse("bad signature");
  return { ok: true, device, id: parsed.id };
}
