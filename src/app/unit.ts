import type { OtaStatus } from "./status";
import { PUBLISH_STATE } from "../modem/queue";
import type { BootImage, SettingsStore } from "../hal";
import { OtaTrial } from "./ota-trial";
import type { Modem } from "../modem/modem";
import { AtPassthrough } from "./at-passthrough";
import { BootGuard } from "./boot-guard";
import { CONSOLE_HELP, parseConsoleLine, runConsoleCommand, type ConsoleActions } from "./console-commands";
import { ConsoleLines } from "./console-lines";
import { ConfigError, needsRegistration, type Config, type RelayBootPolicy } from "./config";
import { describe } from "./config-reader";
import { clearUserData } from "./factory-reset";
import { Firmware, type FirmwareHost } from "./firmware";
import { Registrar } from "./registrar";
import { Relay } from "./relay";
import { checkSetting, isSecretKey, readSettings, SETTING_KEYS, sourceOf, type Settings } from "./settings";

/**
 * What a unit shows (an LED, the console, the web page): waiting for an identity, settings
 * that cannot run, getting its secret by dynamic registration, safe mode after a boot loop,
 * or the normal connecting/online.
 */
export type UnitState = "unprovisioned" | "config-error" | "registering" | "safe-mode" | "connecting" | "online";

/** A FirmwareHost plus what the unit needs around the firmware. */
export interface UnitHost extends FirmwareHost {
  /** NVS text settings (the device identity and cloud settings). */
  settings: SettingsStore;
  /** Restart the board (System.restart on the ESP32). */
  restart(): void;
  /** One console line out, without its line end. */
  consoleOut?(line: string): void;
  /** A firmware was made (at boot, or later when the console provisioned the unit). */
  onFirmware?(firmware: Firmware): void;
  /** Erase what other features keep (schedules...) on a console factory-reset. */
  factoryReset?(): void;
  /** The boot image after an update (rollback); without it an update is kept unconditionally. */
  bootImage?: BootImage;
}

// Used while no config can be read: the safe default for each.
const BOOT_LOOP_BOOTS = 5;
const BOOT_LOOP_MS = 600000;
const OTA_TRIAL_MS = 600000;
const WAITING_RELAY_SWITCH_MS = 300;
/** How often a waiting unit says why in the log. */
const WAITING_NOTICE_MS = 60000;
/** Room for the console's last line to leave the UART before the board restarts. */
const REBOOT_DELAY_MS = 200;

/**
 * One switch as it boots: counts the boot (boot-loop guard), reads its settings from NVS over
 * the build's config, and runs the firmware, or, without a usable identity, keeps the relay
 * in its boot state, says what is missing and waits for the console, touching neither the
 * modem nor the cloud. The serial console works in every state.
 */
export class Unit implements ConsoleActions {
  /** Null while waiting for provisioning or registering. */
  firmware: Firmware | null = null;
  /** Set while the unit gets its deviceSecret by dynamic registration. */
  registrar: Registrar | null = null;
  readonly guard: BootGuard;
  settings: Settings;
  private readonly host: UnitHost;
  private readonly build: Record<string, unknown>;
  private readonly lines: ConsoleLines;
  private readonly pass: AtPassthrough;
  private readonly bootAt: number;
  /** The config the firmware runs with (settings may have changed since). */
  private running: Config | null = null;
  private waitingRelay: Relay | null = null;
  private started = false;
  private onlineSince = -1;
  private safeReported = false;
  private rebootAt = -1;
  private noticeAt = 0;
  /** This boot registered the unit (for the console). */
  private registeredNow = false;
  /** The secret is stored; the registrar's modem is releasing the module. */
  private handingOver = false;
  /** An update's first boots: kept once online and stable, else rolled back. */
  private readonly trial: OtaTrial | null;
  private rollbackReported = false;

