/**
 * "The cloud" for tests and the demo: an mqtt.js client that plays Aliyun's console
 * (online debugging): sends property sets and watches what a device posts and answers.
 * Plain MQTT 3.1.1, so it works against this repo's broker and against Mosquitto alike.
 */
import { connectAsync, type MqttClient } from "mqtt";
import { EventEmitter } from "node:events";
import { parseJsonObject } from "../aliyun/alink";
import { consoleDialect, type ConsoleDialect } from "../clouds/console-dialect";
import type { SimCloud } from "../clouds/rules";

export interface PropertyPost {
  productKey: string;
  deviceName: string;
  id: string;
  params: Record<string, unknown>;
  message: Record<string, unknown>;
}

export interface SetReply {
  productKey: string;
  deviceName: string;
  id: string;
  code: number;
  message: Record<string, unknown>;
}

export interface ConsoleEvents {
  propertyPost: [post: PropertyPost];
  setReply: [reply: SetReply];
  /** Every message the console receives, raw. */
  message: [topic: string, payload: Buffer];
}

export interface ConsoleOptions {
  username?: string;
  password?: string;
  clientId?: string;
  /** Milliseconds to wait for CONNACK (default 5000). */
  connectTimeout?: number;
  /** Whose console (default aliyun): topics and payloads of sets, posts and replies. */
  cloud?: SimCloud;
}

export interface CloudConsole {
  readonly events: EventEmitter<ConsoleEvents>;
  readonly mqtt: MqttClient;
  /** Publishes thing.service.property.set; resolves with the request id once sent. */
  setProperty(productKey: string, deviceName: string, params: Record<string, unknown>, id?: string): Promise<string>;
  /** Subscribes `/sys/<pk>/<dn>/thing/#` so posts and set replies become events. */
  watch(productKey: string, deviceName: string): Promise<void>;
  publish(topic: string, payload: string | Uint8Array, qos?: 0 | 1): Promise<void>;
  /** Resolves with the first event of `name` matching `accept`; rejects after timeoutMs. */
  waitFor<K extends keyof ConsoleEvents>(name: K, accept: (...args: ConsoleEvents[K]) => boolean, timeoutMs?: number): Promise<ConsoleEvents[K]>;
  close(): Promise<void>;
}

export async function connectConsole(url: string, options: ConsoleOptions = {}): Promise<CloudConsole> {
  const client = await connectAsync(url, {
    protocolVersion: 4,
    clientId: options.clientId ?? `console-${process.pid}-${Math.floor(Math.random() * 1e9)}`,
    username: options.username,
    password: options.password,
    reconnectPeriod: 0,
    connectTimeout: options.connectTimeout ?? 5000,
  });
  return new MqttConsole(client, consoleDialect(options.cloud ?? "aliyun"));
}

class MqttConsole implements CloudConsole {
  readonly events = new EventEmitter<ConsoleEvents>();
  // Aliyun ids are numeric strings, unique per device per day.
  private nextId = Math.floor(Math.random() * 1e9);

  constructor(
    readonly mqtt: MqttClient,
    private readonly dialect: ConsoleDialect,
  ) {
    mqtt.on("message", (topic, payload) => this.dispatch(topic, payload));
  }

  async setProperty(productKey: string, deviceName: string, params: Record<string, unknown>, id = String(this.nextId++)): Promise<string> {
    const set = this.dialect.set(productKey, deviceName, params, id);
    await this.publish(set.topic, set.payload);
    return id;
  }

  async watch(productKey: string, deviceName: string): Promise<void> {
    await this.mqtt.subscribeAsync(this.dialect.watch(productKey, deviceName), { qos: 0 });
  }

  async publish(topic: string, payload: string | Uint8Array, qos: 0 | 1 = 0): Promise<void> {
    await this.mqtt.publishAsync(topic, typeof payload === "string" ? payload : Buffer.from(payload), { qos });
  }

  waitFor<K extends keyof ConsoleEvents>(name: K, accept: (...args: ConsoleEvents[K]) => boolean, timeoutMs = 5000): Promise<ConsoleEvents[K]> {
    return waitForEvent(this.events, name, accept, timeoutMs);
  }

  async close(): Promise<void> {
    await this.mqtt.endAsync(true);
  }

  private dispatch(topic: string, payload: Buffer): void {
    this.events.emit("message", topic, payload);
    const message = parseJsonObject(payload);
    const read = message && this.dialect.read(topic, message);
    if (!message || !read) return;
    const who = { productKey: read.productKey, deviceName: read.deviceName, id: read.id, message };
    if (read.kind === "post") this.events.emit("propertyPost", { ...who, params: read.params });
    else this.events.emit("setReply", { ...who, code: read.code });
  }
}

/** One-shot typed wait on an emitter, bounded by a timeout that is always cleared. */
export function waitForEvent<E extends Record<keyof E, unknown[]>, K extends keyof E & string>(
  emitter: EventEmitter<E>,
  name: K,
  accept: (...args: E[K]) => boolean,
  timeoutMs: number,
): Promise<E[K]> {
  const target = emitter as unknown as EventEmitter;
  return new Promise((resolve, reject) => {
    const listener = (...args: unknown[]): void => {
      if (!accept(...(args as E[K]))) return;
      finish();
      resolve(args as E[K]);
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${name}`));
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      target.off(name, listener);
    };
    target.on(name, listener);
  });
}
