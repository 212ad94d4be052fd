/** Command-line flags of the PC host, checked into CliOptions or refused with a one-line UsageError. */
import { parseArgs } from "node:util";
import { MODEM_NAMES } from "../../src/modem/dialects";
import { isTimeScale, MAX_TIME_SCALE, MIN_TIME_SCALE } from "./time";

export const USAGE = `Usage: npm start -- [options]      (or: tsx hosts/node/main.ts [options])

The cat1-switch firmware on this PC, with a web console on http://127.0.0.1:<http-port>/.
By default everything is simulated: an Aliyun-compatible MQTT broker on 127.0.0.1, an EC600S
modem, the relay and a temperature/humidity sensor.

Options:
  --broker mqtt://host:port  use this MQTT broker instead of the embedded one (Mosquitto...)
  --modem <model>            the module: auto (default: identified by ATI at boot), ec600s, ec200s,
                             ec800m, ec200u, eg912y or a7670 (SIMCom); the simulator is an A7670
                             for a7670, else an EC600S
  --port <path>              a real module on this serial device (e.g. /dev/ttyUSB2)
  --baud <n>                 its baud rate (default 115200)
  --cloud <name>             aliyun (default), onenet, huawei or mqtt: the firmware's cloud
                             profile, and the cloud the embedded broker plays
  --product-key <pk>         Aliyun device triple (default: the embedded broker's demo device)
  --device-name <dn>         (also OneNET's device name)
  --device-secret <ds>       (also Huawei's device secret)
  --product-secret <ps>      dynamic registration (Aliyun): the image has --product-key and this
                             product secret, no device secret; the unit registers --device-name
                             (default: the module's IMEI), keeps the secret it gets in NVS, then
                             logs in
  --product-id <id>          OneNET: product id, with --device-name and --device-key (base64)
  --device-key <key>
  --device-id <id>           Huawei IoTDA: device id, with --device-secret
  --username <u>             plain MQTT: login and topic prefix (state on <prefix>/state,
  --password <p>             sets on <prefix>/set)
  --topic-prefix <prefix>
  --tls                      MQTT over TLS: the module gets the CA and verifies the broker with it
                             (the embedded broker's TLS listener and its test CA by default)
  --ca-file <file.pem>       with --tls: the CA certificate for the firmware's caCert setting
                             (needed with --broker or --port; a bad file is a one-line error)
  --gangs <n>                1 (default) or 2: a 2-gang switch (PowerSwitch_1 and _2, two relays)
  --storage <file.json>      keep NVS (relay state, boot count, settings) in this file (default: memory)
  --serial-console           the device's serial console on stdin/stdout: status, get, set, unset,
                             factory-reset, reboot, at <AT command> (help lists them)
  --unprovisioned            an image without the device triple: it waits for it in NVS
                             (set productKey/deviceName/deviceSecret on the serial console)
  --headless                 no web console: one log line per state change; Ctrl-C stops
  --trace                    print the AT trace ([TX]/[RX] lines) on stdout
  --http-port <n>            web console port (default 8080; 0 picks a free one)
  --time-scale <x>           real ms per simulated ms, 0.01 to 100 (default 1; 0.1 is 10x faster; simulator only)
  --help                     this text
`;

export type CloudFlag = "aliyun" | "onenet" | "huawei" | "mqtt";
const CLOUDS: CloudFlag[] = ["aliyun", "onenet", "huawei", "mqtt"];

export interface CliOptions {
  broker?: string;
  modem?: string;
  cloud: CloudFlag;
  /** The chosen cloud's own credentials, as firmware config keys (productId, deviceKey, ...). */
  cloudKeys: Record<string, string>;
  port?: string;
  baud?: number;
  productKey?: string;
  deviceName?: string;
  deviceSecret?: string;
  productSecret?: string;
  storage?: string;
  /** MQTT over TLS (the firmware's tls setting); `caFile` is its CA, read at start. */
  tls: boolean;
  caFile?: string;
  /** Relays (the thing model's PowerSwitch_n rows). */
  gangs?: number;
  serialConsole: boolean;
  unprovisioned: boolean;
  headless: boolean;
  trace: boolean;
  httpPort: number;
  timeScale: number;
  help: boolean;
}

export class UsageError extends Error {}

