/**
 * OneNET's side of a device login and its automatic replies (OneJSON): the token is checked
 * as the platform documents it, sign = base64(HMAC_<method>(base64decode(key),
 * et\nmethod\nres\nversion)), with res = products/<pid>/devices/<dn> and et in the future.
 */
import { createHmac } from "node:crypto";
import { CONNACK_BAD_CREDENTIALS, CONNACK_NOT_AUTHORIZED, type DeviceLogin, type DeviceLookup, type LoginVerdict } from "../aliyun/verify";
import type { DeviceTriple } from "../aliyun/sign";
import type { CloudMessage } from "../broker/responder";

const METHODS: Record<string, string> = { md5: "md5", sha1: "sha1", sha256: "sha256" };

/** The token's key=value pairs, values URL-decoded; undefined if malformed. */
export function parseToken(token: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const part of token.split("&")) {
    const eq = part.indexOf("=");
    if (eq <= 0) return undefined;
    try {
      out[part.slice(0, eq)] = decodeURIComponent(part.slice(eq + 1));
    } catch {
      return undefined;
    }
  }
  return out;
}

/** The token a device with this key should send (for tests and other clients). */
export function onenetToken(productId: string, deviceName: string, key: string, et: number, method = "sha256"): string {
  const res = `products/${productId}/devices/${deviceName}`;
  const sign = createHmac(METHODS[method], Buffer.from(key, "base64")).update(`${et}\n${method}\n${res}\n2018-10-31`).digest("base64");
  return `version=2018-10-31&res=${encodeURIComponent(res)}&et=${et}&method=${method}&sign=${encodeURIComponent(sign)}`;
}

export function verifyOneNetLogin(login: DeviceLogin, lookup: DeviceLookup, nowMs: number): LoginVerdict {
  const device = lookup(login.username, login.clientId);
  if (!device) return { ok: false, returnCode: CONNACK_NOT_AUTHORIZED, reason: "unknown device" };
  const problem = tokenProblem(parseToken(login.password), device, nowMs);
  return problem ? { ok: false, returnCode: CONNACK_BAD_CREDENTIALS, reason: problem } : { ok: true, device, id: login.clientId };
}

function wellFormed(t: Record<string, string>): boolean {
  return t.version === "2018-10-31" && METHODS[t.method] !== undefined && /^\d+$/.test(t.et ?? "");
}

function tokenProblem(t: Record<string, string> | undefined, device: DeviceTriple, nowMs: number): string | undefined {
  if (!t || !wellFormed(t)) return "malformed token";
  if (t.res !== `products/${device.productKey}/devices/${device.deviceName}`) return "token for another resource";
  if (Number(t.et) * 1000 < nowMs) return "token expired";
  const expected = createHmac(METHODS[t.method], Buffer.from(device.deviceSecret, "base64")).update(`${t.et}\n${t.method}\n${t.res}\n${t.version}`).digest("base64");
  return expected === t.sign ? undefined : "bad signature";
}

/** A property post answered on `.../post/reply`: 200 with its id, or 400 without a usable one (UNCONFIRMED code). */
export function onenetAnswer(topic: string, payload: Uint8Array): CloudMessage | undefined {
  if (!/^\$sys\/[^/]+\/[^/]+\/thing\/property\/post$/.test(topic)) return undefined;
  let id = "";
  try {
    const body = JSON.parse(Buffer.from(payload).toString("utf8")) as { id?: unknown };
    if (typeof body.id === "string") id = body.id;
  } catch {
    // answered 400 below
  }
  const reply = id ? { id, code: 200, msg: "success" } : { id: "", code: 400, msg: "bad request" };
  return { topic: `${topic}/reply`, payload: JSON.stringify(reply) };
}
