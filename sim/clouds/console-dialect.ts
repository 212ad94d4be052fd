/**
 * How "the cloud's console" talks to one device on each cloud: the topic and payload of a
 * property set, what to watch, and which received messages are posts and set replies. A
 * device is named by two strings, as the cloud names it: Aliyun (productKey, deviceName),
 * OneNET (productId, deviceName), Huawei ("", deviceId), plain MQTT (topic prefix, "").
 */
import { propertySetRequest } from "../aliyun/alink";
import { parseSysTopic, propertySetTopic, thingWildcard } from "../aliyun/topics";
import type { SimCloud } from "./rules";

export interface ConsoleMessage {
  kind: "post" | "setReply";
  productKey: string;
  deviceName: string;
  id: string;
  /** Posted properties (post), or the answer's code (setReply: 200 / 0 ok, per cloud). */
  params: Record<string, unknown>;
  code: number;
}

export interface ConsoleDialect {
  set(productKey: string, deviceName: string, params: Record<string, unknown>, id: string): { topic: string; payload: string };
  watch(productKey: string, deviceName: string): string[];
  read(topic: string, message: Record<string, unknown>): ConsoleMessage | undefined;
}

const obj = (v: unknown): Record<string, unknown> => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

const ALIYUN: ConsoleDialect = {
  set: (pk, dn, params, id) => ({ topic: propertySetTopic(pk, dn), payload: propertySetRequest(params, id) }),
  watch: (pk, dn) => [thingWildcard(pk, dn)],
  read(topic, m) {
    const sys = parseSysTopic(topic);
    if (!sys) return undefined;
    const who = { productKey: sys.productKey, deviceName: sys.deviceName, id: String(m.id ?? "") };
    if (sys.rest === "thing/event/property/post") return { kind: "post", ...who, params: obj(m.params), code: 0 };
    if (sys.rest === "thing/service/property/set_reply") return { kind: "setReply", ...who, params: {}, code: Number(m.code) };
    return undefined;
  },
};

/** OneJSON's post wraps each value: {"PowerSwitch_1":{"value":true}} is read as {"PowerSwitch_1":1}. */
function unwrap(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    const value = obj(v).value;
    out[k] = value === true ? 1 : value === false ? 0 : value;
  }
  return out;
}

const ONENET: ConsoleDialect = {
  set: (pid, dn, params, id) => ({
    topic: `$sys/${pid}/${dn}/thing/property/set`,
    payload: JSON.stringify({ id, version: "1.0", params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v === 1 ? true : v === 0 ? false : v])) }),
  }),
  watch: (pid, dn) => [`$sys/${pid}/${dn}/thing/property/post`, `$sys/${pid}/${dn}/thing/property/set_reply`],
  read(topic, m) {
    const t = /^\$sys\/([^/]+)\/([^/]+)\/thing\/property\/(post|set_reply)$/.exec(topic);
    if (!t) return undefined;
    const who = { productKey: t[1], deviceName: t[2], id: String(m.id ?? "") };
    return t[3] === "post" ? { kind: "post", ...who, params: unwrap(obj(m.params)), code: 0 } : { kind: "setReply", ...who, params: {}, code: Number(m.code) };
  },
};

const HUAWEI: ConsoleDialect = {
  set: (_pk, id, params, rid) => ({
    topic: `$oc/devices/${id}/sys/properties/set/request_id=${rid}`,
    payload: JSON.stringify({ object_device_id: id, services: [{ service_id: "Switch", properties: params }] }),
  }),
  watch: (_pk, id) => [`$oc/devices/${id}/sys/properties/report`, `$oc/devices/${id}/sys/properties/set/response/#`],
  read(topic, m) {
    const t = /^\$oc\/devices\/([^/]+)\/sys\/properties\/(report|set\/response\/request_id=(.+))$/.exec(topic);
    if (!t) return undefined;
    if (t[2] === "report") {
      const services = Array.isArray(m.services) ? (m.services as unknown[]) : [];
      return { kind: "post", productKey: "", deviceName: t[1], id: "", params: obj(obj(services[0]).properties), code: 0 };
    }
    // result_code 0 is success: reported as 200 so that a console reads every cloud alike.
    return { kind: "setReply", productKey: "", deviceName: t[1], id: t[3], params: {}, code: m.result_code === 0 ? 200 : Number(m.result_code) };
  },
};

const PLAIN: ConsoleDialect = {
  set: (prefix, _dn, params, id) => ({ topic: `${prefix}/set`, payload: JSON.stringify({ id, ...params }) }),
  watch: (prefix) => [`${prefix}/state`, `${prefix}/set/reply`],
  read(topic, m) {
    const t = /^(.+)\/(state|set\/reply)$/.exec(topic);
    if (!t) return undefined;
    if (t[2] === "state") return { kind: "post", productKey: t[1], deviceName: "", id: "", params: m, code: 0 };
    return { kind: "setReply", productKey: t[1], deviceName: "", id: String(m.id ?? ""), params: {}, code: Number(m.code) };
  },
};

export function consoleDialect(cloud: SimCloud): ConsoleDialect {
  return cloud === "onenet" ? ONENET : cloud === "huawei" ? HUAWEI : cloud === "mqtt" ? PLAIN : ALIYUN;
}
