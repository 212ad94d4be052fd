import { AlinkClient } from "../cloud/client";
import { AlinkIds, firstIdForBoot } from "../cloud/ids";
import type { SwitchThing } from "../cloud/thing";
import { AlinkTopics } from "../cloud/topics";
import type { Clock, Crypto, InputPin, Log, OutputPin, SerialPort, Sensor, Storage, TextDecoding } from "../hal";
import { Modem } from "../modem/modem";
import { MODEM_ONLINE } from "../modem/states";
import { countBoot } from "./boot-count";
import { Button } from "./button";
import type { Config } from "./config";
import { LinkTransport } from "./link-transport";
import { Relay } from "./relay";
import { SensorSampler, TelemetrySink } from "./sensor";
import type { FirmwareStatus } from "./status";

export type { FirmwareStatus } from "./status";

/** What `onEvent` reports: modem state changes, relay changes, readings handed to the cloud. */
export type FirmwareEvent = "modem" | "relay" | "telemetry";

/** Who switched the relay. */
export type RelaySource = "boot" | "cloud" | "button" | "local";

/** Everything a host hands the firmware core. */
export interface FirmwareHost {
  clock: Clock;
  serial: SerialPort;
  relay: OutputPin;
  /** Modem PWRKEY line (active level handled by the host's wiring). */
  pwrkey: OutputPin;
  button?: InputPin;
  storage: Storage;
  sensor?: Sensor;
  log: Log;
  /** Backoff jitter source (default Math.random); tests pass a fixed one. */
  random?: () => number;
  /** A native UTF-8 decoder, if the host has one (hal.ts). */
  text?: TextDecoding;
  /** A native HMAC, if the host has one (hal.ts): modules without aliauth need a signed login. */
  crypto?: Crypto;
  /** For a console: `detail` is a short human-readable line, built only when this is set. */
  onEvent?(event: FirmwareEvent, detail: string): void;
}

/**
 * The switch: the EC600S driver, the Alink client, the relay, the button and the sensor,
 * all driven by the host's one repeating `poll()`.
 *
 * A cloud set switches the relay before its set_reply is queued, and the new state is posted
 * after it (the client keeps that order). A set inside the relay's least switch interval is
 * held (the latest wins), and nothing is published until the relay has switched and saved
 * it: a 200 always means switched. Every time the link comes up the relay state is
 * posted again, so the cloud is right after a broker restart or a long outage.
 */
export class Firmware {
  readonly modem: Modem;
  readonly client: AlinkClient;
  readonly relay: Relay;
  readonly topics: AlinkTopics;
  readonly button: Button | null;
  readonly sampler: SensorSampler | null;
  /** This boot's number. */
  readonly boot: number;
  private readonly host: FirmwareHost;
  private readonly snapshot: FirmwareStatus;
  private cameOnline = false;

  constructor(host: FirmwareHost, config: Config) {
    this.host = host;
    const log = host.log;
    // First: the relay must reach its boot state before anything slow happens.
    this.relay = new Relay({ pin: host.relay, storage: host.storage, policy: config.relayBootPolicy, log: log, clock: host.clock, minSwitchMs: config.relayMinSwitchMs });
    this.event("relay", "boot " + this.relay.value);
    this.boot = countBoot(host.storage, log);
    this.topics = new AlinkTopics(config.productKey, config.deviceName);
    this.modem = new Modem({
      serial: host.serial,
      clock: host.clock,
      pwrkey: host.pwrkey,
      log: log,
      config: config,
      subscriptions: this.topics.subscriptions,
      random: host.random,
      text: host.text,
      crypto: host.crypto,
      onState: (state, reason) => this.modemState(state, reason),
      onMessage: (topic, payload) => this.client.onMessage(topic, payload),
    });
    const thing: SwitchThing = {
      setPowerSwitch: (value) => this.switchRelay(value, "cloud"),
      powerSwitch: () => this.relay.value,
      switchPending: () => this.relay.switchPending,
    };
    const ids = new AlinkIds(firstIdForBoot(this.boot));
    this.client = new AlinkClient({ transport: new LinkTransport(this.modem), thing: thing, log: log, topics: this.topics, ids: ids });
    // Hosts wire the button so that read() is 1 while pressed (hosts/moddable/pins.ts).
    this.button = host.button ? new Button(host.button, host.clock, config.buttonDebounceMs, 1) : null;
    const sink: TelemetrySink = { postTelemetry: (t, h) => this.postTelemetry(t, h) };
    this.sampler = host.sensor ? new SensorSampler(host.sensor, host.clock, config, sink, log) : null;
    this.snapshot = this.newStatus();
  }

