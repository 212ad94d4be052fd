import { contains, find } from "../at/text";
import { MODEM_DEFAULTS, ModemConfig } from "../modem/config";
import { MODEM_NAMES } from "../modem/dialects";
import { ConfigReader, describe, TextRule } from "./config-reader";
import { constant } from "../at/constant";
import { CloudConfig, defaultHost, defaultPort, readCloud, readCloudConfig, requiresTriple } from "./cloud-config";

/** This source tree's firmware version, unless the build says otherwise. */
export const FIRMWARE_VERSION = "1.0.0";

export type RelayBootPolicy = "restore" | "off" | "on";

/** The whole product's settings: the modem's slice plus the app's. */
export interface Config extends ModemConfig, CloudConfig {
  /** Aliyun region, used only to build the default mqttHost. */
  region: string;
  /** Period of the host's poll timer. */
  pollMs: number;
  relayBootPolicy: RelayBootPolicy;
  /** Least time between two switches of the relay: faster commands are held, the latest wins. */
  relayMinSwitchMs: number;
  buttonDebounceMs: number;
  /** Holding the button this long resets to factory settings (0: never). */
  factoryResetMs: number;
  /** One measurement every this many ms. */
  sensorIntervalMs: number;
  /** A smoothed value that moves more than this (degC / %RH) since the last report is reported. */
  reportDeadbandTemperature: number;
  reportDeadbandHumidity: number;
  /** Report at least this often, even when nothing moved. */
  heartbeatMs: number;
  /** Weight of a new sample in the exponential moving average; 1 is no smoothing. */
  smoothing: number;
  /** This many quick boots in a row and the next one starts in safe mode; 0: never. */
  bootLoopBoots: number;
  /** A boot that ends sooner than this (and before the link was stable) was a quick one. */
  bootLoopMs: number;
  /** The relay's state in safe mode. */
  safeRelay: RelayBootPolicy;
  /**
   * Aliyun's product secret, for dynamic registration: with it and no deviceSecret the unit
   * registers once (deviceName defaults to the module's IMEI) and keeps the secret it gets.
   */
  productSecret: string;
  /** A refused registration is retried after this, doubling up to registerBackoffMaxMs. */
  registerBackoffMs: number;
  registerBackoffMaxMs: number;
  /**
   * The running firmware's version, reported to the cloud at every connect (OTA): the build
   * sets it (mcconfig), the PC host sets what its simulated update last installed.
   */
  firmwareVersion: string;
  /** An update must get online and stable within this long of its first boot, or it is rolled back. */
  otaTrialMs: number;
}

/**
 * A configuration that cannot run. Not an Error subclass: on Espruino `super(message)` leaves
 * `message` unset, and on Moddable Error.prototype is frozen after preload. Fields, not
 * assignments, for the same reason.
 */
export class ConfigError {
  readonly name = "ConfigError";
  readonly message: string;
  /** One line per problem. */
  readonly problems: string[];

  /** One problem (hosts checking their own keys), or all of them. */
  constructor(problems: string | string[]) {
    const list = typeof problems === "string" ? [problems] : problems;
    this.message = list.join("; ");
    this.problems = list;
  }

  toString(): string {
    return this.name + ": " + this.message;
  }
}

const D = MODEM_DEFAULTS;
const DAY = 86400000;
const RELAY_BOOT_POLICIES: RelayBootPolicy[] = constant(["restore", "off", "on"]);

// Aliyun allows these in productKey and deviceName; anything else would also change topics.
const NAME = /^[A-Za-z0-9_\-@.:]+$/;
const NAME_WORDS = "letters, digits and _-@.:";
// These travel inside quoted AT parameters: no '"', and no control characters.
const QUOTABLE = /^[\x20\x21\x23-\x7e]*$/;
const QUOTABLE_WORDS = "printable ASCII without '\"'";

