import { AliyunProfile } from "../cloud/aliyun";
import { AlinkClient } from "../cloud/client";
import { AlinkIds, firstIdForBoot } from "../cloud/ids";
import { LoginSigner } from "../cloud/login-signer";
import type { CloudProfile } from "../cloud/profile";
import type { SwitchThing } from "../cloud/thing";
import { relayCount } from "../cloud/thing-model";
import { encodeOtaInform, encodeOtaProgress, OTA_MAX_URL, OtaTopics } from "../cloud/ota";
import type { AlinkTopics } from "../cloud/topics";
import type { Clock, Crypto, FirmwareWriter, HmacService, ImageDigest, InputPin, Log, OutputPin, SerialPort, Sensor, Storage, TextDecoding } from "../hal";
import { PUBLISH_STATE, PUBLISH_TELEMETRY } from "../cloud/transport";
import type { TimerThing } from "../cloud/timer-model";
import { Modem } from "../modem/modem";
import { HttpDownload } from "../modem/http-download";
import { LateSubscription } from "../modem/late-subscription";
import { NetworkTime } from "../modem/network-time";
import * as S from "../modem/states";
import { countBoot } from "./boot-count";
import { Button } from "./button";
import { profileFromConfig } from "./cloud-config";
import { Config, ConfigError } from "./config";
import { CountDown } from "./countdown";
import { clearUserData } from "./factory-reset";
import { LinkTransport } from "./link-transport";
import { LocalTimers } from "./local-timers";
import { OtaUpdater } from "./ota-updater";
import { Relay, relayKey } from "./relay";
import { SensorSampler, TelemetrySink } from "./sensor";
import type { FirmwareStatus } from "./status";
import { LED_FACTORY_RESET, LED_OTA, patternForModem, StatusLed } from "./status-led";
import { TimeKeeper } from "./time-keeper";

export type { FirmwareStatus } from "./status";

/** What `onEvent` reports: modem state changes, relay changes, readings handed to the cloud. */
export type FirmwareEvent = "modem" | "relay" | "telemetry" | "led" | "time" | "schedule" | "countdown" | "factory-reset" | "registration" | "ota";

/** Who switched the relay. */
export type RelaySource = "boot" | "cloud" | "button" | "local" | "schedule" | "countdown";

/** Wall-clock re-sync period. */
const TIME_RESYNC_MS = 86400000;
/** How often the clock, schedules, countdown and long press are looked at. */
const TIMERS_POLL_MS = 100;
/** The factory reset's LED shows this long before the reboot. */
const RESET_REBOOT_MS = 2000;

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
  storage: Storage;
  sensor?: Sensor;
  log: Log;
  /** Backoff jitter source (default Math.random); tests pass a fixed one. */
  random?: () => number;
  /** A native UTF-8 decoder, if the host has one (hal.ts). */
  text?: TextDecoding;
  /** A native HMAC, if the host has one (hal.ts): modules without aliauth need a signed login. */
  crypto?: Crypto;
  /** Native HMAC-SHA256 for a login signed on the device (OneNET, Huawei), if the host has one. */
  hmac?: HmacService;
  /** The status LED (config `ledPin`); the pattern is tracked (and reported) without one. */
  led?: OutputPin;
  /** Restart the board (after a factory reset or an update). Without it the firmware says to power-cycle. */
  reboot?(): void;
  /** Where an update's image goes (OTA); without it, and a digest, offers are refused. */
  firmwareWriter?: FirmwareWriter;
  /** The host's native MD5/SHA-256 for an image as it downloads. */
  imageDigest?: ImageDigest;
  /** For a console: `detail` is a short human-readable line, built only when this is set. */
  onEvent?(event: FirmwareEvent, detail: string): void;
}

