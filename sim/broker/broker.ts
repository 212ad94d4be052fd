/**
 * An Aliyun-compatible MQTT 3.1.1 broker for tests and the demo: aedes in-process on a TCP
 * port, with Aliyun's login, rights and automatic replies (see hooks.ts, responder.ts).
 */
import { Aedes, type Client } from "aedes";
import { EventEmitter } from "node:events";
import { randomBytes } from "node:crypto";
import { createServer, type Server, type Socket } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { REGISTER_TOPIC, type RegistrationProduct } from "../aliyun/register";
import type { DeviceTriple } from "../aliyun/sign";
import { DeviceRegistry, deviceKey, RegistrationRegistry, type ConsoleCredentials } from "./auth";
import { parseClientId } from "../aliyun/client-id";
import { autoSubscribedTopics } from "../aliyun/topics";
import { aliyunHooks, REFUSED_PREFIX, releaseSession, sentClientId, type BrokerContext, type BrokerEvents } from "./hooks";
import { grantQos1 } from "./qos-grant";
import { cloudRules, type SimCloud } from "../clouds/rules";

export interface BrokerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  devices?: DeviceTriple[];
  /** Products with dynamic registration on, and their pre-registered device names. */
  products?: RegistrationProduct[];
  console?: ConsoleCredentials;
  /** Grant QoS 1 to every device subscription as Aliyun does (default true). */
  aliyunGrantedQos?: boolean;
  /** Server time for NTP answers (default Date.now). */
  now?: () => number;
  /** Which cloud to play (default aliyun): its login check, topic rights and answers. */
  cloud?: SimCloud;
  /** A second listener for MQTT over TLS with this certificate (sim/broker/test-tls.ts has the test one). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Its port; 0 (default) picks a free one. */
  tlsPort?: number;
}

