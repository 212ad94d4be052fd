import { contains } from "../at/text";
import { constant } from "../at/constant";
import { aliyunProfile } from "../cloud/aliyun";
import { HuaweiProfile } from "../cloud/huawei";
import { ONENET_DEFAULT_EXPIRY, OneNetProfile } from "../cloud/onenet";
import { PlainMqttProfile } from "../cloud/plain-mqtt";
import { CLOUD_NAMES, CloudName, CloudProfile } from "../cloud/profile";
import { base64Decode } from "../cloud/sign/encode";
import { modelForGangs } from "../cloud/thing-model";
import type { ModemConfig } from "../modem/config";
import { ConfigReader, TextRule } from "./config-reader";

/**
 * Which cloud, and its own credentials, named as its console names them: Aliyun's triple
 * (productKey, deviceName, deviceSecret); OneNET's productId, deviceName, deviceKey;
 * Huawei's deviceId, deviceSecret; a plain broker's username, password, topicPrefix.
 */
export interface CloudConfig {
  cloud: CloudName;
  /** Relays (and properties PowerSwitch_1..n): 1 or 2. */
  gangs: number;
  productId: string;
  deviceKey: string;
  /** OneNET token expiry, unix seconds. */
  tokenExpiry: number;
  deviceId: string;
  /** Huawei: the product model's service holding the properties. */
  serviceId: string;
  /** Huawei: UTC YYYYMMDDHH in the client id (the platform checks only the password). */
  huaweiTimestamp: string;
  username: string;
  password: string;
  topicPrefix: string;
}

// Names and keys travel in topics and quoted AT parameters.
const NAME = /^[A-Za-z0-9_\-@.:]+$/;
const NAME_WORDS = "letters, digits and _-@.:";
const QUOTABLE = /^[\x20\x21\x23-\x7e]*$/;

const PRODUCT_ID: TextRule = constant({ min: 1, max: 32, pattern: NAME, allowed: NAME_WORDS, secret: false });
// Checked in full by decoding it (readCloudConfig).
const DEVICE_KEY: TextRule = constant({ min: 4, max: 88, pattern: /^[A-Za-z0-9+\/=]+$/, allowed: "base64", secret: true });
const DEVICE_ID: TextRule = constant({ min: 1, max: 128, pattern: NAME, allowed: NAME_WORDS, secret: false });
const SERVICE_ID: TextRule = constant({ min: 1, max: 64, pattern: NAME, allowed: NAME_WORDS, secret: false });
const TIMESTAMP: TextRule = constant({ min: 10, max: 10, pattern: /^[0-9]+$/, allowed: "digits (UTC YYYYMMDDHH)", secret: false });
const USERNAME: TextRule = constant({ min: 0, max: 128, pattern: QUOTABLE, allowed: "printable ASCII without '\"'", secret: false });
const PASSWORD: TextRule = constant({ min: 0, max: 128, pattern: QUOTABLE, allowed: "printable ASCII without '\"'", secret: true });
// Levels of letters, digits and -_. ; no wildcards, no empty level (checked in readCloudConfig).
const PREFIX: TextRule = constant({ min: 1, max: 100, pattern: /^[A-Za-z0-9_\-.\/]+$/, allowed: "topic levels of letters, digits and _-. separated by '/'", secret: false });

/** Where each cloud's devices connect when mqttHost is not set ("" = it must be set). */
export function defaultHost(cloud: CloudName): string {
  return cloud === "onenet" ? "mqtts.heclouds.com" : "";
}

/**
 * The broker's port when mqttPort is not set. Aliyun serves MQTT and MQTT over TLS
 * (securemode=2) on 1883 (its "MQTT-TLS" connection page); Huawei IoTDA and OneNET serve
 * TLS on 8883 (1883 plain), and so does a plain broker by convention (Mosquitto, EMQX).
 */
export function defaultPort(cloud: CloudName, tls: boolean): number {
  return tls && cloud !== "aliyun" ? 8883 : 1883;
}

/** Which of Aliyun's keys a cloud requires. */
export function requiresTriple(cloud: CloudName, key: "productKey" | "deviceName" | "deviceSecret"): boolean {
  if (cloud === "aliyun") return true;
  if (cloud === "onenet") return key === "deviceName";
  return cloud === "huawei" && key === "deviceSecret";
}

export function readCloud(r: ConfigReader): CloudName {
  return r.choice("cloud", CLOUD_NAMES, "aliyun");
}

/** The cloud's own keys; every problem goes to `r`. */
export function readCloudConfig(r: ConfigReader, cloud: CloudName): CloudConfig {
  const onenet = cloud === "onenet";
  const huawei = cloud === "huawei";
  const c: CloudConfig = {
    cloud: cloud,
    gangs: r.int("gangs", 1, 2, 1),
    productId: own(r, onenet, "productId", PRODUCT_ID),
    deviceKey: own(r, onenet, "deviceKey", DEVICE_KEY),
    tokenExpiry: r.int("tokenExpiry", 1, 4294967295, ONENET_DEFAULT_EXPIRY),
    deviceId: own(r, huawei, "deviceId", DEVICE_ID),
    serviceId: r.text("serviceId", SERVICE_ID, "Switch"),
    huaweiTimestamp: r.text("huaweiTimestamp", TIMESTAMP, "2026010100"),
    username: r.text("username", USERNAME, ""),
    password: r.text("password", PASSWORD, ""),
    topicPrefix: r.text("topicPrefix", PREFIX, "cat1-switch"),
  };
  checkPrefix(r, c.topicPrefix);
  if (c.deviceKey !== "" && base64Decode(c.deviceKey, new Uint8Array(64)) < 0) r.fail("deviceKey must be the base64 the OneNET console shows (at most 64 bytes)");
  return c;
}

/** A key the cloud requires, or may leave out. */
function own(r: ConfigReader, required: boolean, key: string, rule: TextRule): string {
  return required ? r.required(key, rule) : r.text(key, rule, "");
}

function checkPrefix(r: ConfigReader, p: string): void {
  if (p.charAt(0) === "/" || p.charAt(p.length - 1) === "/" || contains(p, "//")) r.fail("topicPrefix must not start or end with '/' or have an empty level, got " + JSON.stringify(p));
}

/** The profile the config describes (after parseConfig accepted it). */
export function profileFromConfig(c: CloudConfig & ModemConfig): CloudProfile {
  const model = modelForGangs(c.gangs);
  const net = { host: c.mqttHost, port: c.mqttPort, tls: c.tls };
  switch (c.cloud) {
    case "onenet":
      return new OneNetProfile({ host: net.host, port: net.port, tls: net.tls, productId: c.productId, deviceName: c.deviceName, deviceKey: c.deviceKey, expiry: c.tokenExpiry }, model);
    case "huawei":
      return new HuaweiProfile({ host: net.host, port: net.port, tls: net.tls, deviceId: c.deviceId, deviceSecret: c.deviceSecret, serviceId: c.serviceId, timestamp: c.huaweiTimestamp }, model);
    case "mqtt":
      return new PlainMqttProfile({ host: net.host, port: net.port, tls: net.tls, clientId: c.clientId, username: c.username, password: c.password, prefix: c.topicPrefix }, model);
    default:
      return aliyunProfile({ host: net.host, port: net.port, tls: net.tls, clientId: c.clientId, productKey: c.productKey, deviceName: c.deviceName, deviceSecret: c.deviceSecret }, model);
  }
}
