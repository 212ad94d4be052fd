/**
 * createRig(): one switch on a PC, wired and running. The composition every Node entry point
 * builds on (npm start, --headless, the e2e tests, fault runs, fleets, benchmarks):
 *
 *   cloud   the embedded Aliyun-compatible broker on 127.0.0.1 with the demo device and a
 *           console login (default), a broker shared by many rigs, or an external `mqtt://` URL
 *   modem   the EC600S simulator in-process (default; off at start, so the firmware probes it,
 *           finds it silent and pulses PWRKEY), or a real module on `port`
 *   board   relay and PWRKEY pins, a simulated SHT3x in a room the relay heats, NVS storage
 *   core    the firmware itself, polled every `pollMs` of simulated time
 *
 * Time is simulated and scaled (time.ts): `timeScale` 0.05 runs a 7 s bring-up in ~0.4 s.
 *
 *   const rig = await createRig({ timeScale: 0.05 });
 *   await rig.waitFor("online", 5000);
 *   const cloud = await rig.connectConsole();          // closed by rig.stop()
 *   await cloud.setProperty(rig.device.productKey, rig.device.deviceName, { PowerSwitch_1: 1 });
 *   rig.inject("qmtstat:2");
 *   await rig.stop();
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventEmitter } from "node:events";
import type { DeviceTriple } from "../../sim/aliyun";
import { connectConsole, waitForEvent, type CloudConsole, type ConsoleCredentials, type RunningBroker } from "../../sim/broker";
import type { RegistrationProduct } from "../../sim/aliyun/register";
import type { Ec600sDelays, Ec600sSimulator } from "../../sim/ec600s";
import { DEFAULT_IMEI } from "../../sim/ec600s/options";
import { SimFiles } from "../../sim/ota/files";
import { parseConfig, type Config } from "../../src/app/config";
import type { Firmware, FirmwareHost } from "../../src/app/firmware";
import { Unit, type UnitHost } from "../../src/app/unit";
import { NativeCrypto } from "./crypto";
import { NativeText } from "./text";
import type { Log, Sensor, SettingsStore, Storage } from "../../src/hal";
import { AtTrace } from "./at-trace";
import { cloudSide, type CloudSide } from "./cloud-side";
import { DEMO_CLOUDS, DEMO_DEVICE } from "./demo-device";
import type { SimCloud } from "../../sim/clouds/rules";
import type { RigEvent, RigEventBody, RigEvents } from "./events";
import type { LineSink } from "./log";
import { realModem, simulatedModem, type ModemLink, type SimulatorExtras } from "./modem-link";
import { FirmwareMonitor } from "./monitor";
import { RelayPin } from "./pins";
import { SimulatedRoom } from "./room";
import { elapsedStamp, wallStamp } from "./stamp";
import { MemoryStorage } from "./storage";
import { BROKEN_KEY, FirmwareFile, INSTALLED_VERSION_KEY, NativeDigest } from "./firmware-file";
import { simTime, type SimTime } from "./time";
import type { PortOpener } from "./uart";

export interface RigOptions {
  /** Real ms per simulated ms (time.ts): 1 is life, 0.05 is 20x faster. Must be 1 with `port`. */
  timeScale?: number;
  /** An external broker (`mqtt://host:port`, checked reachable), or a RunningBroker shared by several rigs. Default: an embedded one. */
  broker?: string | RunningBroker;
  /** Console login for a shared or external broker (the embedded one's is DEMO_CONSOLE). */
  consoleLogin?: ConsoleCredentials;
  /** A real EC600S on this serial device instead of the simulator; without `broker` it talks to real Aliyun. */
  port?: string;
  baud?: number;
  /** Default: the demo device (demo-device.ts). */
  device?: Partial<DeviceTriple>;
  /**
   * Dynamic registration: the image carries productKey and this product secret, not the
   * device's secret; the unit registers `deviceName` (default: the simulated module's IMEI),
   * which the embedded or shared broker pre-registers. `device.deviceSecret` is not used.
   */
  register?: { productSecret: string; deviceName?: string };
  /** The cloud (default aliyun): the firmware's profile, and what the embedded broker plays. Other clouds' credentials go in `config`. */
  cloud?: SimCloud;
  /** Raw firmware config keys on top of the rig's (parseConfig rules; ConfigError if bad). */
  config?: Record<string, unknown>;
  /** Simulated module delays (simulated ms). */
  delays?: Partial<Ec600sDelays>;
  /** Other simulator options: seed, pubexPrompt, bootUrcs, simPresent... */
  simulator?: SimulatorExtras;
  /** Simulator faults injected at start (faults.ts syntax, e.g. "loss:p=0.001"). */
  faults?: string;
  /** The module is on before the firmware starts (default false: the firmware powers it with PWRKEY). */
  modemOn?: boolean;
  /** AT trace lines, `[00:00:03.214][TX] AT+CPIN?\r` (at-trace.ts). */
  trace?: LineSink;
  /** The firmware's log (default: none). Every line is also a `log` event. */
  log?: Log;
  /** NVS (integers and the text settings). Pass the same one to a new rig to simulate a power cycle of the board. */
  storage?: Storage & SettingsStore;
  /** Where updates over the air write their image (default a directory under the OS's temp dir). */
  otaDir?: string;
  /**
   * False: the image carries no device identity (one image for every unit); the unit waits
   * for it in NVS (the console's `set`), while the broker still knows `device`. Default true.
   */
  provisioned?: boolean;
  /** The serial console's output lines (the unit's answers); input goes in with `consoleInput`. */
  consoleOut?: (line: string) => void;
  /** Simulated ms without a poll before the task watchdog resets the ESP32 (ESP-IDF's 5 s). */
  watchdogMs?: number;
  /** Default: the simulated room; false: no sensor. */
  sensor?: Sensor | false;
  /** Backoff jitter (default Math.random). */
  random?: () => number;
  /** Serial opener for `port` (tests pass SerialPortMock). */
  openPort?: PortOpener;
  /** Power the board on in createRig (default true). False: attach listeners first, then `start()`. */
  autoStart?: boolean;
}

