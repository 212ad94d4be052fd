/**
 * What the embedded broker checks, per cloud: which device a CONNECT names, whether its
 * credentials are that device's (as the real cloud computes them), which topics it may use,
 * and what the cloud answers by itself. Devices are registered as triples for every cloud:
 * OneNET (productId, deviceName, device key), Huawei ("", deviceId, secret), plain MQTT
 * ("", username, password).
 */
import type { DeviceTriple } from "../aliyun/sign";
import { isDeviceOwnTopic } from "../aliyun/topics";
import { parseUsername, verifyDeviceLogin, type DeviceLogin, type DeviceLookup, type LoginVerdict } from "../aliyun/verify";
import { cloudAnswer, type CloudMessage } from "../broker/responder";
import { verifyHuaweiLogin } from "./huawei";
import { onenetAnswer, verifyOneNetLogin } from "./onenet";
import { verifyPlainLogin } from "./plain";

export type SimCloud = "aliyun" | "onenet" | "huawei" | "mqtt";
export const SIM_CLOUDS: SimCloud[] = ["aliyun", "onenet", "huawei", "mqtt"];

export interface CloudRules {
  readonly name: SimCloud;
  /** The device a CONNECT claims to be (before it is verified), for one session per device. */
  deviceOf(clientId: string, username: string): { productKey: string; deviceName: string } | undefined;
  verify(login: DeviceLogin, lookup: DeviceLookup, nowMs: number): LoginVerdict;
  mayUse(device: DeviceTriple, topic: string): boolean;
  answer(topic: string, payload: Uint8Array, nowMs: number): CloudMessage | undefined;
}

const ALIYUN: CloudRules = {
  name: "aliyun",
  deviceOf: (_clientId, username) => parseUsername(username),
  verify: (login, lookup) => verifyDeviceLogin(login, lookup),
  mayUse: (d, topic) => isDeviceOwnTopic(topic, d.productKey, d.deviceName),
  answer: cloudAnswer,
};

const ONENET: CloudRules = {
  name: "onenet",
  deviceOf: (clientId, username) => (clientId && username ? { productKey: username, deviceName: clientId } : undefined),
  verify: verifyOneNetLogin,
  // A device is confined to its own `$sys/<pid>/<dn>/` topics.
  mayUse: (d, topic) => topic.startsWith(`$sys/${d.productKey}/${d.deviceName}/`),
  answer: (topic, payload) => onenetAnswer(topic, payload),
};

const HUAWEI: CloudRules = {
  name: "huawei",
  deviceOf: (_clientId, username) => (username ? { productKey: "", deviceName: username } : undefined),
  verify: verifyHuaweiLogin,
  mayUse: (d, topic) => topic.startsWith(`$oc/devices/${d.deviceName}/`),
  answer: () => undefined,
};

// Mosquitto without an ACL file: any topic but the broker's own `$` ones.
const PLAIN: CloudRules = {
  name: "mqtt",
  deviceOf: (_clientId, username) => (username ? { productKey: "", deviceName: username } : undefined),
  verify: (login, lookup) => verifyPlainLogin(login, lookup),
  mayUse: (_d, topic) => !topic.startsWith("$"),
  answer: () => undefined,
};

export function cloudRules(name: SimCloud): CloudRules {
  return name === "onenet" ? ONENET : name === "huawei" ? HUAWEI : name === "mqtt" ? PLAIN : ALIYUN;
}
