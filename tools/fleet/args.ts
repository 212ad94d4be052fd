/** The fleet's flags, checked into FleetOptions or refused with a one-line FleetUsageError. */
import { parseArgs } from "node:util";
import { BrokerUrlError, parseBrokerUrl } from "../../hosts/node/broker-url";
import { MODEM_AUTO, MODEM_NAMES } from "../../src/modem/dialects";

export const USAGE = `Usage: npm run fleet -- [options]

Many simulated switches (firmware + module simulator each) in this one process against one
broker; a console then sends property sets to random devices and follows their replies.

Options:
  --devices <n>          switches to power on (default 20, at most 5000)
  --commands <n>         property sets to send once the fleet is online (default 100)
  --broker mqtt://h:p    an external broker (Mosquitto, EMQX: no Aliyun login check);
                         default: an embedded Aliyun-compatible broker on 127.0.0.1
  --modem <name>         the module every switch has: auto (default: identified by ATI), ec600s,
                         another Quectel model, or a7670 (the simulator's SIMCom personality)
  --stagger <ms>         real ms between two power-ons (default 10)
  --concurrency <n>      commands in flight at once, one per device at most (default 8)
  --reply-timeout <ms>   real ms a command waits for its set_reply before it counts as lost (default 10000)
  --time-scale <x>       real ms per simulated ms, in 0.01..1 (default 1; 0.1 is 10x faster)
  --duration <s>         hard limit on the whole run in real seconds (default 600)
  --seed <n>             for device secrets, targets and values (default 1)
  --json                 one JSON object on stdout instead of the text report
  --help                 this text

Exit status: 0 all commands answered and applied, 1 lost commands, devices that never came
online or the duration ran out, 2 bad flags.
`;

export interface FleetOptions {
  devices: number;
  commands: number;
  /** Undefined: the embedded broker. */
  broker?: string;
  /** The firmware's `modem` key; the simulator is an A7670 for "a7670", else an EC600S. */
  modem: string;
  staggerMs: number;
  concurrency: number;
  replyTimeoutMs: number;
  timeScale: number;
  durationS: number;
  seed: number;
  json: boolean;
  help: boolean;
}

export class FleetUsageError extends Error {}

const FLAGS = {
  devices: { type: "string" },
  commands: { type: "string" },
  broker: { type: "string" },
  modem: { type: "string" },
  stagger: { type: "string" },
  concurrency: { type: "string" },
  "reply-timeout": { type: "string" },
  "time-scale": { type: "string" },
  duration: { type: "string" },
  seed: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export function parseFleetArgs(argv: string[]): FleetOptions {
  const values = readFlags(argv);
  const devices = int(values.devices, "--devices", 20, 1, 5000);
  const options: FleetOptions = {
    devices,
    commands: int(values.commands, "--commands", 100, 0, 1_000_000),
    broker: values.broker === undefined ? undefined : brokerUrl(values.broker),
    modem: modemName(values.modem),
    staggerMs: int(values.stagger, "--stagger", 10, 0, 60_000),
    concurrency: int(values.concurrency, "--concurrency", Math.min(8, devices), 1, devices),
    replyTimeoutMs: int(values["reply-timeout"], "--reply-timeout", 10_000, 100, 600_000),
    timeScale: num(values["time-scale"], "--time-scale", 1, 0.01, 1),
    durationS: num(values.duration, "--duration", 600, 1, 86_400),
    seed: int(values.seed, "--seed", 1, 0, 2 ** 31 - 1),
    json: values.json === true,
    help: values.help === true,
  };
  return options;
}

function readFlags(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new FleetUsageError((error as Error).message.split("\n")[0]);
  }
}

function modemName(text: string | boolean | undefined): string {
  if (text === undefined) return MODEM_AUTO;
  const name = String(text).toLowerCase();
  if (!MODEM_NAMES.includes(name)) throw new FleetUsageError(`--modem: unknown module ${String(text)}; one of ${MODEM_NAMES.join(", ")}`);
  return name;
}

function brokerUrl(text: string): string {
  try {
    return parseBrokerUrl(text).url;
  } catch (error) {
    if (error instanceof BrokerUrlError) throw new FleetUsageError(error.message);
    throw error;
  }
}

function int(text: string | boolean | undefined, flag: string, fallback: number, min: number, max: number): number {
  const value = num(text, flag, fallback, min, max);
  if (!Number.isInteger(value)) throw new FleetUsageError(`${flag}: must be a whole number, got ${String(text)}`);
  return value;
}

function num(text: string | boolean | undefined, flag: string, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = typeof text === "string" && text.trim() !== "" ? Number(text) : NaN;
  if (!Number.isFinite(value)) throw new FleetUsageError(`${flag}: not a number: ${String(text)}`);
  if (value < min || value > max) throw new FleetUsageError(`${flag}: ${value} is not in ${min}..${max}`);
  return value;
}