const PRODUCT_KEY: TextRule = constant({ min: 1, max: 32, pattern: NAME, allowed: NAME_WORDS, secret: false });
const DEVICE_NAME: TextRule = constant({ min: 4, max: 32, pattern: NAME, allowed: NAME_WORDS, secret: false });
const CLIENT_ID: TextRule = constant({ min: 1, max: 64, pattern: NAME, allowed: NAME_WORDS, secret: false });
const SECRET: TextRule = constant({ min: 1, max: 64, pattern: /^[\x21\x23-\x7e]+$/, allowed: "printable ASCII without spaces or '\"'", secret: true });
const APN: TextRule = constant({ min: 1, max: 62, pattern: QUOTABLE, allowed: QUOTABLE_WORDS, secret: false });
const APN_LOGIN: TextRule = constant({ min: 0, max: 62, pattern: QUOTABLE, allowed: QUOTABLE_WORDS, secret: false });
const APN_PASSWORD: TextRule = constant({ min: 0, max: 62, pattern: QUOTABLE, allowed: QUOTABLE_WORDS, secret: true });
const HOST: TextRule = constant({ min: 1, max: 100, pattern: /^[A-Za-z0-9.\-]+$/, allowed: "letters, digits, '.' and '-'", secret: false });
/** Aliyun's package version rule: letters, digits, '.', '-' and '_', 1-64 characters. */
const VERSION: TextRule = constant({ min: 1, max: 64, pattern: /^[A-Za-z0-9._\-]+$/, allowed: "letters, digits, '.', '-' and '_'", secret: false });
const REGION: TextRule = constant({ min: 1, max: 32, pattern: /^[a-z0-9\-]+$/, allowed: "lowercase letters, digits and '-'", secret: false });

/**
 * The legacy public-instance endpoint Aliyun documents, `<productKey>.iot-as-mqtt.<region>.aliyuncs.com`.
 * The seed's capture used the host without the productKey; newer instances have their own
 * `<instanceId>.mqtt.iothub.aliyuncs.com`: set mqttHost for either.
 */
export function aliyunHost(productKey: string, region: string): string {
  return productKey + ".iot-as-mqtt." + region + ".aliyuncs.com";
}

/**
 * Validate a raw config (flat values from mc/config, strings from the mcconfig command line,
 * or numbers) into a Config. Unknown keys are ignored: mc/config carries the host's too.
 * Throws one ConfigError listing every problem.
 */