export interface RunningBroker {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The TLS listener's port, 0 without one. */
  readonly tlsPort: number;
  readonly events: EventEmitter<BrokerEvents>;
  addDevice(device: DeviceTriple): void;
  addProduct(product: RegistrationProduct): void;
  /** The next `n` successful registrations are closed without their /ext/register answer (a lost answer). */
  loseRegisterAnswers(n: number): void;
  isOnline(productKey: string, deviceName: string): boolean;
  /** The device's live connection came in on the TLS listener. */
  isOnlineOverTls(productKey: string, deviceName: string): boolean;
  /** Dynamic registrations that came in on the TLS listener (Aliyun takes them over TLS only). */
  readonly tlsRegistrations: number;
  /** Drops a device's connection from the server side. */
  kick(productKey: string, deviceName: string): boolean;
  /** Closes every connection and the listener, then listens again on the same port after downMs. */
  restart(downMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startBroker(options: BrokerOptions = {}): Promise<RunningBroker> {
  const broker = new AliyunBroker(options);
  await broker.listen(options.port ?? 0, options.tlsPort ?? 0);
  return broker;
}

class AliyunBroker implements RunningBroker {
  readonly events = new EventEmitter<BrokerEvents>();
  readonly host: string;
  port = 0;
  tlsPort = 0;
  tlsRegistrations = 0;
  private readonly ctx: BrokerContext;
  private readonly tlsClients = new WeakSet<Client>();
  private readonly sockets = new Set<Socket>();
  private aedes?: Aedes;
  private server?: Server;
  private tlsServer?: Server;
  private answersToLose = 0;

  constructor(private readonly options: BrokerOptions) {
    this.host = options.host ?? "127.0.0.1";
    this.ctx = {
      devices: new DeviceRegistry(options.devices),
      registrations: new RegistrationRegistry(options.products),
      console: options.console,
      events: this.events,
      principals: new WeakMap(),
      clientIds: new WeakMap(),
      sessions: new Map(),
      rules: cloudRules(options.cloud ?? "aliyun"),
      now: options.now ?? Date.now,
    };
  }

  get url(): string {
    return `mqtt://${this.host}:${this.port}`;
  }

  addDevice(device: DeviceTriple): void {
    this.ctx.devices.add(device);
  }

  addProduct(product: RegistrationProduct): void {
    this.ctx.registrations.addProduct(product);
  }

  loseRegisterAnswers(n: number): void {
    this.answersToLose = n;
  }

  isOnline(productKey: string, deviceName: string): boolean {
    return this.ctx.sessions.has(deviceKey({ productKey, deviceName }));
  }

  isOnlineOverTls(productKey: string, deviceName: string): boolean {
    const client = this.ctx.sessions.get(deviceKey({ productKey, deviceName }));
    return client !== undefined && this.tlsClients.has(client);
  }

  kick(productKey: string, deviceName: string): boolean {
    const client = this.ctx.sessions.get(deviceKey({ productKey, deviceName }));
    client?.close();
    return client !== undefined;
  }

  async listen(port: number, tlsPort: number): Promise<void> {
    const aedes = await Aedes.createBroker(aliyunHooks(this.ctx));
    this.watch(aedes);
    const server = createServer((socket) => this.accept(aedes, socket, false));
    this.port = await this.bind(server, port);
    this.aedes = aedes;
    this.server = server;
    const tls = this.options.tls;
    if (!tls) return;
    // The handshake's own failures (a client that does not trust us) only close that socket.
    const tlsServer = createTlsServer({ key: tls.key, cert: tls.cert }, (socket) => this.accept(aedes, socket, true));
    tlsServer.on("tlsClientError", () => undefined);
    this.tlsPort = await this.bind(tlsServer, tlsPort);
    this.tlsServer = tlsServer;
  }

  private bind(server: Server, port: number): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, this.host, () => resolve((server.address() as { port: number }).port));
    });
  }

  private accept(aedes: Aedes, socket: Socket, tls: boolean): void {
    // Small MQTT packets must not wait for delayed ACKs (Nagle): ~40 ms per round trip.
    socket.setNoDelay(true);
    this.sockets.add(socket);
    socket.once("close", () => this.sockets.delete(socket));
    const client = aedes.handle(socket);
    if (tls) this.tlsClients.add(client);
    if (this.options.aliyunGrantedQos !== false) {
      grantQos1(client, () => this.ctx.principals.get(client)?.kind === "device");
    }
  }

  private watch(aedes: Aedes): void {
    aedes.on("clientReady", (client) => this.online(client));
    aedes.on("clientDisconnect", (client) => releaseSession(this.ctx, client));
    aedes.on("publish", (packet, client) => this.answer(aedes, packet.topic, packet.payload, client));
  }

  private online(client: Client): void {
    const principal = this.ctx.principals.get(client);
    if (principal?.kind === "registering") return this.register(client, principal);
    if (principal?.kind !== "device") return;
    this.ctx.registrations.activate(principal.device);
    const clientId = sentClientId(this.ctx, client);
    if (parseClientId(clientId)?.params._ss === "1") subscribeForDevice(client, principal.device);
    this.events.emit("deviceOnline", principal.device, clientId);
  }

  /** A new secret for the device (the last registration's counts), answered on /ext/register, then the close. */
  private register(client: Client, who: { productKey: string; deviceName: string }): void {
    if (this.tlsClients.has(client)) this.tlsRegistrations++;
    const device = { productKey: who.productKey, deviceName: who.deviceName, deviceSecret: randomBytes(16).toString("hex") };
    this.ctx.devices.add(device);
    const answered = this.answersToLose === 0;
    this.events.emit("deviceRegistered", device, answered);
    if (!answered) {
      this.answersToLose--;
      return void client.close();
    }
    const payload = Buffer.from(JSON.stringify(device));
    const packet = { cmd: "publish" as const, topic: REGISTER_TOPIC, payload, qos: 0 as const, retain: false, dup: false };
    client.publish(packet, () => client.close());
  }

  private answer(aedes: Aedes, topic: string, payload: Buffer | string, client: Client | null): void {
    const principal = client && this.ctx.principals.get(client);
    if (principal?.kind !== "device" || topic.startsWith(REFUSED_PREFIX)) return;
    const bytes = Buffer.from(payload);
    this.events.emit("devicePublish", principal.device, topic, bytes);
    const reply = this.ctx.rules.answer(topic, bytes, this.ctx.now());
    if (!reply) return;
    const packet = { cmd: "publish" as const, topic: reply.topic, payload: Buffer.from(reply.payload), qos: 0 as const, retain: false, dup: false };
    aedes.publish(packet, () => undefined);
  }

  async restart(downMs = 0): Promise<void> {
    const port = this.port;
    const tlsPort = this.tlsPort;
    await this.close();
    if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.listen(port, tlsPort);
  }

  async close(): Promise<void> {
    const { aedes, server, tlsServer } = this;
    this.aedes = undefined;
    this.server = undefined;
    this.tlsServer = undefined;
    const serverClosed = Promise.all([server, tlsServer].map((s) => (s ? new Promise<void>((resolve) => s.close(() => resolve())) : Promise.resolve())));
    // Sockets that never completed CONNECT are not aedes clients; end them too.
    for (const socket of this.sockets) socket.destroy();
    if (aedes) await new Promise<void>((resolve) => aedes.close(() => resolve()));
    await serverClosed;
  }
}

/**
 * `_ss=1` in the clientId: Aliyun subscribes the device's system topics for it (QoS 1, as it
 * grants), and the SDK never sends a SUBSCRIBE. Done through the same authorization as a
 * device's own SUBSCRIBE, without a SUBACK (there was no request to answer).
 */
function subscribeForDevice(client: Client, device: { productKey: string; deviceName: string }): void {
  const subscriptions = autoSubscribedTopics(device.productKey, device.deviceName).map((topic) => ({ topic, qos: 1 as const }));
  client.subscribe({ subscriptions } as Parameters<Client["subscribe"]>[0], () => undefined);
}
