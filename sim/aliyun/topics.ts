/**
 * Aliyun per-device topic names, and which topics a device owns. A device may only use its
 * own topics; the broker enforces that like the cloud's topic permissions.
 */

export const sysPrefix = (pk: string, dn: string): string => `/sys/${pk}/${dn}/`;

export const propertyPostTopic = (pk: string, dn: string): string => `${sysPrefix(pk, dn)}thing/event/property/post`;
export const propertyPostReplyTopic = (pk: string, dn: string): string => `${propertyPostTopic(pk, dn)}_reply`;
export const propertySetTopic = (pk: string, dn: string): string => `${sysPrefix(pk, dn)}thing/service/property/set`;
export const propertySetReplyTopic = (pk: string, dn: string): string => `${propertySetTopic(pk, dn)}_reply`;
/** Everything a console watches for one device: posts, replies, events. */
export const thingWildcard = (pk: string, dn: string): string => `${sysPrefix(pk, dn)}thing/#`;
export const ntpRequestTopic = (pk: string, dn: string): string => `/ext/ntp/${pk}/${dn}/request`;
export const ntpResponseTopic = (pk: string, dn: string): string => `/ext/ntp/${pk}/${dn}/response`;

/**
 * Prefixes that belong to the device: system topics, NTP, custom `/pk/dn/user/...` topics,
 * and a gateway's sub-device sessions (`/ext/session/pk/dn/combine/login`, batch_login...).
 */
function ownPrefixes(pk: string, dn: string): string[] {
  return [sysPrefix(pk, dn), `/ext/ntp/${pk}/${dn}/`, `/${pk}/${dn}/user/`, `/ext/session/${pk}/${dn}/`];
}

/** Device shadow: the device publishes `/shadow/update/pk/dn`, the cloud answers on `/shadow/get/pk/dn`. */
function isOwnShadowTopic(topic: string, pk: string, dn: string): boolean {
  return topic === `/shadow/update/${pk}/${dn}` || topic === `/shadow/get/${pk}/${dn}`;
}

/**
 * RRPC on a custom topic: the device subscribes `/ext/rrpc/+/<topic>` and answers on
 * `/ext/rrpc/<messageId>/<topic>`, where <topic> is one of its own custom topics. Aliyun's
 * examples write <topic> with and without its leading slash, so both are taken. The `+` in
 * the message id level is the one wildcard allowed before the device part.
 */
function isOwnRrpcTopic(topic: string, pk: string, dn: string): boolean {
  const m = /^\/ext\/rrpc\/([^/#]+)\/\/?(.*)$/.exec(topic);
  return m !== null && (m[1] === "+" || m[1].indexOf("+") < 0) && m[2].startsWith(`${pk}/${dn}/user/`);
}

/** `/ota/device/<kind>/<pk>/<dn>`: the device part comes last in OTA topics. */
function isOwnOtaTopic(topic: string, pk: string, dn: string): boolean {
  const levels = topic.split("/");
  return levels.length === 6 && levels[1] === "ota" && levels[2] === "device" && levels[4] === pk && levels[5] === dn;
}

/**
 * True when `topic` (a topic name or a subscription filter) stays inside the device's own
 * space. Wildcards are only allowed after the device part, so `/sys/+/dn/#` is refused.
 */
export function isDeviceOwnTopic(topic: string, pk: string, dn: string): boolean {
  if (ownPrefixes(pk, dn).some((p) => topic.startsWith(p))) return true;
  return isOwnOtaTopic(topic, pk, dn) || isOwnShadowTopic(topic, pk, dn) || isOwnRrpcTopic(topic, pk, dn);
}

/**
 * What Aliyun subscribes for a device that logs in with `_ss=1` in its clientId (its C Link
 * SDK 3.1+/4.x and Python LinkKit do, and then never subscribe these themselves). From
 * Aliyun's "auto-subscribed topics" list (thing-model and sub-device part as far as it could
 * be read); `/shadow/get` is inferred from LinkKit, whose thing_get_shadow waits for its
 * answer there without subscribing. UNCONFIRMED: the rest of that list (OTA, remote config,
 * NTP answers) is not subscribed here.
 */
export function autoSubscribedTopics(pk: string, dn: string): string[] {
  const sys = sysPrefix(pk, dn);
  const rests = [
    "thing/model/down_raw",
    "thing/model/up_raw_reply",
    "thing/event/+/post_reply",
    "thing/deviceinfo/update_reply",
    "thing/deviceinfo/delete_reply",
    "thing/dynamicTsl/get_reply",
    "rrpc/request/+",
    "thing/service/property/set",
    "thing/event/property/history/post_reply",
    "thing/service/+",
    "thing/topo/change",
    "thing/sub/register_reply",
  ];
  return rests.map((rest) => sys + rest).concat([`/shadow/get/${pk}/${dn}`]);
}

/** Splits `/sys/<pk>/<dn>/<rest>`; undefined for other topics. */
export function parseSysTopic(topic: string): { productKey: string; deviceName: string; rest: string } | undefined {
  const m = /^\/sys\/([^/]+)\/([^/]+)\/(.+)$/.exec(topic);
  return m ? { productKey: m[1], deviceName: m[2], rest: m[3] } : undefined;
}
