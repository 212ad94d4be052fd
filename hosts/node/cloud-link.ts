/**
 * The console's connection to the broker, kept up: a console client does not reconnect by
 * itself (that is the point of it in tests), but a demo must survive a broker restart. Sets
 * go out through here and their round trips are followed (round-trip.ts).
 */
import type { CloudConsole } from "../../sim/broker";
import type { Rig } from "./rig";
import { RoundTripTracker } from "./round-trip";

const RETRY_MS = 1000;

export class CloudLink {
  readonly tracker: RoundTripTracker;
  private console: CloudConsole | null = null;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;
  private nextId = Math.floor(Math.random() * 1e8);

  constructor(private readonly rig: Rig) {
    this.tracker = new RoundTripTracker(rig.device, (trip) => rig.emit({ type: "roundtrip", trip }), rig.time.scale);
    rig.events.on("event", (e) => {
      if (e.type === "relay" && e.source === "cloud") this.tracker.relay(e.value);
    });
  }

  get connected(): boolean {
    return this.console !== null;
  }

  /** First attempt; resolves either way (a failed attempt retries in the background). */
  async start(): Promise<void> {
    await this.connect();
  }

  /** Publish a property set like Aliyun's online debugging page; resolves with its id. */
  async setPowerSwitch(value: 0 | 1): Promise<string> {
    if (!this.console) throw new Error("the console is not connected to the broker");
    const id = String(this.nextId++);
    // Registered before publishing: the relay may switch before publish() resolves.
    this.tracker.sent(id, value);
    const { productKey, deviceName } = this.rig.device;
    await this.console.setProperty(productKey, deviceName, { PowerSwitch_1: value }, id);
    return id;
  }

  /** Set any writable property of the thing model (PowerSwitch_1's round trip is followed). */
  async setProperty(id: string, value: number): Promise<string> {
    if (id === "PowerSwitch_1") return this.setPowerSwitch(value === 1 ? 1 : 0);
    if (!this.console) throw new Error("the console is not connected to the broker");
    const requestId = String(this.nextId++);
    const { productKey, deviceName } = this.rig.device;
    await this.console.setProperty(productKey, deviceName, { [id]: value }, requestId);
    return requestId;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    try {
      const cloud = await this.rig.connectConsole();
      if (this.closed) return void (await cloud.close());
      this.console = cloud;
      this.tracker.attach(cloud);
      cloud.mqtt.once("close", () => this.lost());
      this.rig.emit({ type: "log", level: "info", message: "console connected to " + this.rig.brokerUrl });
    } catch (error) {
      this.rig.emit({ type: "log", level: "warn", message: "console: " + (error instanceof Error ? error.message : String(error)) });
      this.schedule();
    }
  }

  private lost(): void {
    this.console = null;
    this.schedule();
  }

  private schedule(): void {
    if (this.closed) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), RETRY_MS);
  }
}