  /** `build`: the flat build-time config (mc/config), the default under the NVS settings. */
  constructor(host: UnitHost, build: Record<string, unknown>) {
    this.host = host;
    this.build = build;
    this.bootAt = host.clock.now();
    this.settings = readSettings(build, host.settings, host.log);
    const config = this.settings.config;
    this.guard = new BootGuard(host.storage, host.log, config !== null ? config.bootLoopBoots : BOOT_LOOP_BOOTS, config !== null ? config.bootLoopMs : BOOT_LOOP_MS);
    const out = (line: string): void => this.out(line);
    this.lines = new ConsoleLines({ line: (text) => runConsoleCommand(this, parseConsoleLine(text)), refused: (reason) => out("error: " + reason) });
    this.pass = new AtPassthrough(out);
    this.trial = host.bootImage !== undefined ? new OtaTrial(host.bootImage, host.log, config !== null ? config.otaTrialMs : OTA_TRIAL_MS) : null;
    // A new image that keeps dying at start goes back before the boot-loop guard's safe mode.
    if (this.trial !== null && this.trial.crashLooping(this.guard.quickBefore)) this.rebootSoon();
    else if (this.guard.safeMode) {
      host.log("error", "safe mode: " + this.guard.reason);
      this.out("safe mode: " + this.guard.reason);
    }
    this.run(config);
  }

  get state(): UnitState {
    if (this.registrar !== null) return "registering";
    if (this.firmware === null) return this.settings.unprovisioned ? "unprovisioned" : "config-error";
    if (this.guard.safeMode) return "safe-mode";
    return this.firmware.online ? "online" : "connecting";
  }

  get online(): boolean {
    return this.firmware !== null && this.firmware.online;
  }

  /** Begin bring-up (if there is a firmware to run). */
  start(): void {
    this.started = true;
    if (this.firmware !== null) this.firmware.start();
    if (this.registrar !== null) this.registrar.modem.start();
  }

  /** From the host's one repeating timer. */
  poll(): void {
    const now = this.host.clock.now();
    if (this.rebootAt >= 0 && now >= this.rebootAt) {
      this.rebootAt = -1;
      this.host.restart();
      return;
    }
    if (this.registrar !== null) return this.registerPoll(this.registrar, now);
    const firmware = this.firmware;
    if (firmware === null) return this.waitPoll(now);
    if (this.pass.busy) this.pass.poll(firmware.modem.engine);
    firmware.poll();
    this.watchLink(firmware, now);
    if (this.trial !== null) this.pollTrial(this.trial, now);
  }

  /** Modem UART bytes [0, length): to the firmware, or dropped while there is none. */
  receive(bytes: Uint8Array, length: number, words?: Int32Array): void {
    if (this.firmware !== null) this.firmware.receive(bytes, length, words);
    else if (this.registrar !== null) this.registrar.modem.receive(bytes, length, words);
  }

  writable(): void {
    if (this.firmware !== null) this.firmware.writable();
    else if (this.registrar !== null) this.registrar.modem.writable();
  }

  /** The modem driver running (the firmware's or the registrar's), or null. */
  private get modem(): Modem | null {
    if (this.firmware !== null) return this.firmware.modem;
    return this.registrar !== null ? this.registrar.modem : null;
  }

  /** Console bytes [offset, offset + length), as they arrive. */
  consoleReceive(bytes: Uint8Array, offset: number, length: number): void {
    this.lines.feed(bytes, offset, length);
  }

  // ---- states ----

  /** A config that can log in runs the firmware; one with a product secret and no device secret registers first. */
  private run(config: Config | null): void {
    if (config === null) return this.wait();
    if (needsRegistration(config)) return this.register(config);
    this.makeFirmware(config);
  }

  private register(config: Config): void {
    this.running = config;
    this.holdRelay();
    this.registrar = new Registrar(this.host, config);
    const line = "no deviceSecret: registering " + config.productKey + "/" + (config.deviceName !== "" ? config.deviceName : "<IMEI>") + " with the product secret";
    this.out(line);
    if (this.host.onEvent) this.host.onEvent("registration", line);
    if (this.started) this.registrar.modem.start();
  }

  private registerPoll(registrar: Registrar, now: number): void {
    this.guard.poll(now - this.bootAt, false);
    if (this.waitingRelay !== null) this.waitingRelay.poll();
    if (this.pass.busy) this.pass.poll(registrar.modem.engine);
    registrar.modem.poll();
    if (registrar.modem.released) this.handOver();
    else if (registrar.deviceSecret !== "" && !this.handingOver) this.registered(registrar);
  }

