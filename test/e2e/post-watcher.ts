/**
 * A broker-side observer of the device's property posts that reconnects by itself (every
 * 50 ms), so it is back before the device after a broker restart and sees the re-post.
 */
import { connect, type MqttClient } from "mqtt";
import { EventEmitter } from "node:events";
import { parseJsonObject, propertyPostTopic } from "../../sim/aliyun";
import { waitForEvent, type ConsoleCredentials } from "../../sim/broker";

type Params = Record<string, unknown>;

export class PostWatcher {
  private readonly events = new EventEmitter<{ post: [params: Params] }>();

  private constructor(private readonly client: MqttClient) {
    client.on("message", (_topic, payload) => {
      const params = parseJsonObject(payload)?.params;
      if (params && typeof params === "object") this.events.emit("post", params as Params);
    });
  }

  static async start(url: string, device: { productKey: string; deviceName: string }, login?: ConsoleCredentials): Promise<PostWatcher> {
    const client = connect(url, { ...login, protocolVersion: 4, reconnectPeriod: 50, connectTimeout: 2000, clientId: `watcher-${process.pid}` });
    await new Promise<void>((resolve, reject) => {
      client.once("connect", () => resolve());
      client.once("error", reject);
    });
    client.on("error", () => undefined);
    await client.subscribeAsync(propertyPostTopic(device.productKey, device.deviceName), { qos: 0 });
    return new PostWatcher(client);
  }

  /** The next post (from now on) whose params `accept` takes. */
  async next(accept: (params: Params) => boolean, timeoutMs: number): Promise<Params> {
    const [params] = await waitForEvent(this.events, "post", accept, timeoutMs);
    return params;
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}
