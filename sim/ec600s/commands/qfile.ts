/**
 * Quectel's file system (UFS) and SSL contexts, as far as a CA certificate needs them
 * (Quectel "FILE AT Commands" and "SSL Application Note"):
 *
 *   AT+QFLST[="<pattern>"]     `+QFLST: "<name>",<size>` per match (`*` matches any run); none: just OK
 *   AT+QFUPL="<name>",<size>[,<timeout s>[,<ackmode>]]
 *                              CONNECT, exactly <size> raw bytes, then `+QFUPL: <size>,<checksum>` OK;
 *                              +CME ERROR: 407 if the file exists, 421 if the bytes stop coming,
 *                              403 beyond the drive's room
 *   AT+QFDEL="<name>"          OK, or +CME ERROR: 405 (not found); "*" deletes every file
 *   AT+QSSLCFG="<type>",<ctx>[,<value>]   sslversion 0-4, ciphersuite 0X<hex>, cacert "<file>",
 *                              seclevel 0-2, and a few accepted and ignored (sni, ignorelocaltime...)
 *
 * A name without a drive is on UFS. `<checksum>` is the XOR of the big-endian byte pairs, in
 * lower-case hex without leading zeros (ssl.ts). Files live in flash: a reboot keeps them.
 */
import { intArg, strArg, type AtCommand } from "../at-command";
import type { Handler, Module } from "../module";
import { fileChecksum, type SslContext } from "../ssl";

/** FILE error codes (Quectel's FILE manual). */
const FILE_DRIVE_FULL = 403;
const FILE_NOT_FOUND = 405;
const FILE_EXISTS = 407;
const FILE_TIMEOUT = 421;
/** Room on UFS for this simulator's files. */
const UFS_BYTES = 65536;
const QSSL_CONTEXTS = 6;

export function ufsName(name: string): string {
  return /^[A-Z]+:/.test(name) ? name : `UFS:${name}`;
}

function ufsUsed(m: Module): number {
  let used = 0;
  for (const [name, bytes] of m.files) if (name.startsWith("UFS:")) used += bytes.length;
  return used;
}

