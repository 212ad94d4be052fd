/** What main.ts runs in both modes: a rig from the command line, plus the console link. */
import type { CliOptions } from "./args";
import { tlsConfig } from "./ca-file";
import { CloudLink } from "./cloud-link";
import { Fanout } from "./fanout";
import type { LineSink } from "./log";
import { createRig, type Rig } from "./rig";
import { JsonFileStorage } from "./storage";

export interface Session {
  rig: Rig;
  /** Null when there is no console (a real modem on real Aliyun). */
  cloud: CloudLink | null;
  /** Every AT trace line; join it to read them. */
  trace: Fanout;
  /** One-line warnings from start-up that did not stop it (a --storage file set aside). */
  notices: string[];
  stop(): Promise<void>;
}

/** Demo settings: a reading every 2 s so the chart moves (the product default is 10 s). */
const DEMO_CONFIG = { sensorIntervalMs: 2000, reportDeadbandTemperature: 0.2, reportDeadbandHumidity: 1, heartbeatMs: 60000 };

/** `printTrace` gets the AT trace from the first byte (main's stdout with --trace). */
export async function startSession(cli: CliOptions, printTrace?: LineSink, consoleOut?: LineSink): Promise<Session> {
  const trace = new Fanout();
  if (printTrace) trace.add(printTrace);
  // A bad --storage path fails here, before a broker or a port is opened.
  const storage = cli.storage ? new JsonFileStorage(cli.storage) : undefined;
  // So does a bad --ca-file.
  const tls = tlsConfig(cli);
  const device = definedOnly({ productKey: cli.productKey, deviceName: cli.deviceName, deviceSecret: cli.deviceSecret });
  const rig = await createRig({
    register: registration(cli),
    cloud: cli.cloud,
    broker: cli.broker,
    port: cli.port,
    baud: cli.baud,
    device,
    timeScale: cli.timeScale,
    storage,
    provisioned: !cli.unprovisioned,
    consoleOut,
    config: { ...demoConfig(cli), ...tls },
    trace: trace.sink,
    // main attaches its outputs first, so they see the bring-up from the first step.
    autoStart: false,
  });
  const cloud = rig.brokerUrl !== null ? new CloudLink(rig) : null;
  await cloud?.start();
  return {
    rig,
    cloud,
    trace,
    notices: storage?.setAside ? [storage.setAside] : [],
    stop: async () => {
      cloud?.close();
      await rig.stop();
    },
  };
}

/** --product-secret: dynamic registration of --device-name (default: the module's IMEI). */
/** The demo device's config with what the command line chose (module, cloud keys, gangs). */
function demoConfig(cli: CliOptions): Record<string, unknown> {
  const config: Record<string, unknown> = { ...DEMO_CONFIG, ...cli.cloudKeys };
  if (cli.modem !== undefined) config.modem = cli.modem;
  if (cli.gangs !== undefined) config.gangs = cli.gangs;
  return config;
}

function registration(cli: CliOptions): { productSecret: string; deviceName?: string } | undefined {
  return cli.productSecret !== undefined ? { productSecret: cli.productSecret, deviceName: cli.deviceName } : undefined;
}

function definedOnly<T extends Record<string, string | undefined>>(o: T): Partial<Record<keyof T, string>> {
  const out: Partial<Record<keyof T, string>> = {};
  for (const key of Object.keys(o) as (keyof T)[]) if (o[key] !== undefined) out[key] = o[key];
  return out;
}
