/**
 * The console side of a soak, written like a careful cloud application: one property set at
 * a time, a fresh id for each, and the SAME id sent again whenever no set_reply with that id
 * comes within the retry time. Its console connection dies with the broker (a console client
 * does not reconnect by itself), so it reconnects on the next attempt.
 */
import { EventEmitter } from "node:events";
import type { Rig } from "../../hosts/node/rig";
import { waitForEvent, type CloudConsole, type SetReply } from "../../sim/broker";

export interface CommandOutcome {
  id: string;
  /** Sends of this id (1 = answered the first time). */
  attempts: number;
  code: number;
}

export class CommandLost extends Error {}

export class CarefulCloud {
  /** Every send after the first, over all commands. */
  retries = 0;
  reconnects = 0;
  private console: CloudConsole | null = null;
  private connecting: Promise<CloudConsole> | null = null;
  private readonly replies = new EventEmitter<{ reply: [reply: SetReply] }>();
  private nextId = 7_000_000;

  /** `retryMs`: real ms to wait for a set_reply before sending the same id again. */
  constructor(
    private readonly rig: Rig,
    private readonly retryMs: number,
    private readonly maxAttempts: number,
  ) {}

  freshId(): string {
    return String(this.nextId++);
  }

  /** Send `PowerSwitch_1 = value` as `id` until a set_reply with that id comes back. */
  async command(id: string, value: 0 | 1): Promise<CommandOutcome> {
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      if (attempt > 1) this.retries++;
      // Listening before sending: on loopback the reply can beat publish()'s promise.
      const reply = waitForEvent(this.replies, "reply", (r) => r.id === id, this.retryMs);
      // Not awaited: a publish on a console whose socket just died can stay pending for good
      // (mqtt.js queues it for a reconnect that never comes); the reply wait bounds the attempt.
      void this.send(id, value);
      const answer = await reply.then(
        ([r]) => r,
        () => null,
      );
      if (answer) return { id, attempts: attempt, code: answer.code };
    }
    throw new CommandLost(`set ${id} (PowerSwitch_1=${value}): no set_reply after ${this.maxAttempts} sends`);
  }

  async close(): Promise<void> {
    await this.console?.close().catch(() => undefined);
    this.console = null;
  }

  // A failed send is not an error here: the reply wait times out and paces the retry.
  private async send(id: string, value: 0 | 1): Promise<void> {
    try {
      const cloud = this.console ?? (await this.connection());
      await cloud.setProperty(this.rig.device.productKey, this.rig.device.deviceName, { PowerSwitch_1: value }, id);
    } catch {
      // The broker is down or restarting.
    }
  }

  /** One connect at a time, however many attempts time out while it is under way. */
  private connection(): Promise<CloudConsole> {
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<CloudConsole> {
    const cloud = await this.rig.connectConsole();
    this.reconnects++;
    // A socket error must not become an unhandled 'error' event; the close says enough.
    cloud.mqtt.on("error", () => undefined);
    cloud.mqtt.once("close", () => {
      if (this.console === cloud) this.console = null;
    });
    cloud.events.on("setReply", (r) => this.replies.emit("reply", r));
    this.console = cloud;
    return cloud;
  }
}
