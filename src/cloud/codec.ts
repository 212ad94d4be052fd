import { scanId } from "./id-scan";
import { ALINK_ID_MAX } from "./ids";
import { JSON_MAX_CHARS, JSON_MAX_DEPTH, JsonObject, isJsonObject, nestsWithin, own, parseJsonObject } from "./json";
import { CURRENT_HUMIDITY, CURRENT_TEMPERATURE, POWER_SWITCH } from "./thing";

export const METHOD_PROPERTY_POST = "thing.event.property.post";
export const METHOD_PROPERTY_SET = "thing.service.property.set";

/**
 * Longest id accepted from the cloud. Ids are remembered to answer retries, so an unbounded
 * one would pin unbounded memory; real ids are at most 10 digits.
 */
export const ID_MAX_CHARS = 32;

/** Decimals posted for a float: one is below what these sensors can resolve. */
export const FLOAT_DECIMALS = 1;

/** Properties a post may carry; each is optional. */
export interface PropertyPost {
  PowerSwitch_1?: number;
  CurrentTemperature?: number;
  CurrentHumidity?: number;
}

export interface PostReply {
  id: string;
  code: number;
}

export type PropertySetRequest =
  | { ok: true; id: string; params: JsonObject }
  | { ok: false; id?: string; reason: string };

/**
 * `{"id":"123","version":"1.0","params":{...},"method":"thing.event.property.post"}`, or null
 * when there is nothing to post or a value cannot be represented: NaN and Infinity have no
 * JSON form, and the platform would refuse a switch state other than 0 or 1.
 */
export function encodePropertyPost(id: string, post: PropertyPost): string | null {
  return encodePropertyPostWith(id, post, "");
}

/** The same with `members`: more, already encoded, each starting with a comma (the timer properties). */
export function encodePropertyPostWith(id: string, post: PropertyPost, members: string): string | null {
  const power = post.PowerSwitch_1 === undefined ? "" : formatBool(post.PowerSwitch_1);
  const temperature = post.CurrentTemperature === undefined ? "" : formatFloat(post.CurrentTemperature, FLOAT_DECIMALS);
  const humidity = post.CurrentHumidity === undefined ? "" : formatFloat(post.CurrentHumidity, FLOAT_DECIMALS);
  if (power === null || temperature === null || humidity === null) return null;
  const params = member(POWER_SWITCH, power) + member(CURRENT_TEMPERATURE, temperature) + member(CURRENT_HUMIDITY, humidity) + members;
  if (params === "") return null;
  // slice(1): every member starts with a comma.
  return '{"id":' + JSON.stringify(id) + ',"version":"1.0","params":{' + params.slice(1) + '},"method":"' + METHOD_PROPERTY_POST + '"}';
}

function member(name: string, text: string): string {
  return text === "" ? "" : ',"' + name + '":' + text;
}

function formatBool(value: number): string | null {
  return value === 0 || value === 1 ? String(value) : null;
}

/**
 * A float that always carries a decimal point (23 is `23.0`): the platform types a number
 * by its JSON form, and an integer posted for a float property is refused. Null for NaN,
 * Infinity and magnitudes where toFixed() switches to exponent notation.
 */
export function formatFloat(value: number, decimals: number): string | null {
  if (typeof value !== "number" || !(Math.abs(value) < 1e15)) return null;
  // Stryker disable next-line EqualityOperator: at 1 both branches give 1
  const text = value.toFixed(decimals >= 1 ? decimals : 1);
  // -0.04 rounds to "-0.0"; the sign would only confuse a chart.
  return text.charAt(0) === "-" && Number(text) === 0 ? text.slice(1) : text;
}

/** id and code of a post_reply; null for anything without both. */
export function parsePostReply(payload: string): PostReply | null {
  const reply = parseJsonObject(payload);
  if (reply === null) return null;
  const id = readId(own(reply, "id"));
  const code = own(reply, "code");
  if (
    id === null ||
    // Stryker disable next-line ConditionalExpression: the typeof is for the type checker; Math.floor(x) !== x refuses every non-number too
    typeof code !== "number" ||
    Math.floor(code) !== code
  ) {
    return null;
  }
  return { id: id, code: code };
}

/**
 * A property set, checked for shape only (what the properties mean is the thing model's
 * business). A failure keeps the id when there was a usable one, so it can still be answered.
 */
export function parsePropertySet(payload: string): PropertySetRequest {
  const request = parseJsonObject(payload);
  if (request === null) return unparsed(payload);
  const id = readId(own(request, "id"));
  if (id === null) return { ok: false, reason: "missing or invalid id" };
  const method = own(request, "method");
  if (method !== undefined && method !== METHOD_PROPERTY_SET) return { ok: false, id: id, reason: "unexpected method" };
  const params = own(request, "params");
  if (!isJsonObject(params)) return { ok: false, id: id, reason: "params is not an object" };
  return { ok: true, id: id, params: params };
}

/**
 * A set the parser refused. One too large or too deep may still be a real set: its id is
 * found by a bounded scan, so that it is refused (460) instead of left unanswered. Text that
 * is merely broken is not scanned: whatever looked like an id in it could be anything.
 */
function unparsed(payload: string): PropertySetRequest {
  let reason = "";
  if (payload.length > JSON_MAX_CHARS) reason = "message over " + JSON_MAX_CHARS + " characters";
  else if (!nestsWithin(payload, JSON_MAX_DEPTH)) reason = "message nested over " + JSON_MAX_DEPTH + " deep";
  const id = reason === "" ? null : scanId(payload, ID_MAX_CHARS);
  if (id === null) return { ok: false, reason: "not a JSON object, or too large or deep" };
  return { ok: false, id: id, reason: reason };
}

/**
 * Ids are numeric strings, but the cloud's id is only echoed back, so any short string is
 * taken as is; a number is taken if it is a whole Alink id (larger ones lost digits in parsing).
 */
export function readId(value: unknown): string | null {
  if (typeof value === "string") return value.length > 0 && value.length <= ID_MAX_CHARS ? value : null;
  // Stryker disable next-line ConditionalExpression: for the type checker; Math.floor(x) === x holds for numbers only
  if (typeof value !== "number") return null;
  return value >= 0 && value <= ALINK_ID_MAX && Math.floor(value) === value ? String(value) : null;
}

/** `{"id":"<id>","code":200,"data":{}}`, with `"message"` when there is one to give. */
export function encodeSetReply(id: string, code: number, message?: string): string {
  const reply = '{"id":' + JSON.stringify(id) + ',"code":' + code + ',"data":{}';
  return message === undefined || message === "" ? reply + "}" : reply + ',"message":' + JSON.stringify(message) + "}";
}
