/**
 * An in-memory broker and network for unit tests: no sockets, no timers; every operation
 * settles on the promise queue, so `FakeTimers.advance()` carries it along. Behaves like
 * Aliyun where it matters to the module: device subscriptions are granted QoS 1 by default,
 * a login kicks off an older connection with the same username (same device), and a client
 * never gets its own publishes back. Tests play the cloud through `publish()` and
 * `published`, and break things with `dropAll()`, `kick()`, `refuseNext()`, `failNextOpen()`.
 */
import {
  MqttOpenError,
  type IncomingMessage,
  type MqttConnectRequest,
  type MqttEndpoint,
  type MqttLink,
  type MqttLinkEvents,
  type MqttSubscription,
  type MqttTransport,
  type OpenFailure,
} from "./mqtt-transport";
import { topicMatches } from "./topic-match";

export interface PublishedMessage {
  clientId: string;
  topic: string;
  payload: Uint8Array;
  qos: number;
  retain: boolean;
}

export interface FakeNetworkOptions {
  /** CONNACK code for a CONNECT (default: accept everything). See `aliyunAuthenticator`. */
  authenticate?: (request: MqttConnectRequest) => number;
  /** Granted QoS for a requested one (default Aliyun: always 1). */
  grant?: (requestedQos: number, topic: string) => number;
  /** Hosts that resolve (default all). */
  knownHost?: (endpoint: MqttEndpoint) => boolean;
  /** The CA that signs the broker's certificate: a TLS open verifying against another one fails ("tls"). Default: any CA verifies. */
  serverCa?: string;
}

type Session = { clientId: string; username: string; subscriptions: Map<string, number> };

export class FakeMqttNetwork implements MqttTransport {
  readonly published: PublishedMessage[] = [];
  /** Called for every accepted publish from a module. */
  onPublish?: (message: PublishedMessage) => void;
  /** While true the "broker" is down: opens are refused. */
  down = false;
  private readonly links = new Set<FakeLink>();
  private refusals: number[] = [];
  private openFailures: OpenFailure[] = [];
  private nextMessageId = 1;

  constructor(readonly options: FakeNetworkOptions = {}) {}

  async open(endpoint: MqttEndpoint, events: MqttLinkEvents): Promise<MqttLink> {
    await Promise.resolve();
    const failure = this.openFailures.shift() ?? this.unreachable(endpoint);
    if (failure) throw new MqttOpenError(failure, `fake open failed: ${failure}`);
    const link = new FakeLink(this, events);
    this.links.add(link);
    return link;
  }

  private unreachable(endpoint: MqttEndpoint): OpenFailure | undefined {
    if (this.options.knownHost && !this.options.knownHost(endpoint)) return "dns";
    if (this.down) return "refused";
    const ca = endpoint.tls?.ca;
    return ca !== undefined && this.options.serverCa !== undefined && ca.trim() !== this.options.serverCa.trim() ? "tls" : undefined;
  }

  /** The next CONNECT gets this CONNACK code, whatever its credentials. */
  refuseNext(code: number): void {
    this.refusals.push(code);
  }

  failNextOpen(failure: OpenFailure): void {
    this.openFailures.push(failure);
  }

  /** The cloud publishes; returns how many subscribers got it. */
  publish(topic: string, payload: Uint8Array | string, qos = 0, from?: FakeLink): number {
    const bytes = typeof payload === "string" ? new TextEncoder().encode(payload) : payload;
    let count = 0;
    for (const link of this.links) {
      if (link !== from && link.deliver(topic, bytes, qos, () => this.nextMessageId++)) count++;
    }
    return count;
  }

  /** Closes every connection from the broker side (broker restart or crash). */
  dropAll(): void {
    for (const link of [...this.links]) link.lose();
  }

