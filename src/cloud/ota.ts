import { isJsonObject, JsonObject, own, parseJsonObjectUpTo } from "./json";

/** An upgrade offer is mostly its signed OSS URL; Aliyun's are a few hundred characters. */
export const OTA_MAX_CHARS = 3072;
/** QHTTPURL's limit. */
export const OTA_MAX_URL = 2048;
/** Aliyun's limit on a package version (1-64 characters). */
const VERSION_MAX = 64;

/**
 * Aliyun's OTA progress steps: 1-100 is progress, these are failures (its OTA progress API:
 * -1 upgrade failed, -2 download failed, -3 verification failed, -4 burning failed).
 */
export const OTA_UPGRADE_FAILED = -1;
export const OTA_DOWNLOAD_FAILED = -2;
export const OTA_VERIFY_FAILED = -3;
export const OTA_WRITE_FAILED = -4;

/** A firmware offer from `/ota/device/upgrade/<pk>/<dn>` (HTTPS download, one file). */
export interface OtaOffer {
  url: string;
  size: number;
  version: string;
  /** "md5" or "sha256" (lower case). */
  signMethod: string;
  /** The image's digest, lower-case hex. */
  sign: string;
}

/** An offer, or why it cannot be taken. */
export type OtaOfferResult = { ok: true; offer: OtaOffer } | { ok: false; reason: string };

/**
 * Aliyun's OTA topics for one device (its OTA guide: the device reports its version on
 * `inform`, is offered a package on `upgrade`, and reports progress on `progress`).
 */
export class OtaTopics {
  readonly inform: string;
  readonly upgrade: string;
  readonly progress: string;

  constructor(productKey: string, deviceName: string) {
    const tail = "/" + productKey + "/" + deviceName;
    this.inform = "/ota/device/inform" + tail;
    this.upgrade = "/ota/device/upgrade" + tail;
    this.progress = "/ota/device/progress" + tail;
  }
}

/** `{"id":"<id>","params":{"version":"<version>"}}` */
export function encodeOtaInform(id: string, version: string): string {
  return '{"id":' + JSON.stringify(id) + ',"params":{"version":' + JSON.stringify(version) + "}}";
}

/** `{"id":"<id>","params":{"step":"<step>","desc":"<desc>"}}`: step 1-100, or a failure (OTA_*_FAILED). */
export function encodeOtaProgress(id: string, step: number, desc: string): string {
  return '{"id":' + JSON.stringify(id) + ',"params":{"step":"' + step + '","desc":' + JSON.stringify(desc) + "}}";
}

/**
 * Read an upgrade message: `{"code":"1000","data":{"size":...,"version":...,"url":...,
 * "signMethod":"Md5"|"SHA256","sign":...,"md5":...},"id":...,"message":"success"}` (without a
 * signMethod, MD5, Aliyun's default; the digest in `sign`, or in `md5` alone). Anything
 * missing, of the wrong type or out of range is refused with the reason; nothing throws.
 */
export function parseOtaOffer(payload: string): OtaOfferResult {
  const message = parseJsonObjectUpTo(payload, OTA_MAX_CHARS);
  if (message === null) return refused("not a JSON object of at most " + OTA_MAX_CHARS + " characters");
  const data = own(message, "data");
  if (!isJsonObject(data)) return refused("no data object");
  return readOffer(data);
}

function readOffer(data: JsonObject): OtaOfferResult {
  const url = own(data, "url");
  const size = own(data, "size");
  const version = own(data, "version");
  if (typeof url !== "string" || !plainUrl(url)) return refused("no http(s) url of at most " + OTA_MAX_URL + " printable characters (an MQTT-streamed package is not supported)");
  if (!wholePositive(size)) return refused("no positive whole size");
  if (typeof version !== "string" || !plainVersion(version)) return refused("no version of 1-" + VERSION_MAX + " letters, digits, '.', '-' or '_'");
  // Stryker disable next-line StringLiteral: readDigest sets both before the offer is returned, or refuses it
  return readDigest(data, { url: url, size: size as number, version: version, signMethod: "", sign: "" });
}

function readDigest(data: JsonObject, offer: OtaOffer): OtaOfferResult {
  const given = own(data, "signMethod");
  // MD5 is Aliyun's default signMethod: an offer without one is MD5.
  const method = given === undefined ? "md5" : methodOf(given);
  if (method === "") return refused("signMethod is not Md5 or SHA256");
  // Older offers carry only `md5` (and no signMethod).
  const sign = own(data, "sign") ?? (method === "md5" ? own(data, "md5") : undefined);
  if (typeof sign !== "string" || !isHex(sign, method === "md5" ? 32 : 64)) return refused("sign is not a " + method + " digest in hex");
  offer.signMethod = method;
  offer.sign = sign.toLowerCase();
  return { ok: true, offer: offer };
}

function wholePositive(value: unknown): value is number {
  // Stryker disable next-line ConditionalExpression: no JSON value but a number is > 0 and its own Math.floor (true is 1, "5" is not "5" floored)
  return typeof value === "number" && value > 0 && Math.floor(value) === value;
}

function refused(reason: string): OtaOfferResult {
  return { ok: false, reason: reason };
}

/** Aliyun writes "Md5", "MD5" or "SHA256". */
function methodOf(value: unknown): string {
  if (typeof value !== "string") return "";
  const m = value.toLowerCase();
  return m === "md5" || m === "sha256" ? m : "";
}

function plainUrl(url: string): boolean {
  if (url.length > OTA_MAX_URL) return false;
  const scheme = url.slice(0, 8).toLowerCase();
  if (scheme !== "https://" && scheme.slice(0, 7) !== "http://") return false;
  // Stryker disable next-line EqualityOperator: one more turn reads NaN, which passes both checks
  for (let i = 0; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c <= 32 || c >= 127) return false;
  }
  return true;
}

/**
 * Aliyun's package version rule (1-64 letters, digits, '.', '-', '_'): the version is logged
 * and shown on the console, so a line end or a quote must not get through.
 */
function plainVersion(version: string): boolean {
  if (version.length === 0 || version.length > VERSION_MAX) return false;
  for (let i = 0; i < version.length; i++) {
    if (!versionChar(version.charCodeAt(i))) return false;
  }
  return true;
}

function versionChar(c: number): boolean {
  const lower = c | 32;
  return (c >= 48 && c <= 57) || (lower >= 97 && lower <= 122) || c === 46 || c === 45 || c === 95;
}

function isHex(text: string, length: number): boolean {
  if (text.length !== length) return false;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i) | 32;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}