/**
 * The switch: the cellular runner (its dialect bound from the config), the Alink client, the relay, the button and the sensor,
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
  readonly time: TimeKeeper;
  readonly networkTime: NetworkTime;
  private readonly ntpSubscription: LateSubscription;
  readonly schedules: LocalTimers;
  readonly countdown: CountDown;
  readonly led: StatusLed;
  /** This boot's number. */
  readonly boot: number;
  private readonly host: FirmwareHost;
  private readonly config: Config;
  private readonly snapshot: FirmwareStatus;
  private cameOnline = false;
  /** A factory reset is under way: reboot at this monotonic time. */
  private rebootAt = -1;
  private schedulesJson = "[]";
  private nextTimersAt = 0;
  private readonly ledWired: boolean;
  /** Computes the login's password, if the cloud needs one computed, before the modem starts. */
  private readonly signer: LoginSigner;
  /** start() was called and the modem waits for the signer. */
  private signing = false;
  /** Aliyun's topics (its NTP service), or null on another cloud. */
  private readonly alink: AlinkTopics | null;
  /** Updates over the air (Aliyun's OTA topics), or null on another cloud. */
  readonly ota: OtaUpdater | null;
  private readonly otaTopics: OtaTopics | null;
  private readonly otaSubscription: LateSubscription;
  readonly download: HttpDownload;

  constructor(host: FirmwareHost, config: Config) {
    this.host = host;
    this.config = config;
    const log = host.log;
    this.profile = profileFromConfig(config);
    this.alink = this.profile instanceof AliyunProfile ? this.profile.topics : null;
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
      crypto: host.crypto,
      onState: (state, reason) => this.modemState(state, reason),
      onMessage: (topic, payload) => this.message(topic, payload),
    });
    this.led = new StatusLed(host.led ?? null);
    this.ledWired = host.led !== undefined;
    this.countdown = new CountDown(host.clock);
    this.schedules = new LocalTimers(host.storage, log, { scheduleFired: (target, power, index) => this.scheduleFired(target, power, index) });
    this.schedulesJson = this.schedules.json();
    // The module's network time and the NTP answer's subscription, in its dialect's words.
    this.networkTime = new NetworkTime(this.modem, config.atTimeoutMs, (outcome, utc) => this.time.onModemTime(outcome, utc));
    this.ntpSubscription = new LateSubscription(this.modem, config);
    this.time = new TimeKeeper({
      clock: host.clock,
      log: log,
      publishRequest: (payload) => this.alink !== null && this.modem.online && this.modem.publish(this.alink.ntpRequest, payload, PUBLISH_TELEMETRY),
      networkTime: this.networkTime,
      resyncMs: TIME_RESYNC_MS,
      onSync: (source, step) => this.event("time", "synced by " + source + " (moved " + step + " ms)"),
    });
    const timers: TimerThing = {
      setLocalTimer: (entries) => {
        this.schedules.set(entries);
        this.schedulesJson = this.schedules.json();
        this.event("schedule", "set " + this.schedules.count);
      },
      setCountDown: (set) => {
        this.countdown.set(set);
        this.event("countdown", set.isRunning === 1 ? "start " + set.timeLeft + " s to " + set.power : "cancel");
      },
      localTimerJson: () => this.schedulesJson,
      stateMembers: () => this.countdown.member(),
      statePosted: () => this.countdown.posted(),
    };
    const thing: SwitchThing = {
      setPowerSwitch: (value, channel) => this.manualSwitch(channel, value, "cloud"),
      powerSwitch: (channel) => this.relays[channel].value,
      // Nothing is answered before the relays switched and the schedules are saved.
      switchPending: () => this.switchPending() || this.schedules.saving,
      timers: timers,
    };
    const ids = new AlinkIds(firstIdForBoot(this.boot));
    this.ids = ids;
    this.download = new HttpDownload(this.modem, host.clock, OTA_MAX_URL);
    this.otaSubscription = new LateSubscription(this.modem, config);
    this.otaTopics = this.alink !== null ? new OtaTopics(config.productKey, config.deviceName) : null;
    this.ota = this.otaTopics !== null ? this.makeUpdater(host, config) : null;
    this.client = new AlinkClient({ transport: new LinkTransport(this.modem), thing: thing, log: log, profile: this.profile, ids: ids });
    // Hosts wire the button so that read() is 1 while pressed (hosts/moddable/pins.ts).
    this.button = host.button ? new Button(host.button, host.clock, config.buttonDebounceMs, 1) : null;
    this.button2 = secondButton(host, config, gangs);
    const sink: TelemetrySink = { postTelemetry: (t, h) => this.postTelemetry(t, h) };
    this.sampler = host.sensor ? new SensorSampler(host.sensor, host.clock, config, sink, log) : null;
    this.snapshot = this.newStatus();
  }

  private readonly ids: AlinkIds;

  private makeUpdater(host: FirmwareHost, config: Config): OtaUpdater {
    return new OtaUpdater({
      clock: host.clock,
      log: host.log,
      download: this.download,
      writer: host.firmwareWriter ?? null,
      digest: host.imageDigest ?? null,
      version: config.firmwareVersion,
      host: {
        progress: (step, desc) => this.otaProgress(step, desc),
        restart: () => this.rebootNow(),
        online: () => this.modem.online,
      },
    });
  }

  /** Report an update's step (the unit reports a rollback this way); false if it cannot go out now. */
  otaReport(step: number, desc: string): boolean {
    return this.otaTopics === null || this.publishProgress(this.otaTopics, step, desc, PUBLISH_STATE);
  }

  private publishProgress(topics: OtaTopics, step: number, desc: string, kind: number): boolean {
    return this.modem.publish(topics.progress, encodeOtaProgress(this.ids.next(), step, desc), kind);
  }

  private otaProgress(step: number, desc: string): void {
    this.event("ota", step + " " + desc);
    // Failures and the end are kept like state; steps on the way may give way to a full queue.
    this.publishProgress(this.otaTopics as OtaTopics, step, desc, step > 0 && step < 100 ? PUBLISH_TELEMETRY : PUBLISH_STATE);
    const ota = this.ota as OtaUpdater;
    if (this.rebootAt < 0) this.showLed(ota.busy || ota.state === "rebooting" ? LED_OTA : patternForModem(this.modem.state));
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

  /** The upgrade topic is subscribed on this connection: the cloud's offers reach the device. */
  get otaReady(): boolean {
    return this.otaSubscription.subscribed;
  }

  /** Aliyun's topics (tests and consoles written for Aliyun); throws on another cloud. */
  get topics(): AlinkTopics {
    if (this.alink !== null) return this.alink;
    throw new Error("firmware: the cloud is " + this.profile.name + ", not aliyun");
  }

  /** Begin bring-up: at once, or once the login is signed (one slice per poll). */
  start(): void {
    this.signing = true;
    this.signLogin();
  }

  /** Called by the host from one repeating timer (every `config.pollMs`). */
  poll(): void {
    // The relays' states are saved before the modem can send the set_reply that confirms them.
    for (let ch = 0; ch < this.relays.length; ch++) this.relays[ch].poll();
    if (this.signing) this.signLogin();
    this.modem.poll();
    if (this.cameOnline) this.linkUp();
    this.pollButtons();
    if (this.sampler !== null) this.sampler.poll(this.modem.online);
    this.pollTimers();
    this.client.poll();
    if (this.client.pending && this.modem.online) this.client.flush();
    if (this.ota !== null) this.pollOta(this.ota);
  }

  /** The upgrade topic, once the NTP answer's is in: each subscription is its own short exchange. */
  private pollOtaSubscription(online: boolean): void {
    if (!online) this.otaSubscription.reset();
    else if (this.otaTopics !== null && this.ntpSubscription.subscribed && this.modemIdle()) this.otaSubscription.poll(this.otaTopics.upgrade);
  }

  /** The update's own steps, and its download's commands between the runner's. */
  private pollOta(ota: OtaUpdater): void {
    ota.poll();
    if (this.modem.online) this.download.poll();
    else if (this.download.active) this.download.cancel();
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
    this.setRelayOf(0, value);
  }

  /** Switch relay `channel` from a local command (console). */
  setRelayOf(channel: number, value: 0 | 1): void {
    if (channel < 0 || channel >= this.relays.length) return;
    this.manualSwitch(channel, value, "local");
    this.client.postState();
  }

  /** Factory reset, as a long press does it (console). */
  factoryReset(): void {
    if (this.rebootAt >= 0) return;
    const held = this.button !== null ? this.button.heldMs() : 0;
    this.host.log("warn", "factory reset" + (held > 0 ? " (button held " + Math.round(held / 100) / 10 + " s)" : "") + ": schedules, countdown, relay memory and boot counter cleared, credentials kept; rebooting");
    this.countdown.cancel();
    this.schedules.clear();
    this.schedulesJson = "[]";
    clearUserData(this.host.storage, this.host.log);
    this.showLed(LED_FACTORY_RESET);
    this.event("factory-reset", "cleared");
    this.rebootAt = this.host.clock.now() + RESET_REBOOT_MS;
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
    a.schedulesFired = this.schedules.fired;
    a.countdownsFired = this.countdown.fired;
    s.clock = this.time.refresh();
    s.led = this.led.name;
    s.schedules = this.schedulesJson;
    if (this.ota !== null) this.otaStatus(this.ota);
    const c = s.countdown;
    c.running = this.countdown.running;
    c.timeLeft = this.countdown.timeLeft;
    c.power = this.countdown.power;
    return s;
  }

  private otaStatus(ota: OtaUpdater): void {
    const o = this.snapshot.ota;
    o.state = ota.state;
    o.target = ota.target;
    o.percent = ota.percent;
    o.error = ota.error;
  }

  private newStatus(): FirmwareStatus {
    const app = { buttonPresses: 0, relaySwitches: 0, relayHeld: 0, relayPersistFailures: 0, published: 0, publishFailed: 0, publishRejected: 0, telemetryDropped: 0, schedulesFired: 0, countdownsFired: 0 };
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
      clock: this.time.refresh(),
      led: this.led.name,
      schedules: this.schedulesJson,
      countdown: { running: false, timeLeft: 0, power: 0 },
      ota: { state: "idle", version: this.config.firmwareVersion, target: "", percent: 0, error: "" },
    };
  }

  // Runs inside the modem's own processing: only note the edge, act on it in poll().
  private modemState(state: number, reason: string): void {
    if (state === S.MODEM_ONLINE) this.cameOnline = true;
    if (this.rebootAt < 0) this.showLed(patternForModem(state));
    if (this.host.onEvent) this.event("modem", reason ? this.modem.stateName + ": " + reason : this.modem.stateName);
  }

  private linkUp(): void {
    this.cameOnline = false;
    if (!this.modem.online) return;
    // Also flushes set_replies kept while the link was down, ahead of the state.
    this.client.postState();
    if (this.schedules.count > 0) this.client.postTimers();
    // The version at every connect: how the cloud sees an update took.
    if (this.otaTopics !== null) this.modem.publish(this.otaTopics.inform, encodeOtaInform(this.ids.next(), this.config.firmwareVersion), PUBLISH_STATE);
    this.time.linkUp();
  }

  // A message on our MQTT client: NTP answers (Aliyun) are the clock's, the rest the cloud client's.
  private message(topic: string, payload: string): void {
    if (this.alink !== null && topic === this.alink.ntpResponse) this.time.onNtpResponse(payload);
    else if (this.otaTopics !== null && topic === this.otaTopics.upgrade) this.otaOffer(payload);
    else this.client.onMessage(topic, payload);
  }

  private otaOffer(payload: string): void {
    const ota = this.ota as OtaUpdater;
    ota.onOffer(payload);
    if (ota.busy) this.event("ota", "offered " + ota.target);
    if (ota.busy && this.rebootAt < 0) this.showLed(LED_OTA);
  }

  /**
   * The LED on every poll (its slots are 100 ms); the clock, schedules, countdown and the
   * long press every TIMERS_POLL_MS, which is precise enough for all of them: XS pays per
   * call, and the poll runs a hundred times a second.
   */
  private pollTimers(): void {
    const now = this.host.clock.now();
    if (this.ledWired) this.led.poll(now);
    if (now < this.nextTimersAt) return;
    this.nextTimersAt = now + TIMERS_POLL_MS;
    this.pollTime();
    this.schedules.poll(this.time.now());
    if (this.countdown.poll()) this.countdownFired();
    if (this.rebootAt >= 0) {
      if (now >= this.rebootAt) this.rebootNow();
    } else if (this.longPress()) {
      this.factoryReset();
    }
  }

  private longPress(): boolean {
    return this.button !== null && this.config.factoryResetMs > 0 && this.button.heldMs() >= this.config.factoryResetMs;
  }

  private pollTime(): void {
    const online = this.modem.online;
    // Lowest priority: only once the state, replies and posts have all gone out.
    if (!online) this.ntpSubscription.reset();
    else if (this.alink !== null && this.modemIdle() && !this.client.pending) this.ntpSubscription.poll(this.alink.ntpResponse);
    this.pollOtaSubscription(online);
    this.time.poll(online && this.ntpSubscription.subscribed, this.modemIdle());
  }

  /** The module is registered (or past it) and the driver between commands: room for one short query. */
  private modemIdle(): boolean {
    const st = this.modem.state;
    if (this.modem.engine.busy || this.cameOnline || this.modem.publisher.queue.length > 0) return false;
    // Recovering too: a dialect whose failed connect escalates to a reopen at once (SIMCom) waits there, not in backoff.
    return st === S.MODEM_ONLINE || st === S.MODEM_BACKOFF || st === S.MODEM_RECOVERING || st === S.MODEM_AUTH_FAILED || st === S.MODEM_CONFIG_ERROR;
  }

  /** A switch someone asked for (cloud, button, console): it ends a running countdown. */
  private manualSwitch(channel: number, value: 0 | 1, source: RelaySource): void {
    // The countdown (CountDown, timer-model.ts) switches the first relay only.
    if (channel === 0 && this.countdown.cancel()) this.event("countdown", "cancelled by " + source);
    this.switchRelay(channel, value, source);
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

  private scheduleFired(target: number, power: 0 | 1, index: number): void {
    // One relay: every target is PowerSwitch_1 (a 2-gang product maps target to its relay).
    if (target !== 0) return;
    this.host.log("info", "schedule " + index + " fired: " + power);
    this.event("schedule", "fired " + index + " -> " + power);
    this.switchRelay(0, power, "schedule");
    this.client.postState();
  }

  private countdownFired(): void {
    this.host.log("info", "countdown fired: " + this.countdown.power);
    this.event("countdown", "fired -> " + this.countdown.power);
    this.switchRelay(0, this.countdown.power, "countdown");
    this.client.postState();
  }

  private showLed(pattern: number): void {
    if (this.led.show(pattern)) this.event("led", this.led.name);
  }

  private rebootNow(): void {
    this.rebootAt = Number.MAX_VALUE;
    if (this.host.reboot) {
      this.host.log("warn", "rebooting");
      this.host.reboot();
    } else {
      this.host.log("warn", "factory reset done: power-cycle the switch to finish");
    }
  }

  private switchRelay(channel: number, value: 0 | 1, source: RelaySource): void {
    if (channel < 0 || channel >= this.relays.length || !this.relays[channel].set(value)) return;
    this.host.log("info", "relay " + value + channelName(channel) + " (" + source + ")");
    this.event("relay", source + " " + value + channelName(channel));
  }

  private buttonPressed(channel: number): void {
    this.manualSwitch(channel, this.relays[channel].value === 1 ? 0 : 1, "button");
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