export function parseConfig(raw: Record<string, unknown>): Config {
  const r = new ConfigReader(raw);
  const cloud = readCloud(r);
  const productKey = triple(r, cloud, "productKey", PRODUCT_KEY);
  const productSecret = r.text("productSecret", SECRET, "");
  // Dynamic registration (Aliyun) names the device (the module's IMEI by default) and gets its
  // secret (a bad product secret is its own problem: the triple is not asked for on top).
  const registers = cloud === "aliyun" && r.given("productSecret") !== undefined;
  const deviceName = registers ? r.text("deviceName", DEVICE_NAME, "") : triple(r, cloud, "deviceName", DEVICE_NAME);
  const region = r.text("region", REGION, "cn-shanghai");
  const cloudConfig = readCloudConfig(r, cloud);
  const tls = readTls(r);
  const config: Config = {
    modem: r.choice("modem", MODEM_NAMES, D.modem),
    cloud: cloud,
    gangs: cloudConfig.gangs,
    productId: cloudConfig.productId,
    deviceKey: cloudConfig.deviceKey,
    tokenExpiry: cloudConfig.tokenExpiry,
    deviceId: cloudConfig.deviceId,
    serviceId: cloudConfig.serviceId,
    huaweiTimestamp: cloudConfig.huaweiTimestamp,
    username: cloudConfig.username,
    password: cloudConfig.password,
    topicPrefix: cloudConfig.topicPrefix,
    productKey: productKey,
    deviceName: deviceName,
    deviceSecret: registers ? r.text("deviceSecret", SECRET, "") : triple(r, cloud, "deviceSecret", SECRET),
    region: region,
    apn: r.text("apn", APN, D.apn),
    apnUser: r.text("apnUser", APN_LOGIN, D.apnUser),
    apnPassword: r.text("apnPassword", APN_PASSWORD, D.apnPassword),
    apnAuth: r.int("apnAuth", 0, 3, D.apnAuth),
    mqttHost: mqttHost(r, cloud, productKey, region),
    mqttPort: r.int("mqttPort", 1, 65535, defaultPort(cloud, tls)),
    tls: tls,
    caCert: readCaCert(r, tls),
    keepaliveS: r.int("keepaliveS", 30, 1200, D.keepaliveS),
    clientId: r.text("clientId", CLIENT_ID, deviceName !== "" ? deviceName : "cat1-switch"),
    clientIndex: r.int("clientIndex", 0, 5, D.clientIndex),
    publishQos: r.int("publishQos", 0, 1, D.publishQos),
    payloadBytes: r.int("payloadBytes", 128, 4096, D.payloadBytes),
    queueSlots: r.int("queueSlots", 1, 32, D.queueSlots),

    atTimeoutMs: r.int("atTimeoutMs", 100, 60000, D.atTimeoutMs),
    probeTimeoutMs: r.int("probeTimeoutMs", 50, 10000, D.probeTimeoutMs),
    probeAttempts: r.int("probeAttempts", 1, 20, D.probeAttempts),
    pwrkeyPulseMs: r.int("pwrkeyPulseMs", 100, 5000, D.pwrkeyPulseMs),
    bootTimeoutMs: r.int("bootTimeoutMs", 1000, 120000, D.bootTimeoutMs),
    powerOffWaitMs: r.int("powerOffWaitMs", 0, 60000, D.powerOffWaitMs),
    simRetryMs: r.int("simRetryMs", 100, DAY, D.simRetryMs),
    registrationPollMs: r.int("registrationPollMs", 100, DAY, D.registrationPollMs),
    registrationDeadlineMs: r.int("registrationDeadlineMs", 1000, DAY, D.registrationDeadlineMs),
    pdpTimeoutMs: r.int("pdpTimeoutMs", 1000, 300000, D.pdpTimeoutMs),
    mqttResultTimeoutMs: r.int("mqttResultTimeoutMs", 1000, 300000, D.mqttResultTimeoutMs),
    publishTimeoutMs: r.int("publishTimeoutMs", 1000, 300000, D.publishTimeoutMs),
    linkCheckMs: r.int("linkCheckMs", 1000, DAY, D.linkCheckMs),
    stableOnlineMs: r.int("stableOnlineMs", 0, DAY, D.stableOnlineMs),

    stepRetries: r.int("stepRetries", 0, 20, D.stepRetries),
    mqttFailuresBeforePdp: r.int("mqttFailuresBeforePdp", 0, 20, D.mqttFailuresBeforePdp),
    pdpFailuresBeforePower: r.int("pdpFailuresBeforePower", 0, 20, D.pdpFailuresBeforePower),
    commandTimeoutsBeforePower: r.int("commandTimeoutsBeforePower", 1, 100, D.commandTimeoutsBeforePower),
    backoffMinMs: r.int("backoffMinMs", 10, DAY, D.backoffMinMs),
    backoffMaxMs: r.int("backoffMaxMs", 10, DAY, D.backoffMaxMs),
    credentialBackoffMs: r.int("credentialBackoffMs", 1000, DAY, D.credentialBackoffMs),
    credentialBackoffMaxMs: r.int("credentialBackoffMaxMs", 1000, DAY, D.credentialBackoffMaxMs),

    pollMs: r.int("pollMs", 1, 100, 10),
    relayBootPolicy: r.choice("relayBootPolicy", RELAY_BOOT_POLICIES, "restore"),
    // A relay contact and most loads take a few switches a second; a burst of commands must
    // not buzz them. Motors and compressors may want minutes.
    relayMinSwitchMs: r.int("relayMinSwitchMs", 0, 600000, 300),
    buttonDebounceMs: r.int("buttonDebounceMs", 0, 1000, 50),
    factoryResetMs: r.int("factoryResetMs", 0, 60000, 5000),
    sensorIntervalMs: r.int("sensorIntervalMs", 100, DAY, 10000),
    reportDeadbandTemperature: r.number("reportDeadbandTemperature", 0, 50, 0.5),
    reportDeadbandHumidity: r.number("reportDeadbandHumidity", 0, 100, 2),
    heartbeatMs: r.int("heartbeatMs", 1000, DAY, 300000),
    smoothing: r.number("smoothing", 0.01, 1, 0.3),
    bootLoopBoots: r.int("bootLoopBoots", 0, 100, 5),
    bootLoopMs: r.int("bootLoopMs", 10000, DAY, 600000),
    safeRelay: r.choice("safeRelay", RELAY_BOOT_POLICIES, "off"),
    productSecret: productSecret,
    registerBackoffMs: r.int("registerBackoffMs", 1000, DAY, 3600000),
    registerBackoffMaxMs: r.int("registerBackoffMaxMs", 1000, 7 * DAY, 86400000),
    firmwareVersion: r.text("firmwareVersion", VERSION, FIRMWARE_VERSION),
    otaTrialMs: r.int("otaTrialMs", 60000, DAY, 600000),
  };
  checkOrder(r, "backoffMinMs", config.backoffMinMs, "backoffMaxMs", config.backoffMaxMs);
  checkOrder(r, "credentialBackoffMs", config.credentialBackoffMs, "credentialBackoffMaxMs", config.credentialBackoffMaxMs);
  checkOrder(r, "registerBackoffMs", config.registerBackoffMs, "registerBackoffMaxMs", config.registerBackoffMaxMs);
  if (r.errors.length > 0) throw new ConfigError(r.errors);
  return config;
}

