import { contains, startsWithText } from "../at/text";
import { constant } from "../at/constant";
import type { Log, SettingsStore } from "../hal";
import { ConfigError, parseConfig, type Config } from "./config";

/**
 * The config keys a unit keeps in NVS: every key of at most 15 characters (NVS's limit on a
 * key name), named as in the config, so `set apn CMIOT` on the console and `apn=CMIOT` on the
 * mcconfig line mean the same. Longer keys (timeouts, escalation counts) stay build-time.
 */
export const SETTING_KEYS: string[] = constant([
  "productKey", "deviceName", "deviceSecret", "productSecret", "region",
  "cloud", "gangs", "productId", "deviceKey", "tokenExpiry", "deviceId", "serviceId", "huaweiTimestamp",
  "username", "password", "topicPrefix",
  "apn", "apnUser", "apnPassword", "apnAuth",
  "mqttHost", "mqttPort", "tls", "caCert", "keepaliveS", "clientId", "clientIndex", "publishQos", "payloadBytes", "queueSlots",
  "atTimeoutMs", "probeAttempts", "probeTimeoutMs", "pwrkeyPulseMs", "bootTimeoutMs", "powerOffWaitMs",
  "simRetryMs", "pdpTimeoutMs", "linkCheckMs", "stableOnlineMs", "stepRetries", "backoffMinMs", "backoffMaxMs",
  "pollMs", "relayBootPolicy", "heartbeatMs", "smoothing",
  "bootLoopBoots", "bootLoopMs", "safeRelay",
]);

/** Never shown on the console or in a log: only whether they are set, and their length. */
export const SECRET_KEYS: string[] = constant(["deviceSecret", "productSecret", "apnPassword", "deviceKey", "password"]);

/**
 * The device's identity on any cloud (Aliyun's triple, or productKey and productSecret to
 * register; OneNET's productId/deviceKey; Huawei's deviceId): with none of them set a unit is
 * blank and waits for provisioning.
 */
export const IDENTITY_KEYS: string[] = constant(["productKey", "deviceName", "deviceSecret", "productSecret", "productId", "deviceKey", "deviceId"]);

export function isSettingKey(key: string): boolean {
  return SETTING_KEYS.indexOf(key) >= 0;
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.indexOf(key) >= 0;
}

/** Where a key's value comes from. */
export type SettingSource = "nvs" | "build" | "default";

/** The outcome of reading the settings: a config, or every problem with them. */
export interface Settings {
  /** Build config with the stored settings on top (what parseConfig saw). */
  raw: Record<string, unknown>;
  /** Null when the settings cannot run. */
  config: Config | null;
  /** One line per problem (empty when config is set). */
  problems: string[];
  /** No identity at all: a blank unit, not a broken one. */
  unprovisioned: boolean;
}

function has(raw: Record<string, unknown>, key: string): boolean {
  const value = raw[key];
  return value !== undefined && value !== null && value !== "";
}

/**
 * The stored settings over the build's config, validated with the config's own rules (every
 * problem listed). A store that cannot be read is reported and the build's config is used.
 */
export function readSettings(build: Record<string, unknown>, store: SettingsStore, log: Log): Settings {
  const raw: Record<string, unknown> = {};
  const buildKeys = Object.keys(build);
  for (let i = 0; i < buildKeys.length; i++) raw[buildKeys[i]] = build[buildKeys[i]];
  for (let i = 0; i < SETTING_KEYS.length; i++) {
    const key = SETTING_KEYS[i];
    try {
      const value = store.get(key);
      if (value !== undefined) raw[key] = value;
    } catch (error) {
      log("warn", "NVS setting " + key + " not read: " + String(error));
    }
  }
  return settingsOf(raw);
}

function settingsOf(raw: Record<string, unknown>): Settings {
  try {
    return { raw: raw, config: parseConfig(raw), problems: [], unprovisioned: false };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { raw: raw, config: null, problems: error.problems, unprovisioned: !hasIdentity(raw) };
  }
}

/** Any part of the identity set: a unit with some of it is misconfigured, not blank. */
function hasIdentity(raw: Record<string, unknown>): boolean {
  for (let i = 0; i < IDENTITY_KEYS.length; i++) if (has(raw, IDENTITY_KEYS[i])) return true;
  return false;
}

/** Where `key`'s effective value comes from. */
export function sourceOf(key: string, build: Record<string, unknown>, store: SettingsStore): SettingSource {
  if (store.get(key) !== undefined) return "nvs";
  return has(build, key) ? "build" : "default";
}

/**
 * Problems `value` would have as `key`, with today's rules: the config with it, checked
 * whole, and the lines that name this key (a unit still missing other keys can take them
 * one at a time).
 */
export function checkSetting(raw: Record<string, unknown>, key: string, value: string): string[] {
  const next: Record<string, unknown> = {};
  const keys = Object.keys(raw);
  for (let i = 0; i < keys.length; i++) next[keys[i]] = raw[keys[i]];
  next[key] = value;
  try {
    parseConfig(next);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const mine: string[] = [];
    for (let i = 0; i < error.problems.length; i++) if (names(error.problems[i], key)) mine.push(error.problems[i]);
    return mine;
  }
}

/** A problem line is about `key`: it starts with it, or names it as the other side of an order check. */
function names(problem: string, key: string): boolean {
  return startsWithText(problem, key + " ") || contains(problem, " " + key + " (");
}