function matcher(pattern: string): RegExp {
  const escaped = ufsName(pattern).replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`);
}

const qflst: Handler = (m, cmd) => {
  if (cmd.form === "test") return m.reply("OK");
  const pattern = cmd.form === "exec" ? "*" : strArg(cmd, 0, 80);
  if (pattern === undefined) return m.fail();
  const re = matcher(pattern);
  const lines = [...m.files].filter(([name]) => name.startsWith("UFS:") && re.test(name)).map(([name, bytes]) => `+QFLST: "${name}",${bytes.length}`);
  m.reply("OK", lines);
};

function uploadArgs(cmd: AtCommand): { name: string; size: number; timeoutS: number } | undefined {
  const name = strArg(cmd, 0, 80);
  const size = intArg(cmd, 1, 1, 10485760);
  const timeoutS = cmd.args.length > 2 ? intArg(cmd, 2, 1, 65535) : 5;
  if (cmd.form !== "set" || !name || size === undefined || timeoutS === undefined || cmd.args.length > 4) return undefined;
  return { name: ufsName(name), size, timeoutS };
}

const qfupl: Handler = (m, cmd) => {
  const args = uploadArgs(cmd);
  if (!args) return m.fail();
  const refused = m.refusedUploads.shift();
  if (refused !== undefined) return m.fail(refused);
  if (m.files.has(args.name)) return m.fail(FILE_EXISTS);
  if (ufsUsed(m) + args.size > UFS_BYTES) return m.fail(FILE_DRIVE_FULL);
  let done = false;
  m.connectPrompt(args.size, (data) => {
    done = true;
    const stored = corrupt(m, data);
    m.files.set(args.name, stored);
    m.reply("OK", [`+QFUPL: ${stored.length},${fileChecksum(stored).toString(16)}`]);
  });
  // The module waits <timeout> seconds for the bytes, then gives up on the upload.
  m.after(m.options.delays.response + args.timeoutS * 1000, () => {
    if (!done && m.abandonRaw()) m.fail(FILE_TIMEOUT);
  });
};

/** The `corrupt-upload` fault: one byte changed on its way in. */
function corrupt(m: Module, data: Uint8Array): Uint8Array {
  if (m.corruptUploads === 0 || data.length === 0) return data;
  m.corruptUploads--;
  const copy = data.slice();
  copy[copy.length >> 1] ^= 0x20;
  return copy;
}

const qfdel: Handler = (m, cmd) => {
  const name = strArg(cmd, 0, 80);
  if (cmd.form !== "set" || !name) return m.fail();
  if (name === "*") {
    for (const key of [...m.files.keys()]) if (key.startsWith("UFS:")) m.files.delete(key);
    return m.reply("OK");
  }
  if (!m.files.delete(ufsName(name))) return m.fail(FILE_NOT_FOUND);
  m.reply("OK");
};

/** QSSLCFG settings the simulator keeps; others in IGNORED are accepted. */
const IGNORED = ["sni", "ignorelocaltime", "negotiatetime", "closetimemode", "dtls", "renegotiation", "checkhost", "clientcert", "clientkey"];

type SslSetter = (c: SslContext, cmd: AtCommand) => boolean;

const SSL_SETTERS: Record<string, SslSetter> = {
  sslversion: (c, cmd) => setInt(intArg(cmd, 2, 0, 4), (v) => (c.version = v)),
  seclevel: (c, cmd) => setInt(intArg(cmd, 2, 0, 2), (v) => (c.verify = v)),
  ciphersuite: (c, cmd) => {
    const arg = cmd.args[2];
    if (arg.quoted || !/^0X[0-9A-F]{4}$/i.test(arg.text)) return false;
    c.ciphers = arg.text.toUpperCase();
    return true;
  },
  cacert: (c, cmd) => {
    const name = strArg(cmd, 2, 80);
    if (!name) return false;
    c.cacert = ufsName(name);
    return true;
  },
};

function setSsl(m: Module, cmd: AtCommand, type: string, ctx: number): boolean {
  if (cmd.args.length !== 3) return false;
  if (Object.hasOwn(SSL_SETTERS, type)) return SSL_SETTERS[type](m.state.ssl[ctx], cmd);
  return IGNORED.includes(type);
}

function setInt(value: number | undefined, set: (v: number) => void): boolean {
  if (value === undefined) return false;
  set(value);
  return true;
}

function showSsl(m: Module, type: string, ctx: number): string | undefined {
  const c = m.state.ssl[ctx];
  const values: Record<string, string> = { sslversion: String(c.version), seclevel: String(c.verify), ciphersuite: c.ciphers, cacert: `"${c.cacert ?? ""}"` };
  return Object.hasOwn(values, type) ? `+QSSLCFG: "${type}",${ctx},${values[type]}` : undefined;
}

const qsslcfg: Handler = (m, cmd) => {
  if (cmd.form === "test") return m.reply("OK");
  const type = strArg(cmd, 0, 32)?.toLowerCase();
  const ctx = intArg(cmd, 1, 0, QSSL_CONTEXTS - 1);
  if (cmd.form !== "set" || !type || ctx === undefined) return m.fail();
  if (cmd.args.length === 2) return readSsl(m, type, ctx);
  if (setSsl(m, cmd, type, ctx)) m.reply("OK");
  else m.fail();
};

function readSsl(m: Module, type: string, ctx: number): void {
  const line = showSsl(m, type, ctx);
  if (line) m.reply("OK", [line]);
  else m.fail();
}

export const fileCommands: Record<string, Handler> = {
  "+QFLST": qflst,
  "+QFUPL": qfupl,
  "+QFDEL": qfdel,
  "+QSSLCFG": qsslcfg,
};