const TLS_WORDS: string[] = constant(["on", "off"]);
const TLS_ON: string[] = constant(["on", "true", "1"]);
const TLS_OFF: string[] = constant(["off", "false", "0"]);

/** `tls`: on or off (also 1/0, true/false: mcconfig passes text, a manifest a boolean). Off by default. */
function readTls(r: ConfigReader): boolean {
  const value = r.given("tls");
  if (value === undefined) return false;
  const word = String(value);
  if (TLS_ON.indexOf(word) >= 0) return true;
  if (TLS_OFF.indexOf(word) < 0) r.fail("tls must be " + TLS_WORDS.join(" or ") + ", got " + describe(value));
  return false;
}

const PEM_BEGIN = "-----BEGIN CERTIFICATE-----";
const PEM_END = "-----END CERTIFICATE-----";
/** Quectel's UFS takes more; SIMCom's AT+CCERTDOWN takes at most 10240 bytes. */
const CA_MAX = 8192;

/**
 * `caCert`: the PEM text of the CA (one certificate or a bundle) that signs the broker's
 * certificate; required with tls. A line break may be written `\n` (one line on the serial
 * console or the mcconfig line).
 */
function readCaCert(r: ConfigReader, tls: boolean): string {
  const value = r.given("caCert");
  if (value === undefined) {
    if (tls) r.fail("caCert is required with tls on: the PEM of the CA that signs the broker's certificate");
    return "";
  }
  if (typeof value !== "string") {
    r.fail("caCert must be PEM text, got " + describe(value));
    return "";
  }
  const pem = contains(value, "\\n") ? value.split("\\n").join("\n") : value;
  const problem = pemProblem(pem);
  if (problem !== "") r.fail("caCert " + problem);
  return problem === "" ? pem : "";
}

function pemProblem(pem: string): string {
  if (pem.length > CA_MAX) return "is " + pem.length + " bytes, more than " + CA_MAX;
  const begin = find(pem, PEM_BEGIN);
  if (begin < 0 || !contains(pem.slice(begin), PEM_END)) return "is not a PEM certificate (" + PEM_BEGIN + " ... " + PEM_END + ")";
  for (let i = 0; i < pem.length; i++) if (!pemChar(pem.charCodeAt(i))) return "holds a byte that is not PEM text at " + i;
  return "";
}

function pemChar(c: number): boolean {
  return (c >= 32 && c <= 126) || c === 10 || c === 13;
}

/** The unit must register (dynamic registration) before it can log in. */
export function needsRegistration(config: Config): boolean {
  return config.cloud === "aliyun" && config.deviceSecret === "" && config.productSecret !== "";
}

/** One of Aliyun's keys: required where the cloud needs it, else optional (OneNET's deviceName, Huawei's deviceSecret). */
function triple(r: ConfigReader, cloud: Config["cloud"], key: "productKey" | "deviceName" | "deviceSecret", rule: TextRule): string {
  return requiresTriple(cloud, key) ? r.required(key, rule) : r.text(key, rule, "");
}

function mqttHost(r: ConfigReader, cloud: Config["cloud"], productKey: string, region: string): string {
  if (cloud === "aliyun") return r.text("mqttHost", HOST, aliyunHost(productKey, region));
  const fallback = defaultHost(cloud);
  return fallback === "" ? r.required("mqttHost", HOST) : r.text("mqttHost", HOST, fallback);
}

function checkOrder(r: ConfigReader, lowKey: string, low: number, highKey: string, high: number): void {
  if (low > high) r.fail(highKey + " (" + high + ") must not be less than " + lowKey + " (" + low + ")");
}
