/**
 * What the module's MQTT stack needs from the network, in two steps like the AT commands:
 * `open` is QMTOPEN (a TCP connection), `connect` on the link is QMTCONN (CONNECT/CONNACK).
 * Implemented over TCP with mqtt.js (mqtt-tcp.ts) and in memory (mqtt-fake.ts). Only plain
 * MQTT 3.1.1 features are used, so any broker works (aedes, Mosquitto, Aliyun itself).
 */

export interface MqttEndpoint {
  host: string;
  port: number;
  /** Over TLS (the client's SSL context): `ca` is the PEM the server must verify against, undefined to verify nothing. */
  tls?: { ca?: string };
}

export interface MqttConnectRequest {
  clientId: string;
  username?: string;
  password?: string;
  /** Seconds; 0 disables PINGREQ. */
  keepalive: number;
  clean: boolean;
  /** 3 = MQTT 3.1, 4 = 3.1.1. */
  version: 3 | 4;
  /** Give up waiting for CONNACK after this many ms (the module's pkt_timeout x tries). */
  timeoutMs: number;
}

export interface MqttSubscription {
  topic: string;
  qos: number;
}

export interface IncomingMessage {
  topic: string;
  payload: Uint8Array;
  qos: number;
  /** The PUBLISH packet id; 0 for QoS 0. */
  messageId: number;
}

/** Why a link went away without the module asking: `+QMTSTAT` reports it. */
export type LinkLoss = "peer-closed" | "ping-timeout";

export interface MqttLinkEvents {
  message(message: IncomingMessage): void;
  closed(reason: LinkLoss): void;
}

/** Why an open failed; the module maps it to a `+QMTOPEN` result ("tls": the handshake failed). */
export type OpenFailure = "dns" | "refused" | "network" | "tls";

export class MqttOpenError extends Error {
  constructor(readonly failure: OpenFailure, message: string) {
    super(message);
  }
}

export interface MqttLink {
  /** Resolves with the CONNACK return code (0 accepted); rejects if none arrives. */
  connect(request: MqttConnectRequest): Promise<number>;
  /** Resolves with the granted QoS of each filter (128 = refused). */
  subscribe(subscriptions: MqttSubscription[]): Promise<number[]>;
  unsubscribe(topics: string[]): Promise<void>;
  /** Resolves once sent (QoS 0) or acknowledged (QoS 1/2). */
  publish(topic: string, payload: Uint8Array, qos: number, retain: boolean): Promise<void>;
  /** DISCONNECT, then close. No `closed` event follows. */
  disconnect(): Promise<void>;
  /** Drop the connection now. No `closed` event follows. */
  destroy(): void;
}

export interface MqttTransport {
  /** Rejects with MqttOpenError. */
  open(endpoint: MqttEndpoint, events: MqttLinkEvents): Promise<MqttLink>;
}
