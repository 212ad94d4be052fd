/**
 * The cloud end of the rig: the embedded Aliyun-compatible broker (default), a broker shared
 * by several rigs, an external broker by URL (Mosquitto, EMQX...), or, for a real modem with
 * no broker given, the real Aliyun endpoint from the config (no console then).
 */
import type { DeviceTriple } from "../../sim/aliyun";
import type { RegistrationProduct } from "../../sim/aliyun/register";
import { startBroker, testTls, type ConsoleCredentials, type RunningBroker } from "../../sim/broker";
import type { SimCloud } from "../../sim/clouds/rules";
import type { MqttEndpoint } from "../../sim/ec600s";
import { parseBrokerUrl, probeBroker } from "./broker-url";
import { DEMO_CONSOLE } from "./demo-device";

export interface CloudSide {
  /** The in-process broker, if there is one (embedded or shared). */
  broker: RunningBroker | null;
  /** Whether stop() closes it. */
  owned: boolean;
  /** What the console client connects to; null when there is no console (real Aliyun). */
  url: string | null;
  /** Console login; undefined: anonymous (an external broker). */
  consoleLogin: ConsoleCredentials | undefined;
  /** Raw config keys the firmware needs to reach it. */
  config: Record<string, unknown>;
  /** Where the simulated module's TCP connect really goes. */
  route(endpoint: MqttEndpoint, configured: MqttEndpoint): MqttEndpoint;
}

export interface CloudOptions {
  broker?: string | RunningBroker;
  consoleLogin?: ConsoleCredentials;
  /** Which cloud the embedded broker plays (default aliyun). */
  cloud?: SimCloud;
  /** A real modem: without a broker it talks to real Aliyun. */
  realModem: boolean;
  /** Dynamic registration: the product and its pre-registered names, in place of the device. */
  product?: RegistrationProduct;
}

const direct = (endpoint: MqttEndpoint): MqttEndpoint => endpoint;

export async function cloudSide(options: CloudOptions, device: DeviceTriple): Promise<CloudSide> {
  const b = options.broker;
  if (typeof b === "string") return externalBroker(b, options.consoleLogin);
  const product = options.product;
  if (b) {
    if (product) b.addProduct(product);
    else b.addDevice(device);
    return inProcess(b, false, options.consoleLogin ?? DEMO_CONSOLE);
  }
  if (options.realModem) return { broker: null, owned: false, url: null, consoleLogin: undefined, config: {}, route: direct };
  // With a TLS listener (the test certificate) beside the plain one: `tls` on in the firmware picks it.
  const broker = await startBroker({ devices: product ? [] : [device], products: product ? [product] : [], console: DEMO_CONSOLE, cloud: options.cloud, tls: testTls() });
  return inProcess(broker, true, DEMO_CONSOLE);
}

async function externalBroker(text: string, consoleLogin: ConsoleCredentials | undefined): Promise<CloudSide> {
  const address = parseBrokerUrl(text);
  await probeBroker(address);
  return { broker: null, owned: false, url: address.url, consoleLogin, config: { mqttHost: address.host, mqttPort: address.port }, route: direct };
}

// The firmware keeps its production endpoint (the Aliyun host); the simulated cell network
// routes exactly that endpoint to the in-process broker (its TLS listener for a TLS client).
function inProcess(broker: RunningBroker, owned: boolean, consoleLogin: ConsoleCredentials): CloudSide {
  return {
    broker,
    owned,
    url: broker.url,
    consoleLogin,
    config: {},
    route: (endpoint, configured) =>
      endpoint.host === configured.host && endpoint.port === configured.port ? { host: broker.host, port: endpoint.tls && broker.tlsPort > 0 ? broker.tlsPort : broker.port } : endpoint,
  };
}