export type RigEventType = RigEvent["type"];

export interface Rig {
  /** The running firmware (a new object after rebootFirmware()); throws before start() and while the unit waits for provisioning. */
  readonly firmware: Firmware;
  /** The unit around it (boot-loop guard, NVS settings, console); throws before start(). */
  readonly unit: Unit;
  readonly config: Config;
  /** Null with a real modem. */
  readonly simulator: Ec600sSimulator | null;
  /** What the simulated module's HTTP client serves (update images, with their faults). */
  readonly files: SimFiles;
  /** The in-process broker (embedded or shared); null for an external one. */
  readonly broker: RunningBroker | null;
  /** The broker's URL for a console or another client; null against real Aliyun. */
  readonly brokerUrl: string | null;
  readonly consoleLogin: ConsoleCredentials | undefined;
  /** The device as the cloud's console names it (for a plain broker: the topic prefix). */
  readonly device: DeviceTriple;
  /** The device as the embedded broker registers it (for a plain broker: username and password). */
  readonly registered: DeviceTriple;
  readonly time: SimTime;
  readonly relay: RelayPin;
  /** The second gang's relay (driven only with gangs=2). */
  readonly relay2: RelayPin;
  readonly storage: Storage & SettingsStore;
  /** Everything that happens (events.ts). */
  readonly events: EventEmitter<RigEvents>;
  /** Power the board on: the firmware boots and starts polling. Once; createRig does it unless autoStart is false. */
  start(): void;
  readonly started: boolean;
  /** A console client ("the cloud"), already watching the device; closed by stop(). */
  connectConsole(): Promise<CloudConsole>;
  /** A simulator fault (faults.ts syntax). Throws with a real modem. */
  inject(fault: string): void;
  /** Reset the ESP32: a new unit (and firmware) on the same storage and modem (which keeps running). */
  rebootFirmware(): Unit;
  /** The ESP32's XS task stops in a turn that never ends: no poll, no UART; the task watchdog resets it. */
  hang(): void;
  /** Bytes typed on the serial console. */
  consoleInput(text: string): void;
  /** Run `fn` after `simMs` simulated ms, unless the rig stops first. */
  later(fn: () => void, simMs: number): void;
  /** Add an event to the stream (a fault run by a script, a note). */
  emit(body: RigEventBody): void;
  /** The next event of `type` (that `accept` takes), or a rejection after timeoutMs real ms. */
  waitFor<T extends RigEventType>(type: T, timeoutMs: number, accept?: (e: Extract<RigEvent, { type: T }>) => boolean): Promise<Extract<RigEvent, { type: T }>>;
  /** Stops polling, powers the module off, closes consoles, port and (if owned) broker. */
  stop(): Promise<void>;
}

export class RigError extends Error {}