const FLAGS = {
  broker: { type: "string" },
  modem: { type: "string" },
  port: { type: "string" },
  baud: { type: "string" },
  "product-key": { type: "string" },
  "device-name": { type: "string" },
  "device-secret": { type: "string" },
  "product-secret": { type: "string" },
  cloud: { type: "string" },
  "product-id": { type: "string" },
  "device-key": { type: "string" },
  "device-id": { type: "string" },
  username: { type: "string" },
  password: { type: "string" },
  "topic-prefix": { type: "string" },
  storage: { type: "string" },
  tls: { type: "boolean" },
  "ca-file": { type: "string" },
  gangs: { type: "string" },
  "serial-console": { type: "boolean" },
  unprovisioned: { type: "boolean" },
  headless: { type: "boolean" },
  trace: { type: "boolean" },
  "http-port": { type: "string" },
  "time-scale": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export function parseCli(argv: string[]): CliOptions {
  const { values } = readFlags(argv);
  const cloud = cloudName(values.cloud);
  const options: CliOptions = {
    broker: values.broker,
    modem: values.modem === undefined ? undefined : modemName(values.modem),
    cloud,
    cloudKeys: cloudKeys(cloud, values),
    port: values.port,
    baud: values.baud === undefined ? undefined : integer("--baud", values.baud, 300, 4000000),
    productKey: values["product-key"],
    deviceName: values["device-name"],
    deviceSecret: values["device-secret"],
    productSecret: values["product-secret"],
    storage: values.storage,
    tls: values.tls === true,
    caFile: values["ca-file"],
    gangs: values.gangs === undefined ? undefined : integer("--gangs", values.gangs, 1, 2),
    serialConsole: values["serial-console"] === true,
    unprovisioned: values.unprovisioned === true,
    headless: values.headless === true,
    trace: values.trace === true,
    httpPort: values["http-port"] === undefined ? 8080 : integer("--http-port", values["http-port"], 0, 65535),
    timeScale: values["time-scale"] === undefined ? 1 : scale(values["time-scale"]),
    help: values.help === true,
  };
  checkCombinations(options);
  return options;
}

function modemName(text: string): string {
  if (MODEM_NAMES.indexOf(text) < 0) throw new UsageError(`--modem must be one of ${MODEM_NAMES.join(", ")}, got ${JSON.stringify(text)}`);
  return text;
}

function readFlags(argv: string[]): ReturnType<typeof parseArgs<{ options: typeof FLAGS; args: string[]; strict: true; allowPositionals: false }>> {
  try {
    return parseArgs({ options: FLAGS, args: attachNegativeValues(argv), strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError(flagProblem(error));
  }
}

/**
 * node:util refuses `--http-port -1` as "ambiguous" (the value looks like a flag). A value
 * that is a negative number cannot be a flag, so it is attached (`--http-port=-1`) and the
 * flag's own check says what is wrong with it.
 */
function attachNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith("--") ? argv[i].slice(2) : "";
    const next = argv[i + 1];
    if (isStringFlag(name) && next !== undefined && /^-[\d.]/.test(next)) out.push(`${argv[i]}=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

function isStringFlag(name: string): boolean {
  return Object.hasOwn(FLAGS, name) && FLAGS[name as keyof typeof FLAGS].type === "string";
}

// node:util's messages are long and talk about positionals; say it in one line.
function flagProblem(error: unknown): string {
  const { code, message = String(error) } = error as { code?: string; message?: string };
  const flag = /'([^']+)'/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown option ${flag}`;
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return `unexpected argument ${flag}`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") return message.split(".")[0].replace(/^Option /, "option ");
  return message;
}

function cloudName(text: string | undefined): CloudFlag {
  if (text === undefined) return "aliyun";
  if ((CLOUDS as string[]).includes(text)) return text as CloudFlag;
  throw new UsageError(`--cloud must be one of ${CLOUDS.join(", ")}, got "${text}"`);
}

/** The flags of one cloud as config keys; another cloud's flags are a usage error, all named at once. */
function cloudKeys(cloud: CloudFlag, values: Record<string, string | boolean | undefined>): Record<string, string> {
  const own: Record<CloudFlag, string[]> = {
    aliyun: [],
    onenet: ["product-id", "device-name", "device-key"],
    huawei: ["device-id", "device-secret"],
    mqtt: ["username", "password", "topic-prefix"],
  };
  const foreign = ["product-id", "device-key", "device-id", "username", "password", "topic-prefix"].filter((f) => values[f] !== undefined && !own[cloud].includes(f));
  if (foreign.length > 0) throw new UsageError(`${foreign.map((f) => "--" + f).join(", ")} ${foreign.length > 1 ? "are" : "is"} not for --cloud ${cloud}`);
  const keys: Record<string, string> = {};
  for (const flag of own[cloud]) {
    const value = values[flag];
    if (typeof value === "string") keys[flag.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase())] = value;
  }
  return keys;
}

function hasTriple(o: CliOptions): boolean {
  return o.productKey !== undefined && o.deviceName !== undefined && o.deviceSecret !== undefined;
}

function integer(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got "${text}"`);
  return n;
}

function scale(text: string): number {
  const n = Number(text);
  if (text.trim() === "" || !isTimeScale(n)) throw new UsageError(`--time-scale must be a number from ${MIN_TIME_SCALE} to ${MAX_TIME_SCALE}, got "${text}"`);
  return n;
}

function checkRegistration(o: CliOptions): void {
  if (o.productSecret === undefined) return;
  if (o.deviceSecret !== undefined) throw new UsageError("--product-secret registers the device to get its secret: give it or --device-secret, not both");
  if (o.unprovisioned) throw new UsageError("--product-secret is an identity in the image: not with --unprovisioned");
}

/** What a real module needs to log in to real Aliyun: the triple, or the product's key and secret to register. */
function hasIdentity(o: CliOptions): boolean {
  return hasTriple(o) || (o.productKey !== undefined && o.productSecret !== undefined);
}

function checkTls(o: CliOptions): void {
  if (o.caFile !== undefined && !o.tls) throw new UsageError("--ca-file needs --tls");
  if (o.tls && o.caFile === undefined && (o.broker !== undefined || o.port !== undefined)) {
    throw new UsageError("--tls with --broker or --port needs --ca-file (the test CA is only the embedded broker's)");
  }
}

function checkCombinations(o: CliOptions): void {
  if (o.baud !== undefined && o.port === undefined) throw new UsageError("--baud needs --port");
  checkTls(o);
  checkRegistration(o);
  if (o.port === undefined) return;
  if (o.timeScale !== 1) throw new UsageError("--time-scale works with the simulated modem only, not with --port");
  if (o.broker === undefined && o.cloud === "aliyun" && !hasIdentity(o)) {
    throw new UsageError("--port without --broker talks to real Aliyun: give --product-key, --device-name and --device-secret (or --product-key and --product-secret)");
  }
}