  /** The answer came: into NVS, then the normal login with it (the same settings a console `set` makes). */
  private registered(registrar: Registrar): void {
    const config = this.running as Config;
    const secret = registrar.deviceSecret;
    try {
      if (config.deviceName === "") this.host.settings.set("deviceName", registrar.deviceName);
      this.host.settings.set("deviceSecret", secret);
    } catch (error) {
      // Not activated until the first normal login: the next registration is answered again.
      this.host.log("error", "registration: NVS did not take the device secret (" + String(error) + "); registering again");
      registrar.deviceSecret = "";
      return;
    }
    this.handingOver = true;
    this.registeredNow = true;
    this.out("registered " + config.productKey + "/" + registrar.deviceName + ": deviceSecret stored, logging in");
    if (this.host.onEvent) this.host.onEvent("registration", "registered " + config.productKey + "/" + registrar.deviceName + ": deviceSecret stored in NVS");
    this.host.log("info", "registration done: deviceSecret stored in NVS, logging in");
    // The registration's client closed and the context down first: the firmware starts clean.
    registrar.modem.release();
  }

  private handOver(): void {
    if (this.pass.busy) return;
    this.settings = readSettings(this.build, this.host.settings, this.host.log);
    const next = this.settings.config;
    this.registrar = null;
    this.handingOver = false;
    if (next === null || needsRegistration(next)) return this.run(null);
    this.makeFirmware(next);
  }
  private makeFirmware(config: Config): void {
    const h = this.host;
    const safe = this.guard.safeMode;
    // Safe mode: no button, no sensor (and no schedules); the relay in its safe state. Updates
    // stay: one over the air is how a build that keeps crashing gets fixed.
    const host: FirmwareHost = safe
      ? { clock: h.clock, serial: h.serial, relay: h.relay, relay2: h.relay2, pwrkey: h.pwrkey, storage: h.storage, log: h.log, random: h.random, text: h.text, crypto: h.crypto, hmac: h.hmac, led: h.led, reboot: h.reboot, onEvent: h.onEvent, firmwareWriter: h.firmwareWriter, imageDigest: h.imageDigest }
      : h;
    const firmware = this.newFirmware(host, safe ? withRelayPolicy(config, config.safeRelay) : config);
    if (firmware === null) return this.wait();
    this.waitingRelay = null;
    this.running = config;
    this.firmware = firmware;
    if (h.onFirmware) h.onFirmware(firmware);
    if (this.started) firmware.start();
  }

  /**
   * The firmware, or null when this board cannot run the settings (gangs=2 without a second
   * relay pin): then the unit waits on the console as for any other config problem.
   */
  private newFirmware(host: FirmwareHost, config: Config): Firmware | null {
    try {
      return new Firmware(host, config);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.settings = { raw: this.settings.raw, config: null, problems: error.problems, unprovisioned: false };
      return null;
    }
  }

  private wait(): void {
    this.holdRelay();
    this.noticeAt = this.bootAt;
    // Once on the console at boot (the log repeats it every minute).
    this.out(this.waitingLine());
  }

  /** The relay still reaches its boot state: a unit waiting for its identity is still a switch on a wall. */
  private holdRelay(): void {
    if (this.waitingRelay !== null) return;
    const h = this.host;
    const policy: RelayBootPolicy = this.guard.safeMode ? "off" : "restore";
    this.waitingRelay = new Relay({ pin: h.relay, storage: h.storage, policy: policy, log: h.log, clock: h.clock, minSwitchMs: WAITING_RELAY_SWITCH_MS });
  }

  private waitPoll(now: number): void {
    this.guard.poll(now - this.bootAt, false);
    if (this.waitingRelay !== null) this.waitingRelay.poll();
    if (now < this.noticeAt) return;
    this.noticeAt = now + WAITING_NOTICE_MS;
    this.host.log("warn", this.waitingLine());
  }

  private waitingLine(): string {
    const what = this.settings.unprovisioned ? "no device identity" : "settings cannot run";
    return what + ", waiting for provisioning on the console: " + this.settings.problems.join("; ");
  }