  /** Closes the connections whose clientId or username matches. */
  kick(match: (session: { clientId: string; username: string }) => boolean): number {
    const victims = [...this.links].filter((l) => l.session && match(l.session));
    for (const link of victims) link.lose();
    return victims.length;
  }

  /** Connected sessions (after CONNACK 0). */
  sessions(): { clientId: string; username: string }[] {
    return [...this.links].flatMap((l) => (l.session ? [{ clientId: l.session.clientId, username: l.session.username }] : []));
  }

  /** @internal CONNECT handling, shared with FakeLink. */
  admit(link: FakeLink, request: MqttConnectRequest): number {
    const code = this.refusals.shift() ?? this.options.authenticate?.(request) ?? 0;
    if (code !== 0) return code;
    const username = request.username ?? "";
    // Aliyun: a new login of the same device kicks the older connection off.
    this.kick((s) => s.username === username && username !== "");
    link.session = { clientId: request.clientId, username, subscriptions: new Map() };
    return 0;
  }

  /** @internal */
  grant(qos: number, topic: string): number {
    return this.options.grant ? this.options.grant(qos, topic) : 1;
  }

  /** @internal */
  record(message: PublishedMessage, from: FakeLink): void {
    this.published.push(message);
    this.onPublish?.(message);
    this.publish(message.topic, message.payload, message.qos, from);
  }

  /** @internal */
  forget(link: FakeLink): void {
    this.links.delete(link);
  }
}

export class FakeLink implements MqttLink {
  session?: Session;

  constructor(
    private readonly network: FakeMqttNetwork,
    private readonly events: MqttLinkEvents,
  ) {}

  async connect(request: MqttConnectRequest): Promise<number> {
    await Promise.resolve();
    if (this.session) throw new Error("already connected");
    const code = this.network.admit(this, request);
    if (code !== 0) this.network.forget(this);
    return code;
  }

  async subscribe(subscriptions: MqttSubscription[]): Promise<number[]> {
    const session = await this.live();
    return subscriptions.map((s) => {
      const granted = this.network.grant(s.qos, s.topic);
      if (granted !== 128) session.subscriptions.set(s.topic, granted);
      return granted;
    });
  }

  async unsubscribe(topics: string[]): Promise<void> {
    const session = await this.live();
    for (const t of topics) session.subscriptions.delete(t);
  }

  async publish(topic: string, payload: Uint8Array, qos: number, retain: boolean): Promise<void> {
    const session = await this.live();
    this.network.record({ clientId: session.clientId, topic, payload: Uint8Array.from(payload), qos, retain }, this);
  }

  async disconnect(): Promise<void> {
    await Promise.resolve();
    this.destroy();
  }

  destroy(): void {
    this.session = undefined;
    this.network.forget(this);
  }

  /** @internal Broker-side close: the module hears about it. */
  lose(): void {
    this.destroy();
    queueMicrotask(() => this.events.closed("peer-closed"));
  }

  /** @internal Delivers at min(publish QoS, granted QoS) if any filter matches. */
  deliver(topic: string, payload: Uint8Array, qos: number, nextId: () => number): boolean {
    const granted = this.bestGrant(topic);
    if (granted === undefined) return false;
    const effective = Math.min(qos, granted);
    const message: IncomingMessage = { topic, payload, qos: effective, messageId: effective > 0 ? nextId() : 0 };
    queueMicrotask(() => {
      if (this.session) this.events.message(message);
    });
    return true;
  }

  private bestGrant(topic: string): number | undefined {
    let best: number | undefined;
    for (const [filter, granted] of this.session?.subscriptions ?? []) {
      if (topicMatches(filter, topic)) best = Math.max(best ?? 0, granted);
    }
    return best;
  }

  private async live(): Promise<Session> {
    await Promise.resolve();
    if (!this.session) throw new Error("not connected");
    return this.session;
  }
}

/** An `authenticate` option that checks Aliyun signatures like the real broker does. */
export { aliyunAuthenticator } from "./fake-auth";
