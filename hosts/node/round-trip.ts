/**
 * A property set's round trip as the cloud and the device see it:
 *
 *   set (console publishes) -> relay (the firmware switches) -> set_reply -> property post
 *
 * Each stage is stamped in real ms after the set, on one clock (everything runs in this
 * process), so the latencies add up. A set from any MQTT client on the device's set topic is
 * tracked, not only the web console's: the console watches `thing/#` and sees it too.
 */
import type { CloudConsole, PropertyPost, SetReply } from "../../sim/broker";
import { parseJsonObject, parseSysTopic } from "../../sim/aliyun";

export interface RoundTrip {
  id: string;
  /** The PowerSwitch_1 value asked for. */
  value: 0 | 1;
  /** Real ms after the set at which the relay switched; null if it was already there. */
  relayMs: number | null | undefined;
  replyMs?: number;
  replyCode?: number;
  /** Real ms after the set at which the device posted the new state. */
  postMs?: number;
  done: boolean;
  /** Time scale of the rig, to express the latencies in simulated ms too. */
  scale: number;
}

export interface DeviceName {
  productKey: string;
  deviceName: string;
}

const KEEP = 16;

/** PowerSwitch_1 of a property set request, if it carries a valid one. */
function powerSwitchOf(message: Record<string, unknown> | undefined): 0 | 1 | undefined {
  const params = message?.params as Record<string, unknown> | undefined;
  const value = params?.PowerSwitch_1;
  return value === 0 || value === 1 ? value : undefined;
}

export class RoundTripTracker {
  private readonly trips = new Map<string, { trip: RoundTrip; start: number }>();

  constructor(
    private readonly device: DeviceName,
    private readonly report: (trip: RoundTrip) => void,
    private readonly scale = 1,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Follow what the console sees. */
  attach(cloud: CloudConsole): void {
    cloud.events.on("message", (topic, payload) => this.message(topic, payload));
    cloud.events.on("setReply", (reply) => this.reply(reply));
    cloud.events.on("propertyPost", (post) => this.post(post));
  }

  /** A set this process published: the exact start. */
  sent(id: string, value: 0 | 1): void {
    if (this.trips.has(id)) return;
    this.trips.set(id, { trip: { id, value, relayMs: undefined, done: false, scale: this.scale }, start: this.now() });
    while (this.trips.size > KEEP) this.trips.delete(this.trips.keys().next().value as string);
    this.changed(id);
  }

  /** The firmware switched the relay on a cloud set. */
  relay(value: 0 | 1): void {
    const entry = this.oldestOpen((t) => t.relayMs === undefined && t.value === value);
    if (!entry) return;
    entry.trip.relayMs = this.now() - entry.start;
    this.changed(entry.trip.id);
  }

  private message(topic: string, payload: Buffer): void {
    const sys = parseSysTopic(topic);
    if (!sys || sys.rest !== "thing/service/property/set" || !this.isDevice(sys)) return;
    const message = parseJsonObject(payload);
    const value = powerSwitchOf(message);
    if (message && value !== undefined) this.sent(String(message.id), value);
  }

  private reply(reply: SetReply): void {
    const entry = this.trips.get(reply.id);
    if (!entry || !this.isDevice(reply) || entry.trip.replyMs !== undefined) return;
    entry.trip.replyMs = this.now() - entry.start;
    entry.trip.replyCode = reply.code;
    // A set for a state the relay already had switches nothing.
    if (entry.trip.relayMs === undefined) entry.trip.relayMs = null;
    this.changed(reply.id);
  }

  private post(post: PropertyPost): void {
    if (!this.isDevice(post) || !Object.hasOwn(post.params, "PowerSwitch_1")) return;
    const value = post.params.PowerSwitch_1;
    const entry = this.oldestOpen((t) => t.replyMs !== undefined && t.postMs === undefined && t.value === value);
    if (!entry) return;
    entry.trip.postMs = this.now() - entry.start;
    this.changed(entry.trip.id);
  }

  private oldestOpen(match: (trip: RoundTrip) => boolean): { trip: RoundTrip; start: number } | undefined {
    for (const entry of this.trips.values()) if (!entry.trip.done && match(entry.trip)) return entry;
    return undefined;
  }

  private changed(id: string): void {
    const entry = this.trips.get(id);
    if (!entry) return;
    const t = entry.trip;
    t.done = t.relayMs !== undefined && t.replyMs !== undefined && t.postMs !== undefined;
    this.report({ ...t });
  }

  private isDevice(d: DeviceName): boolean {
    return d.productKey === this.device.productKey && d.deviceName === this.device.deviceName;
  }
}
