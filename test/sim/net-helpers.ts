/** Bounded waits for network tests: every wait rejects instead of hanging the run. */
import type { MqttClient } from "mqtt";

export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function nextMessage(client: MqttClient, topic: string, ms = 2000): Promise<Buffer> {
  return within(
    new Promise<Buffer>((resolve) => {
      const listener = (t: string, payload: Buffer): void => {
        if (t !== topic) return;
        client.off("message", listener);
        resolve(payload);
      };
      client.on("message", listener);
    }),
    ms,
    `message on ${topic}`,
  );
}

export function closed(client: MqttClient, ms = 2000): Promise<void> {
  if (client.disconnected) return Promise.resolve();
  return within(new Promise<void>((resolve) => client.once("close", () => resolve())), ms, "client close");
}