export async function createRig(options: RigOptions = {}): Promise<Rig> {
  const time = rigTime(options);
  const image = rigImage(options);
  const raw = image.raw;
  // A bad device name or setting fails here, before a broker or a port is opened.
  const parsed = identity(parseConfig(raw));
  // Registering, the device is known by the name it registers (its secret comes later).
  const device = image.registering ?? parsed.device;
  const registered = image.registering ?? parsed.registered;
  // Everything is left to NVS (what the console sets) when the image carries no identity.
  const cloud = await cloudSide({ broker: options.broker, consoleLogin: options.consoleLogin, realModem: options.port !== undefined, cloud: options.cloud, product: image.product }, registered);
  try {
    const config = parseConfig({ ...raw, ...cloud.config, ...options.config });
    const events = new EventEmitter<RigEvents>();
    const files = rigFiles(options);
    const modem = await openModem({ ...options, simulator: { ...options.simulator, files } }, time, cloud, config, events);
    const rig = new RunningRig(options, time, device, registered, raw, cloud, config, modem, events, files);
    if (options.autoStart !== false) rig.start();
    return rig;
  } catch (error) {
    if (cloud.owned) await cloud.broker?.close();
    throw error;
  }
}

/**
 * What the image carries (`raw`) and, for dynamic registration, the product the broker
 * registers it in and the device as it will be known once registered.
 */
function rigImage(options: RigOptions): { raw: Record<string, unknown>; product?: RegistrationProduct; registering?: DeviceTriple } {
  if (options.cloud && options.cloud !== "aliyun") return { raw: { ...DEMO_CLOUDS[options.cloud], ...options.config } };
  const device = { ...DEMO_DEVICE, ...options.device };
  const register = options.register;
  if (!register) return { raw: { ...device, ...options.config } };
  const deviceName = register.deviceName ?? options.simulator?.imei ?? DEFAULT_IMEI;
  const raw: Record<string, unknown> = { productKey: device.productKey, productSecret: register.productSecret };
  if (register.deviceName !== undefined) raw.deviceName = register.deviceName;
  const product = { productKey: device.productKey, productSecret: register.productSecret, deviceNames: [deviceName] };
  return { raw: { ...raw, ...options.config }, product, registering: { productKey: device.productKey, deviceName, deviceSecret: "" } };
}

/**
 * The device as a console names it (`device`: Aliyun pk/dn, OneNET pid/dn, Huawei ""/id, a
 * plain broker's topic prefix/""), and as the embedded broker registers it (`registered`:
 * the same, but a plain broker knows a username and password).
 */
function identity(c: Config): { device: DeviceTriple; registered: DeviceTriple } {
  const same = (productKey: string, deviceName: string, deviceSecret: string) => ({ device: { productKey, deviceName, deviceSecret }, registered: { productKey, deviceName, deviceSecret } });
  if (c.cloud === "onenet") return same(c.productId, c.deviceName, c.deviceKey);
  if (c.cloud === "huawei") return same("", c.deviceId, c.deviceSecret);
  if (c.cloud === "mqtt") return { device: { productKey: c.topicPrefix, deviceName: "", deviceSecret: "" }, registered: { productKey: "", deviceName: c.username, deviceSecret: c.password } };
  return same(c.productKey, c.deviceName, c.deviceSecret);
}

/** What the simulated module's HTTP client reaches (update images): the rig's own unless given. */
function rigFiles(options: RigOptions): SimFiles {
  return options.simulator?.files ?? new SimFiles();
}

function rigTime(options: RigOptions): SimTime {
  const scale = options.timeScale ?? 1;
  if (options.port !== undefined && scale !== 1) throw new RigError("a real modem runs in real time: --time-scale must be 1 with --port");
  return simTime(scale);
}

function openModem(options: RigOptions, time: SimTime, cloud: CloudSide, config: Config, events: EventEmitter<RigEvents>): Promise<ModemLink> | ModemLink {
  const stamp = options.port !== undefined ? wallStamp() : elapsedStamp(time);
  const tap = options.trace ? new AtTrace(options.trace, stamp) : undefined;
  if (options.port !== undefined) {
    const log = (level: "info" | "error", message: string): void => void events.emit("event", { type: "log", level, message, at: time.now(), wall: Date.now() });
    return realModem({ path: options.port, baudRate: options.baud ?? 115200, tap, log, open: options.openPort });
  }
  const configured = { host: config.mqttHost, port: config.mqttPort };
  // The simulator is the module the firmware is configured for.
  const extras = { model: config.modem === "a7670" ? ("a7670" as const) : ("ec600s" as const), ...options.simulator };
  const modem = simulatedModem({ time, route: (e) => cloud.route(e, configured), delays: options.delays, extras, tap, powered: options.modemOn === true });
  if (options.faults) modem.simulator?.inject(options.faults);
  return modem;
}

