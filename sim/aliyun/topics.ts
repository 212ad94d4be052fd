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

/** Prefixes that belong to the device: system topics, NTP, custom `/pk/dn/user/...` topics. */
function ownPrefixes(pk: string, dn: string): string[] {
  return [sysPrefix(pk, dn), `/ext/ntp/${pk}/${dn}/`, `/${pk}/${dn}/user/`];
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
  return ownPrefixes(pk, dn).some((p) => topic.startsWith(p)) || isOwnOtaTopic(topic, pk, dn);
}

/** Splits `/sys/<pk>/<dn>/<rest>`; undefined for other topics. */
export function parseSysTopic(topic: string): { productKey: string; deviceName: string; rest: string } | undefined {
  const m = /^\/sys\/([^/]+)\/([^/]+)\/(.+)$/.exec(topic);
  return m ? { productKey: m[1], deviceName: m[2], rest: m[3] } : undefined;
}
