/**
 * MqttTransport over real TCP: QMTOPEN opens the socket, QMTCONN hands that same socket to
 * an mqtt.js client (reconnect off: reconnecting is the host's job, via AT commands).
 * Works with any MQTT 3.1.1 broker. mqtt.js keeps its own keep-alive on real time.
 */
import { MqttClient, type IClientOptions, type ISubscriptionMap } from "mqtt";
import { createConnection, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import {
  MqttOpenError,
  type LinkLoss,
  type MqttConnectRequest,
  type MqttEndpoint,
  type MqttLink,
  type MqttLinkEvents,
  type MqttSubscription,
  type MqttTransport,
  type OpenFailure,
} from "./mqtt-transport";

export interface TcpTransportOptions {
  /** Where the module's host:port really is, e.g. the Aliyun endpoint -> 127.0.0.1:<port>. */
  resolve?: (endpoint: MqttEndpoint) => MqttEndpoint;
  /** Real ms before an unanswered TCP connect counts as failed (default 10000). */
  openTimeoutMs?: number;
}

export function tcpMqttTransport(options: TcpTransportOptions = {}): MqttTransport {
  return {
    open: (endpoint, events) => {
      const to = { ...(options.resolve?.(endpoint) ?? endpoint), tls: endpoint.tls };
      const timeoutMs = options.openTimeoutMs ?? 10000;
      return (to.tls ? openTls(to, timeoutMs) : openSocket(to, timeoutMs)).then((s) => new TcpLink(s, events));
    },
  };
}

/**
 * TLS as the module's SSL stack does it: the server's chain must verify against the CA the
 * SSL context names (none: anything goes). The host name is not checked (the modules check
 * the chain; the routed address is not the name the firmware dialled).
 */
function openTls(endpoint: MqttEndpoint, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const ca = endpoint.tls?.ca;
    const socket = tlsConnect({ host: endpoint.host, port: endpoint.port, ca, rejectUnauthorized: ca !== undefined, checkServerIdentity: () => undefined });
    socket.setNoDelay(true);
    const timer = setTimeout(() => socket.destroy(Object.assign(new Error("connect timeout"), { code: "ETIMEDOUT" })), timeoutMs);
    let connected = false;
    socket.once("connect", () => (connected = true));
    socket.once("secureConnect", () => {
      clearTimeout(timer);
      socket.removeAllListeners("error");
      resolve(socket);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      // A refused or unreachable server fails before the handshake; a certificate during it.
      reject(new MqttOpenError(connected ? "tls" : failureOf(error), error.message));
    });
  });
}

function failureOf(error: NodeJS.ErrnoException): OpenFailure {
  if (error.code === "ENOTFOUND" || error.code === "EAI_AGAIN") return "dns";
  return error.code === "ECONNREFUSED" ? "refused" : "network";
}

function openSocket(endpoint: MqttEndpoint, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    // MQTT packets are small: without noDelay each waits for the peer's delayed ACK (~40 ms).
    const socket = createConnection({ host: endpoint.host, port: endpoint.port, noDelay: true });
    const timer = setTimeout(() => socket.destroy(Object.assign(new Error("connect timeout"), { code: "ETIMEDOUT" })), timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.removeAllListeners("error");
      resolve(socket);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new MqttOpenError(failureOf(error), error.message));
    });
  });
}

class TcpLink implements MqttLink {
  private client?: MqttClient;
  private ended = false;
  private loss: LinkLoss = "peer-closed";

  constructor(
    private readonly socket: Socket,
    private readonly events: MqttLinkEvents,
  ) {
    // Errors surface as "close"; without a listener they would be thrown.
    socket.on("error", () => undefined);
    socket.once("close", () => this.lost());
  }

  connect(request: MqttConnectRequest): Promise<number> {
    return new Promise((resolve, reject) => {
      const client = new MqttClient(() => this.socket, clientOptions(request));
      this.client = client;
      client.once("connect", () => resolve(0));
      client.on("error", (error) => this.onError(error, resolve));
      client.once("close", () => reject(new Error("closed before CONNACK")));
      client.on("message", (topic, payload, packet) =>
        this.events.message({ topic, payload: new Uint8Array(payload), qos: packet.qos, messageId: packet.messageId ?? 0 }),
      );
    });
  }

  private onError(error: Error & { code?: unknown }, connack: (code: number) => void): void {
    if (error.message === "Keepalive timeout") this.loss = "ping-timeout";
    // A refused CONNACK arrives as an error carrying the return code.
    if (typeof error.code === "number") connack(error.code);
  }

  async subscribe(subscriptions: MqttSubscription[]): Promise<number[]> {
    const map: ISubscriptionMap = {};
    for (const s of subscriptions) map[s.topic] = { qos: s.qos as 0 | 1 | 2 };
    try {
      const granted = await this.mqtt().subscribeAsync(map);
      return granted.map((g) => g.qos);
    } catch (error) {
      // mqtt.js rejects when any filter was refused; the SUBACK is still on the error.
      const granted = (error as { packet?: { granted?: number[] } }).packet?.granted;
      if (granted) return granted;
      throw error;
    }
  }

  async unsubscribe(topics: string[]): Promise<void> {
    await this.mqtt().unsubscribeAsync(topics);
  }

  async publish(topic: string, payload: Uint8Array, qos: number, retain: boolean): Promise<void> {
    await this.mqtt().publishAsync(topic, Buffer.from(payload), { qos: qos as 0 | 1 | 2, retain });
  }

  async disconnect(): Promise<void> {
    this.ended = true;
    await this.client?.endAsync(false);
    this.socket.destroy();
  }

  destroy(): void {
    this.ended = true;
    this.client?.end(true);
    this.socket.destroy();
  }

  private mqtt(): MqttClient {
    if (!this.client) throw new Error("not connected");
    return this.client;
  }

  private lost(): void {
    if (this.ended) return;
    this.ended = true;
    this.client?.end(true);
    this.events.closed(this.loss);
  }
}

function clientOptions(request: MqttConnectRequest): IClientOptions {
  return {
    clientId: request.clientId,
    username: request.username,
    password: request.password,
    keepalive: request.keepalive,
    clean: request.clean,
    protocolVersion: request.version,
    protocolId: request.version === 3 ? "MQIsdp" : "MQTT",
    reconnectPeriod: 0,
    connectTimeout: request.timeoutMs,
    resubscribe: false,
  };
}