  /** Begin bring-up. */
  start(): void {
    this.modem.start();
  }

  /** Called by the host from one repeating timer (every `config.pollMs`). */
  poll(): void {
    // The relay's state is saved before the modem can send the set_reply that confirms it.
    this.relay.poll();
    this.modem.poll();
    if (this.cameOnline) this.linkUp();
    if (this.button !== null && this.button.poll()) this.buttonPressed();
    if (this.sampler !== null) this.sampler.poll(this.modem.online);
    if (this.client.pending && this.modem.online) this.client.flush();
  }

  /**
   * UART onReadable: bytes [0, length) of `bytes`. A host that reads into one buffer passes
   * it as 32-bit words too (`words`, made once), so the parser stores reads a word at a time.
   */
  receive(bytes: Uint8Array, length: number, words?: Int32Array): void {
    this.modem.receive(bytes, length, words);
  }

  /** UART onWritable: the transmit queue may continue. */
  writable(): void {
    this.modem.writable();
  }

  get online(): boolean {
    return this.modem.online;
  }

  /** Switch from a local command (console): like the button, the cloud is told. */
  setRelay(value: 0 | 1): void {
    this.switchRelay(value, "local");
    this.client.postState();
  }

  /** The current status, refreshed into one reused object. */
  status(): FirmwareStatus {
    const s = this.snapshot;
    const m = this.modem;
    const publisher = m.publisher;
    s.modem = m.stateName;
    s.reason = m.reason;
    s.step = m.stepName;
    s.modemModel = m.identity.model !== "" ? m.identity.model : m.dialect.name.toUpperCase();
    s.modemRevision = m.identity.revision;
    s.online = m.online;
    s.relay = this.relay.value;
    s.temperature = this.sampler !== null ? this.sampler.temperature : NaN;
    s.humidity = this.sampler !== null ? this.sampler.humidity : NaN;
    s.queued = publisher.queue.length;
    const a = s.app;
    a.buttonPresses = this.button !== null ? this.button.presses : 0;
    a.relaySwitches = this.relay.switches;
    a.relayHeld = this.relay.held;
    a.relayPersistFailures = this.relay.persistFailures;
    a.published = publisher.sent;
    a.publishFailed = publisher.failed;
    a.publishRejected = publisher.rejected;
    a.telemetryDropped = publisher.queue.dropped;
    return s;
  }

  private newStatus(): FirmwareStatus {
    const app = { buttonPresses: 0, relaySwitches: 0, relayHeld: 0, relayPersistFailures: 0, published: 0, publishFailed: 0, publishRejected: 0, telemetryDropped: 0 };
    const sensorStats = this.sampler !== null ? this.sampler.stats : null;
    return {
      modem: "",
      reason: "",
      modemModel: "",
      modemRevision: "",
      step: "",
      online: false,
      relay: 0,
      temperature: NaN,
      humidity: NaN,
      boot: this.boot,
      queued: 0,
      app: app,
      modemStats: this.modem.stats,
      cloudStats: this.client.stats,
      sensorStats: sensorStats,
    };
  }

  // Runs inside the modem's own processing: only note the edge, act on it in poll().
  private modemState(state: number, reason: string): void {
    if (state === MODEM_ONLINE) this.cameOnline = true;
    if (this.host.onEvent) this.event("modem", reason ? this.modem.stateName + ": " + reason : this.modem.stateName);
  }

  private linkUp(): void {
    this.cameOnline = false;
    if (!this.modem.online) return;
    // Also flushes set_replies kept while the link was down, ahead of the state.
    this.client.postState();
  }

  private switchRelay(value: 0 | 1, source: RelaySource): void {
    if (!this.relay.set(value)) return;
    this.host.log("info", "relay " + value + " (" + source + ")");
    this.event("relay", source + " " + value);
  }

  private buttonPressed(): void {
    this.switchRelay(this.relay.value === 1 ? 0 : 1, "button");
    this.client.postState();
  }

  private postTelemetry(temperature: number, humidity: number): boolean {
    const posted = this.client.postTelemetry(temperature, humidity);
    if (posted && this.host.onEvent) this.event("telemetry", temperature.toFixed(1) + " C " + humidity.toFixed(1) + " %RH");
    return posted;
  }

  private event(event: FirmwareEvent, detail: string): void {
    if (this.host.onEvent) this.host.onEvent(event, detail);
  }
}