  private watchLink(firmware: Firmware, now: number): void {
    if (!firmware.online) {
      this.onlineSince = -1;
      this.guard.poll(now - this.bootAt, false);
      return;
    }
    if (this.onlineSince < 0) this.onlineSince = now;
    const config = this.running as Config;
    this.guard.poll(now - this.bootAt, now - this.onlineSince >= config.stableOnlineMs);
    if (this.guard.safeMode && !this.safeReported) this.reportSafeMode(firmware, config);
    if (!this.rollbackReported) this.reportRollback(firmware);
  }

  /** The update's trial: kept once the link is stable, rolled back at the window's end. */
  private pollTrial(trial: OtaTrial, now: number): void {
    const config = this.running;
    const stable = this.onlineSince >= 0 && config !== null && now - this.onlineSince >= config.stableOnlineMs;
    if (trial.poll(now - this.bootAt, stable)) this.rebootSoon();
  }

  /** An earlier boot rolled an update back: the cloud hears it (Aliyun's "upgrade failed") once. */
  private reportRollback(firmware: Firmware): void {
    const image = this.host.bootImage;
    this.rollbackReported = true;
    if (image === undefined || image.rolledBack === "") return;
    if (firmware.otaReport(-1, "rolled back from " + image.rolledBack + ": it did not get online and stable")) image.forgetRollback();
    else this.rollbackReported = false;
  }

  /** An Alink event (`SafeMode`, its `Reason`), once per boot; the product's TSL defines it. */
  private reportSafeMode(firmware: Firmware, config: Config): void {
    const topic = "/sys/" + config.productKey + "/" + config.deviceName + "/thing/event/SafeMode/post";
    const payload = '{"id":"' + firmware.boot + '","version":"1.0","params":{"Reason":' + JSON.stringify(this.guard.reason) + '},"method":"thing.event.SafeMode.post"}';
    if (firmware.modem.publish(topic, payload, PUBLISH_STATE)) this.safeReported = true;
  }

  // ---- the console (ConsoleActions) ----

  out(line: string): void {
    if (this.host.consoleOut) this.host.consoleOut(line);
  }

  help(): void {
    this.out(CONSOLE_HELP);
    this.out("keys: " + SETTING_KEYS.join(" "));
  }

  reboot(): void {
    this.out("rebooting");
    this.rebootSoon();
  }

  status(): void {
    const now = this.host.clock.now();
    const firmware = this.firmware;
    this.out("state " + this.state + ", up " + Math.floor((now - this.bootAt) / 1000) + " s" + (firmware !== null ? ", boot " + firmware.boot : ""));
    if (this.guard.safeMode) this.out("safe mode: " + this.guard.reason);
    if (this.registrar !== null) return this.out(this.registrar.describe());
    if (firmware === null) return this.out(this.waitingLine());
    const s = firmware.status();
    const config = this.running as Config;
    this.out("device " + config.productKey + "/" + config.deviceName + " at " + config.mqttHost + ":" + config.mqttPort);
    if (config.productSecret !== "") this.out("registered by dynamic registration" + (this.registeredNow ? " this boot" : "") + ", deviceSecret in NVS");
    this.out(moduleLine(s.modemModel, s.modemRevision));
    this.out("modem " + s.modem + (s.reason !== "" ? " (" + s.reason + ")" : "") + ", relay " + s.relay + ", queued " + s.queued);
    this.out(otaLine(s.ota));
  }

  show(key: string): void {
    let source = "default";
    let stored: string | undefined;
    try {
      source = sourceOf(key, this.build, this.host.settings);
      stored = this.host.settings.get(key);
    } catch (error) {
      return this.out("error: NVS cannot be read: " + String(error));
    }
    const value = this.effective(key, stored);
    if (isSecretKey(key)) return this.out(key + " " + secretShown(value) + " [" + source + "]");
    const shown = value !== undefined ? describe(value) : "not set";
    // A stored value the running firmware does not use yet (set since boot).
    const pending = stored !== undefined && String(value) !== stored ? " (stored " + describe(stored) + ", after reboot)" : "";
    this.out(key + " = " + shown + " [" + source + "]" + pending);
  }

  /** The value in use: the running config's, else what is stored or built in. */
  private effective(key: string, stored: string | undefined): unknown {
    const config = this.running;
    if (config !== null) return (config as unknown as Record<string, unknown>)[key];
    const value = stored !== undefined ? stored : this.settings.raw[key];
    return value === null || value === "" ? undefined : value;
  }

