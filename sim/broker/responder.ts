/**
 * The cloud's automatic answers to device uplinks: property/event post replies and NTP.
 * Pure: (topic, payload, now) -> the message the cloud sends back, or nothing.
 *
 * Unparsable JSON (or no string id) on a post topic gets code 460 "request parameter error"
 * with an empty id: the device cannot match it, which is the point of a bad request.
 * `"sys":{"ack":0}` asks for no reply and gets none.
 */
import { parseAlinkRequest, parseJsonObject, postReply } from "../aliyun/alink";
import { parseSysTopic } from "../aliyun/topics";

export interface CloudMessage {
  topic: string;
  payload: string;
}

const POST_REST = /^thing\/event\/([^/]+)\/post$/;

export function cloudAnswer(topic: string, payload: Uint8Array, now: number): CloudMessage | undefined {
  return postAnswer(topic, payload) ?? ntpAnswer(topic, payload, now);
}

function postAnswer(topic: string, payload: Uint8Array): CloudMessage | undefined {
  const sys = parseSysTopic(topic);
  const event = sys && POST_REST.exec(sys.rest);
  if (!event) return undefined;
  const method = `thing.event.${event[1]}.post`;
  const request = parseAlinkRequest(payload);
  if (request?.sys?.ack === 0) return undefined;
  const body = request ? postReply(request.id, 200, request.method ?? method) : postReply("", 460, method);
  return { topic: `${topic}_reply`, payload: body };
}

function ntpAnswer(topic: string, payload: Uint8Array, now: number): CloudMessage | undefined {
  const m = /^\/ext\/ntp\/([^/]+)\/([^/]+)\/request$/.exec(topic);
  const request = m && parseJsonObject(payload);
  if (!m || !request) return undefined;
  const stamp = String(now);
  const body = { deviceSendTime: String(request.deviceSendTime ?? ""), serverRecvTime: stamp, serverSendTime: stamp };
  return { topic: `/ext/ntp/${m[1]}/${m[2]}/response`, payload: JSON.stringify(body) };
}
