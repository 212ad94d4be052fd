/**
 * Aliyun answers a QoS 0 SUBSCRIBE with granted QoS 1 (the seed shows `+QMTSUB: 0,1,0,1`
 * for qos 0) and supports QoS 0 and 1 only, so every device subscription is granted 1.
 * Messages still go out at the publisher's QoS when lower (the seed's set arrives as QoS 0).
 * aedes grants what was asked and offers no hook before it captures the granted
 * value, so the SUBSCRIBE packet is raised to QoS 1 as it leaves the client's MQTT parser,
 * before aedes handles it. That parser is aedes-private (`client._parser`): if a future aedes
 * drops it, this becomes a no-op and subscriptions are granted as requested (the broker test
 * "grants QoS 1 like Aliyun" would then fail and say so).
 */
import type { EventEmitter } from "node:events";

interface SubscribePacketLike {
  cmd: string;
  subscriptions?: { qos: number }[];
}

export function grantQos1(client: object, shouldRaise: () => boolean): void {
  const parser = (client as { _parser?: EventEmitter })._parser;
  parser?.prependListener("packet", (packet: SubscribePacketLike) => {
    if (packet.cmd !== "subscribe" || !shouldRaise()) return;
    for (const sub of packet.subscriptions ?? []) sub.qos = 1;
  });
}
