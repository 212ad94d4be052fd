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

/**
 * The demo device on the other clouds the embedded broker plays (`--cloud`): raw firmware
 * config keys, named as each cloud's console names them. Made up, like DEMO_DEVICE.
 */
export const DEMO_CLOUDS: Record<"onenet" | "huawei" | "mqtt", Record<string, unknown>> = {
  onenet: { cloud: "onenet", productId: "Cat1Demo", deviceName: "switch-0001", deviceKey: Buffer.from("cat1-switch-demo-key-0123456789ab").toString("base64") },
  huawei: { cloud: "huawei", deviceId: "cat1demo_switch-0001", deviceSecret: "cat1-switch-demo", mqttHost: "iot-mqtts.cn-north-4.myhuaweicloud.com" },
  mqtt: { cloud: "mqtt", mqttHost: "mqtt.example.com", clientId: "switch-0001", username: "switch-0001", password: "cat1-switch-demo", topicPrefix: "cat1-switch/switch-0001" },
};
