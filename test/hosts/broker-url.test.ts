import { test } from "uvu";
import * as assert from "uvu/assert";
import { BrokerUrlError, parseBrokerUrl, probeBroker } from "../../hosts/node/broker-url";
import { banner } from "../../hosts/node/banner";
import type { Session } from "../../hosts/node/session";

test("mqtt:// URLs, with 1883 by default", () => {
  assert.equal(parseBrokerUrl("mqtt://10.0.0.2:1884"), { host: "10.0.0.2", port: 1884, url: "mqtt://10.0.0.2:1884" });
  assert.equal(parseBrokerUrl("mqtt://broker.local"), { host: "broker.local", port: 1883, url: "mqtt://broker.local:1883" });
  assert.is(parseBrokerUrl("tcp://[::1]:1883").host, "::1");
});

test("anything else is refused with a reason", () => {
  assert.throws(() => parseBrokerUrl("localhost:1883"), (e: unknown) => e instanceof BrokerUrlError && /only mqtt:\/\//.test((e as Error).message));
  assert.throws(() => parseBrokerUrl("not a url"), /not a URL: not a url/);
  assert.throws(() => parseBrokerUrl("mqtts://h:8883"), /no TLS/);
});

test("a broker that does not answer: the reason in one line", async () => {
  try {
    await probeBroker({ host: "127.0.0.1", port: 1, url: "mqtt://127.0.0.1:1" }, 1000);
    assert.unreachable();
  } catch (error) {
    assert.instance(error, BrokerUrlError);
    assert.is((error as Error).message, "cannot reach broker mqtt://127.0.0.1:1: ECONNREFUSED");
  }
});

function session(rig: Record<string, unknown>): Session {
  const base = { device: { productKey: "pk", deviceName: "dev1" }, time: { scale: 1 }, config: { cloud: "aliyun", mqttHost: "pk.iot-as-mqtt.cn-shanghai.aliyuncs.com", mqttPort: 1883 } };
  return { rig: { ...base, ...rig } } as unknown as Session;
}

test("the banner says what runs and where", () => {
  assert.equal(banner(session({ simulator: null, broker: null, brokerUrl: "mqtt://h:1883" })), ["device pk/dev1, the module on the serial port (identified by ATI)", "broker mqtt://h:1883"]);
  const named = session({ simulator: null, broker: null, brokerUrl: "mqtt://h:1883" });
  (named.rig.config as { modem?: string }).modem = "ec200u";
  assert.is(banner(named)[0], "device pk/dev1, EC200U on the serial port");
  assert.match(banner(session({ simulator: null, broker: null, brokerUrl: null }))[1], /^cloud: pk\.iot-as-mqtt\.cn-shanghai\.aliyuncs\.com:1883 \(no console/);
  const simulated = banner(session({ simulator: {}, broker: {}, brokerUrl: "mqtt://127.0.0.1:5", consoleLogin: { username: "u", password: "p" }, time: { scale: 0.1 } }));
  assert.equal(simulated, ["device pk/dev1, simulated EC600S, time scale 0.1 (10x faster than life)", "embedded Aliyun-compatible broker mqtt://127.0.0.1:5 (console login: u / p)"]);
});

test("the banner names a cloud other than Aliyun, and which cloud the embedded broker plays", () => {
  const s = session({ simulator: {}, broker: {}, brokerUrl: "mqtt://127.0.0.1:1", consoleLogin: { username: "c", password: "p" } });
  (s.rig.config as { cloud: string }).cloud = "huawei";
  const lines = banner(s);
  assert.match(lines[0], / on huawei, simulated EC600S/);
  assert.match(lines[1], /^embedded Huawei IoTDA-compatible broker mqtt:\/\/127\.0\.0\.1:1/);
});

test.run();
