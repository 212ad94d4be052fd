/**
 * Faults a test (or the demo CLI) can inject into the module, as data and as short strings:
 *
 *   loss:N          drop N random bytes of the next output chunk
 *   loss:p=0.01     drop each output byte with probability p;  loss:off  stops it
 *   garbage:N       N random bytes on the line, now
 *   drop-final[:N]  the next N final result codes never come
 *   delay-final:MS  the next final result code comes MS later
 *   drop-urc:PFX    the next URC starting with PFX (e.g. +QMTCONN) never comes
 *   reboot          spontaneous reset: silence, then RDY; all state lost, echo on
 *   reboot:silent   the same, but its RDY is lost on the line (the host must notice by itself)
 *   qmtstat:ERR[:IDX]  `+QMTSTAT: IDX,ERR` and that MQTT connection is gone (IDX 0)
 *   pdpdeact[:CID]  `+QIURC: "pdpdeact",CID`; PDP context and MQTT connections gone
 *   reg-loss[:STAT[:MS]]  registration drops to STAT (2) and comes back after MS (5000; 0 = never)
 *   reg-restore     registration comes back now
 *   connack:CODE    the next QMTCONN is refused with CONNACK CODE (`+QMTCONN: i,2,CODE`)
 *   nosim / sim     SIM removed (CPIN -> +CME ERROR: 10, no registration after boot) / back
 *   upload-refuse[:CODE]  the next file upload (QFUPL, CCERTDOWN) is refused (+CME ERROR: CODE, 409)
 *   upload-corrupt[:N]    the next N uploads store one byte changed (a wrong +QFUPL checksum)
 *
 * Several may be given at once, separated by spaces or semicolons.
 */

export type Fault =
  | { kind: "loss"; bytes: number }
  | { kind: "loss-probability"; p: number }
  | { kind: "garbage"; bytes: number }
  | { kind: "drop-final"; count: number }
  | { kind: "delay-final"; ms: number }
  | { kind: "drop-urc"; prefix: string }
  | { kind: "reboot"; silent: boolean }
  | { kind: "qmtstat"; err: number; client: number }
  | { kind: "pdpdeact"; cid: number }
  | { kind: "reg-loss"; stat: number; ms: number }
  | { kind: "reg-restore" }
  | { kind: "connack"; code: number }
  | { kind: "sim"; present: boolean }
  | { kind: "upload-refuse"; code: number }
  | { kind: "upload-corrupt"; count: number };

type Parser = (args: string[]) => Fault;

function int(text: string | undefined, fallback: number | undefined, what: string): number {
  if (text === undefined || text === "") {
    if (fallback === undefined) throw new Error(`fault ${what}: number missing`);
    return fallback;
  }
  if (!/^-?\d+$/.test(text)) throw new Error(`fault ${what}: not a number: ${text}`);
  return Number(text);
}

function inRange(value: number, min: number, max: number, what: string): number {
  if (value < min || value > max) throw new Error(`fault ${what}: ${value} not in ${min}-${max}`);
  return value;
}

function parseLoss(args: string[]): Fault {
  const arg = args[0] ?? "";
  if (arg === "off") return { kind: "loss-probability", p: 0 };
  if (!arg.startsWith("p=")) return { kind: "loss", bytes: int(arg, undefined, "loss") };
  const p = Number(arg.slice(2));
  if (!(p >= 0 && p <= 1)) throw new Error(`fault loss: probability out of range: ${arg}`);
  return { kind: "loss-probability", p };
}

const PARSERS: Record<string, Parser> = {
  loss: parseLoss,
  garbage: (a) => ({ kind: "garbage", bytes: int(a[0], 8, "garbage") }),
  "drop-final": (a) => ({ kind: "drop-final", count: int(a[0], 1, "drop-final") }),
  "delay-final": (a) => ({ kind: "delay-final", ms: int(a[0], undefined, "delay-final") }),
  "drop-urc": (a) => ({ kind: "drop-urc", prefix: a.join(":") || "+" }),
  reboot: (a) => {
    if (a.length > 0 && a[0] !== "silent") throw new Error(`fault reboot: unknown option ${a.join(":")} (reboot or reboot:silent)`);
    return { kind: "reboot", silent: a[0] === "silent" };
  },
  qmtstat: (a) => ({ kind: "qmtstat", err: int(a[0], 1, "qmtstat"), client: inRange(int(a[1], 0, "qmtstat"), 0, 5, "qmtstat client") }),
  pdpdeact: (a) => ({ kind: "pdpdeact", cid: inRange(int(a[0], 1, "pdpdeact"), 1, 16, "pdpdeact cid") }),
  "reg-loss": (a) => ({ kind: "reg-loss", stat: int(a[0], 2, "reg-loss"), ms: int(a[1], 5000, "reg-loss") }),
  "reg-restore": () => ({ kind: "reg-restore" }),
  connack: (a) => ({ kind: "connack", code: int(a[0], 4, "connack") }),
  nosim: () => ({ kind: "sim", present: false }),
  sim: () => ({ kind: "sim", present: true }),
  "upload-refuse": (a) => ({ kind: "upload-refuse", code: int(a[0], 409, "upload-refuse") }),
  "upload-corrupt": (a) => ({ kind: "upload-corrupt", count: int(a[0], 1, "upload-corrupt") }),
};

export function parseFault(text: string): Fault {
  const [name, ...args] = text.trim().split(":");
  const key = name.toLowerCase();
  const parser = Object.hasOwn(PARSERS, key) ? PARSERS[key] : undefined;
  if (!parser) throw new Error(`unknown fault: ${text}`);
  return parser(args);
}

export function parseFaults(text: string): Fault[] {
  return text
    .split(/[\s;]+/)
    .filter((t) => t !== "")
    .map(parseFault);
}
