/**
 * The device and console logins of the embedded broker. Made up (the embedded broker accepts
 * exactly these); give a real triple with --product-key/--device-name/--device-secret.
 */
import type { DeviceTriple } from "../../sim/aliyun";
import type { ConsoleCredentials } from "../../sim/broker";

export const DEMO_DEVICE: DeviceTriple = {
  productKey: "a1Cat1Demo0",
  deviceName: "switch-0001",
  deviceSecret: "5e3f0c1d8a9b4e7f2c6d0a1b3e5f7a9c",
};

/** The "cloud console" login: all topics, like Aliyun's own server-side applications. */
export const DEMO_CONSOLE: ConsoleCredentials = { username: "console", password: "cat1-switch-demo" };