const WATCHDOG_MS = 5000;
const WATCHDOG_TICK_MS = 250;

class RunningRig implements Rig {
  readonly relay: RelayPin;
  /** The second gang's relay (driven only with gangs=2). */
  readonly relay2: RelayPin;
  readonly storage: Storage & SettingsStore;
  readonly simulator: Ec600sSimulator | null;
  readonly broker: RunningBroker | null;
  readonly brokerUrl: string | null;
  readonly consoleLogin: ConsoleCredentials | undefined;
  private current: Unit | undefined;
  private readonly host: UnitHost;
  private readonly build: Record<string, unknown>;
  /** The update partition and the boot image's standing (FirmwareWriter, BootImage). */
  private readonly image: FirmwareFile;
  /** node:crypto's HMACs (the SIMCom login's SHA-1, the signed logins' SHA-256). */
  private readonly crypto = new NativeCrypto();
  private readonly watchdogMs: number;
  private hung = false;
  private fed = false;
  private starvedTicks = 0;
  private watchdog: NodeJS.Timeout | undefined;
  private readonly monitor: FirmwareMonitor;
  private readonly consoles = new Set<CloudConsole>();
  private timer: NodeJS.Timeout | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    options: RigOptions,
    readonly time: SimTime,
    readonly device: DeviceTriple,
    readonly registered: DeviceTriple,
    raw: Record<string, unknown>,
    private readonly cloud: CloudSide,
    readonly config: Config,
    private readonly modem: ModemLink,
    readonly events: EventEmitter<RigEvents>,
    readonly files: SimFiles,
  ) {
    this.simulator = modem.simulator;
    this.broker = cloud.broker;
    this.brokerUrl = cloud.url;
    this.consoleLogin = cloud.consoleLogin;
    this.storage = options.storage ?? new MemoryStorage();
    this.relay = new RelayPin();
    this.relay2 = new RelayPin();
    this.monitor = new FirmwareMonitor(time, events);
    this.image = new FirmwareFile(options.otaDir ?? defaultOtaDir(), this.storage, (level, message) => options.log?.(level, message));
    this.host = this.makeHost(options);
    this.watchdogMs = options.watchdogMs ?? WATCHDOG_MS;
    this.build = { ...(options.provisioned === false ? {} : raw), ...cloud.config, ...options.config };
  }

  get unit(): Unit {
    if (!this.current) throw new RigError("the rig has not been started");
    return this.current;
  }

  get firmware(): Firmware {
    const firmware = this.unit.firmware;
    if (!firmware) throw new RigError(`the unit runs no firmware (${this.unit.state})`);
    return firmware;
  }

  get started(): boolean {
    return this.current !== undefined;
  }

  start(): void {
    if (this.current || this.stopped) return;
    // A module already on has RDY pending on relative timers, which a new origin leaves alone.
    this.time.rebase();
    this.current = this.boot();
  }

  private makeHost(options: RigOptions): UnitHost {
    const log = options.log;
    const host: FirmwareHost = {
      clock: this.time,
      serial: this.modem.serial,
      relay: this.relay,
      relay2: this.relay2,
      pwrkey: this.modem.pwrkey,
      storage: this.storage,
      sensor: options.sensor === false ? undefined : (options.sensor ?? new SimulatedRoom(this.time, { heater: () => this.relay.level })),
      random: options.random,
      text: new NativeText(),
      crypto: this.crypto,
      hmac: this.crypto,
      log: (level, message) => {
        log?.(level, message);
        this.monitor.emit({ type: "log", level, message });
      },
      onEvent: this.monitor.onEvent,
      // After a factory reset: out of the firmware's own poll, like the ESP32's restart.
      reboot: () => this.later(() => void this.rebootFirmware(), 0),
      firmwareWriter: this.image,
      imageDigest: new NativeDigest(),
    };
    return {
      ...host,
      bootImage: this.image,
      settings: this.storage,
      // The board restarts: a new unit on the same NVS, the module keeps running.
      restart: () => void this.rebootFirmware(),
      consoleOut: options.consoleOut,
      onFirmware: (firmware) => {
        this.monitor.watch(firmware);
        this.monitor.emit({ type: "firmware-boot", boot: firmware.boot });
      },
    };
  }

  /**
   * The build's config, as the image an update installed has it: its version, and for a
   * "broken" image (the rollback demo) a broker port nothing listens on, so it never gets online.
   */
  private bootConfig(): Record<string, unknown> {
    const installed = this.storage.get(INSTALLED_VERSION_KEY);
    if (installed === undefined) return this.build;
    const broken = this.storage.get(BROKEN_KEY) === installed;
    return broken ? { ...this.build, firmwareVersion: installed, mqttPort: 1 } : { ...this.build, firmwareVersion: installed };
  }

  private boot(): Unit {
    // The version an update installed is the image's own, as on the board.
    const unit = new Unit(this.host, this.bootConfig());
    // A hung task services no UART: what the module says meanwhile is lost, as on the board.
    this.modem.attach({
      receive: (bytes, length) => {
        if (!this.hung) unit.receive(bytes, length);
      },
      writable: () => {
        if (!this.hung) unit.writable();
      },
    });
    if (!unit.firmware && !unit.registrar) this.monitor.emit({ type: "log", level: "warn", message: `unit ${unit.state}: ${unit.settings.problems.join("; ")}` });
    unit.start();
    this.hung = false;
    this.starvedTicks = 0;
    this.timer = setInterval(() => this.poll(unit), this.time.realMs(this.config.pollMs));
    this.watchdog ??= setInterval(() => this.checkWatchdog(), this.time.realMs(WATCHDOG_TICK_MS));
    return unit;
  }

  // Like the device's main loop: a throw is logged, the loop goes on; each turn feeds the task watchdog.
  private poll(unit: Unit): void {
    if (this.hung) return;
    this.fed = true;
    try {
      unit.poll();
    } catch (error) {
      this.host.log("error", "poll: " + (error instanceof Error ? (error.stack ?? error.message) : String(error)));
    }
  }

  /**
   * ESP-IDF's task watchdog: the XS task not back in its event loop for watchdogMs resets the
   * board. Counted in its own ticks, each of which must find no turn since the last: a Node
   * process stalled by a loaded machine delays both timers alike and costs one tick, not a reset.
   */
  private checkWatchdog(): void {
    if (this.stopped || !this.current) return;
    this.starvedTicks = this.fed ? 0 : this.starvedTicks + 1;
    this.fed = false;
    if (this.starvedTicks * WATCHDOG_TICK_MS < this.watchdogMs) return;
    this.emit({ type: "fault", name: "task-watchdog", detail: `the XS task did not yield for ${this.watchdogMs / 1000} s: the task watchdog resets the ESP32` });
    this.rebootFirmware();
  }

  rebootFirmware(): Unit {
    clearInterval(this.timer);
    const unit = this.boot();
    this.current = unit;
    return unit;
  }

  hang(): void {
    this.hung = true;
  }

  consoleInput(text: string): void {
    const bytes = new Uint8Array(Buffer.from(text, "latin1"));
    this.unit.consoleReceive(bytes, 0, bytes.length);
  }

  inject(fault: string): void {
    if (!this.simulator) throw new RigError("faults need the simulated modem (not available with --port)");
    this.simulator.inject(fault);
    this.emit({ type: "fault", name: fault, detail: "injected into the simulated module" });
  }

  emit(body: RigEventBody): void {
    this.monitor.emit(body);
  }

  later(fn: () => void, simMs: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, this.time.realMs(simMs));
    this.timers.add(timer);
  }

  async connectConsole(): Promise<CloudConsole> {
    if (this.cloud.url === null) throw new RigError("no console: the device talks to real Aliyun (give --broker to use a console)");
    const login = this.cloud.consoleLogin;
    const cloud = await connectConsole(this.cloud.url, { ...login, cloud: this.config.cloud });
    this.consoles.add(cloud);
    cloud.mqtt.once("close", () => this.consoles.delete(cloud));
    await cloud.watch(this.device.productKey, this.device.deviceName);
    return cloud;
  }

  async waitFor<T extends RigEventType>(type: T, timeoutMs: number, accept?: (e: Extract<RigEvent, { type: T }>) => boolean): Promise<Extract<RigEvent, { type: T }>> {
    const match = (e: RigEvent): boolean => e.type === type && (!accept || accept(e as Extract<RigEvent, { type: T }>));
    const [event] = await waitForEvent(this.events, "event", match, timeoutMs);
    return event as Extract<RigEvent, { type: T }>;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    clearInterval(this.watchdog);
    for (const timer of this.timers) clearTimeout(timer);
    await Promise.all([...this.consoles].map((c) => c.close().catch(() => undefined)));
    await this.modem.close();
    if (this.cloud.owned) await this.cloud.broker?.close();
  }
}

/** One directory per process: parallel rigs (tests) never share an image being written. */
function defaultOtaDir(): string {
  return join(tmpdir(), `cat1-switch-ota-${process.pid}`);
}
