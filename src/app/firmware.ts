import { AliyunProfile } from "../cloud/aliyun";
import { AlinkClient } from "../cloud/client";
import { AlinkIds, firstIdForBoot } from "../cloud/ids";
import { LoginSigner } from "../cloud/login-signer";
import type { CloudProfile } from "../cloud/profile";
import type { SwitchThing } from "../cloud/thing";
import { relayCount } from "../cloud/thing-model";
import type { AlinkTopics } from "../cloud/topics";
import type { Clock, HmacService, InputPin, Log, OutputPin, SerialPort, Sensor, Storage, TextDecoding } from "../hal";
import { Modem } from "../modem/modem";
import { MODEM_ONLINE } from "../modem/states";
import { countBoot } from "./boot-count";
import { Button } from "./button";
import { profileFromConfig } from "./cloud-config";
import { Config, ConfigError } from "./config";
import { LinkTransport } from "./link-transport";
import { Relay, relayKey } from "./relay";
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
  /** A 2-gang switch's second relay and button (config `gangs` = 2). */
  relay2?: OutputPin;
  button2?: InputPin;
  /** Native HMAC-SHA256 for a login signed on the device (OneNET, Huawei), if the host has one. */
  hmac?: HmacService;
  storage: Storage;
  sensor?: Sensor;
  log: Log;
  /** Backoff jitter source (default Math.random); tests pass a fixed one. */
  random?: () => number;
  /** A native UTF-8 decoder, if the host has one (hal.ts). */
  text?: TextDecoding;
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
  /** The cloud (config `cloud`): its login, topics and codec. */
  readonly profile: CloudProfile;
  /** One relay per gang; `relay` is the first. */
  readonly relays: Relay[] = [];
  readonly relay: Relay;
  readonly button: Button | null;
  readonly button2: Button | null;
  readonly sampler: SensorSampler | null;
  /** This boot's number. */
  readonly boot: number;
  private readonly host: FirmwareHost;
  private readonly snapshot: FirmwareStatus;
  private cameOnline = false;
  /** Computes the login's password, if the cloud needs one computed, before the modem starts. */
  private readonly signer: LoginSigner;
  /** start() was called and the modem waits for the signer. */
  private signing = false;

  constructor(host: FirmwareHost, config: Config) {
    this.host = host;
    const log = host.log;
    this.profile = profileFromConfig(config);
    const gangs = relayCount(this.profile.model);
    // First: the relays must reach their boot state before anything slow happens.
    this.relay = this.makeRelays(config, gangs);
    this.boot = countBoot(host.storage, log);
    this.signer = new LoginSigner(this.profile, host.hmac);
    this.modem = new Modem({
      serial: host.serial,
      clock: host.clock,
      pwrkey: host.pwrkey,
      log: log,
      config: config,
      login: this.profile.login,
      subscriptions: this.profile.subscriptions,
      random: host.random,
      text: host.text,
      onState: (state, reason) => this.modemState(state, reason),
      onMessage: (topic, payload) => this.client.onMessage(topic, payload),
    });
    const thing: SwitchThing = {
      setPowerSwitch: (value, channel) => this.switchRelay(channel, value, "cloud"),
      powerSwitch: (channel) => this.relays[channel].value,
      switchPending: () => this.switchPending(),
    };
    const ids = new AlinkIds(firstIdForBoot(this.boot));
    this.client = new AlinkClient({ transport: new LinkTransport(this.modem), thing: thing, log: log, profile: this.profile, ids: ids });
    // Hosts wire the button so that read() is 1 while pressed (hosts/moddable/pins.ts).
    this.button = host.button ? new Button(host.button, host.clock, config.buttonDebounceMs, 1) : null;
    this.button2 = secondButton(host, config, gangs);
    const sink: TelemetrySink = { postTelemetry: (t, h) => this.postTelemetry(t, h) };
    this.sampler = host.sensor ? new SensorSampler(host.sensor, host.clock, config, sink, log) : null;
    this.snapshot = this.newStatus();
  }

  /** One relay per gang, each with its own NVS key; returns the first. */
  private makeRelays(config: Config, gangs: number): Relay {
    const host = this.host;
    if (gangs > 1 && host.relay2 === undefined) throw new ConfigError("gangs " + gangs + " needs the host's second relay pin");
    for (let ch = 0; ch < gangs; ch++) {
      const pin = ch === 0 ? host.relay : (host.relay2 as OutputPin);
      this.relays.push(new Relay({ pin: pin, storage: host.storage, policy: config.relayBootPolicy, log: host.log, clock: host.clock, minSwitchMs: config.relayMinSwitchMs, key: relayKey(ch) }));
      this.event("relay", "boot " + this.relays[ch].value + channelName(ch));
    }
    return this.relays[0];
  }

  /** Aliyun's topics (tests and consoles written for Aliyun); throws on another cloud. */
  get topics(): AlinkTopics {
    if (this.profile instanceof AliyunProfile) return this.profile.topics;
    throw new Error("firmware: the cloud is " + this.profile.name + ", not aliyun");
  }

  /** Begin bring-up: at once, or once the login is signed (one slice per poll). */
  start(): void {
    this.signing = true;
    this.signLogin();
  }

  /** Called by the host from one repeating timer (every `config.pollMs`). */
  poll(): void {
    // The relay's state is saved before the modem can send the set_reply that confirms it.
    for (let ch = 0; ch < this.relays.length; ch++) this.relays[ch].poll();
    if (this.signing) this.signLogin();
    this.modem.poll();
    if (this.cameOnline) this.linkUp();
    this.pollButtons();
    if (this.sampler !== null) this.sampler.poll(this.modem.online);
    if (this.client.pending && this.modem.online) this.client.flush();
  }

  /** UART onReadable: bytes [0, length) of `bytes`. */
  receive(bytes: Uint8Array, length: number): void {
    this.modem.receive(bytes, length);
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
    this.setRelayOf(0, value);
  }

  /** Switch relay `channel` from a local command (console). */
  setRelayOf(channel: number, value: 0 | 1): void {
    if (channel < 0 || channel >= this.relays.length) return;
    this.switchRelay(channel, value, "local");
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

  /** One slice of the login's signature; the modem starts once it is ready. */
  private signLogin(): void {
    if (!this.signer.step()) {
      if (this.signer.error === null) return;
      this.signing = false;
      this.host.log("error", this.signer.error);
      return;
    }
    this.signing = false;
    this.modem.start();
  }

  private pollButtons(): void {
    if (this.button !== null && this.button.poll()) this.buttonPressed(0);
    if (this.button2 !== null && this.button2.poll()) this.buttonPressed(1);
  }

  private switchPending(): boolean {
    for (let ch = 0; ch < this.relays.length; ch++) if (this.relays[ch].switchPending) return true;
    return false;
  }

  private switchRelay(channel: number, value: 0 | 1, source: RelaySource): void {
    if (channel < 0 || channel >= this.relays.length || !this.relays[channel].set(value)) return;
    this.host.log("info", "relay " + value + channelName(channel) + " (" + source + ")");
    this.event("relay", source + " " + value + channelName(channel));
  }

  private buttonPressed(channel: number): void {
    this.switchRelay(channel, this.relays[channel].value === 1 ? 0 : 1, "button");
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

/** The second gang's button, if the host has one and the model a second relay. */
function secondButton(host: FirmwareHost, config: Config, gangs: number): Button | null {
  return host.button2 !== undefined && gangs > 1 ? new Button(host.button2, host.clock, config.buttonDebounceMs, 1) : null;
}

/** How a relay is named in logs and events: "" for the first (as before a second existed), " #2" for the second. */
function channelName(channel: number): string {
  return channel === 0 ? "" : " #" + (channel + 1);
}