  set(key: string, value: string): void {
    const problems = checkSetting(this.settings.raw, key, value);
    if (problems.length > 0) return this.out("error: " + problems.join("; "));
    try {
      this.host.settings.set(key, value);
    } catch (error) {
      return this.out("error: NVS did not take " + key + ": " + String(error));
    }
    this.out(key + " saved" + (isSecretKey(key) ? " (" + value.length + " characters)" : " = " + describe(value)));
    this.changed(key, value);
  }

  unset(key: string): void {
    try {
      this.host.settings.remove(key);
    } catch (error) {
      return this.out("error: NVS did not remove " + key + ": " + String(error));
    }
    this.out(key + " unset (the " + (sourceOf(key, this.build, this.host.settings) === "build" ? "build's" : "default") + " value applies)");
    this.changed(key, undefined);
  }

  /**
   * After a change (`value` undefined: unset): a waiting unit that can now run starts; a
   * running one takes it at the next boot, so only the settings the next check starts from
   * change. Not re-read from NVS and re-parsed whole: with every cloud's keys that made a
   * console `set` longer than a turn's budget on the device (test/xs/app.test.ts).
   */
  private changed(key: string, value: string | undefined): void {
    // A running firmware or registration keeps its config until the reboot: note the change only.
    if (this.firmware !== null || this.registrar !== null) {
      const raw = this.settings.raw;
      if (value !== undefined) raw[key] = value;
      else if (Object.prototype.hasOwnProperty.call(this.build, key)) raw[key] = this.build[key];
      else delete raw[key];
      return this.out("takes effect after reboot");
    }
    this.settings = readSettings(this.build, this.host.settings, this.host.log);
    const config = this.settings.config;
    if (config === null) return this.out("still waiting: " + this.settings.problems.join("; "));
    this.out("provisioned: starting");
    this.host.log("info", "provisioned on the console: starting");
    this.run(config);
  }

  /**
   * The console's factory-reset: what a long press does (schedules, countdown, relay memory
   * and boot counter cleared; src/app/factory-reset.ts), then a reboot. The identity and the
   * other settings are kept, as a long press keeps them: `unset` removes a setting.
   */
  factoryReset(): void {
    clearUserData(this.host.storage, this.host.log);
    if (this.firmware !== null) this.firmware.factoryReset();
    if (this.host.factoryReset) this.host.factoryReset();
    this.out("factory reset: schedules, countdown, relay memory and boot counter cleared, settings kept; rebooting");
    this.rebootSoon();
  }

  private rebootSoon(): void {
    this.rebootAt = this.host.clock.now() + REBOOT_DELAY_MS;
  }

  atCommand(line: string): void {
    if (this.modem === null) return this.out("error: the modem is not running (" + this.state + ")");
    if (!this.pass.queue(line)) this.out("error: the last at command has not finished");
  }
}

/** The config with another relay boot policy (safe mode's). */
function withRelayPolicy(config: Config, policy: RelayBootPolicy): Config {
  const copy = {} as Record<string, unknown>;
  const keys = Object.keys(config);
  for (let i = 0; i < keys.length; i++) copy[keys[i]] = (config as unknown as Record<string, unknown>)[keys[i]];
  copy.relayBootPolicy = policy;
  return copy as unknown as Config;
}

function secretShown(value: unknown): string {
  return value !== undefined && value !== "" ? "set, " + String(value).length + " characters (not shown)" : "not set";
}

/** `firmware 1.0.0`, and an update under way or the last one refused. */
function otaLine(ota: OtaStatus): string {
  const line = "firmware " + ota.version;
  if (ota.state === "downloading") return line + ", downloading " + ota.target + " " + ota.percent + "%";
  if (ota.state === "waiting" || ota.state === "rebooting") return line + ", update " + ota.target + " " + ota.state;
  return ota.state === "failed" ? line + ", update " + ota.target + " refused: " + ota.error : line;
}

/** The module as identified (`modem=auto`) or configured, and its firmware revision when known. */
function moduleLine(model: string, revision: string): string {
  return "module " + model + (revision !== "" ? ", revision " + revision : "");
}
