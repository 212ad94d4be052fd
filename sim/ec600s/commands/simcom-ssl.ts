/**
 * SIMCom A76XX certificates and SSL contexts ("SSL AT Commands"), as far as a CA needs them:
 *
 *   AT+CCERTLIST                   `+CCERTLIST: "<name>"` per stored certificate, then OK
 *   AT+CCERTDOWN="<name>",<len>    `>`, exactly <len> raw bytes, OK (an existing name is replaced);
 *                                  ERROR for a name that is not .pem/.der or a length over 10240
 *   AT+CCERTDELE="<name>"          OK, or ERROR when there is no such certificate
 *   AT+CSSLCFG="<type>",<ctx>,<v>  sslversion 0-4, authmode 0-3, cacert "<name>", and a few
 *                                  accepted and ignored (enableSNI, ignorelocaltime, ...)
 *
 * Certificates live in flash (`Module.files` as `cert:<name>`): a reboot keeps them.
 */
import { intArg, strArg, type AtCommand } from "../at-command";
import type { Handler, Module } from "../module";
import { SSL_CONTEXTS } from "../ssl";

const CERT_MAX = 10240;
const CERT_NAME = /^[^/\\]{1,64}\.(pem|der)$/i;
const IGNORED = ["enablesni", "ignorelocaltime", "negotiatetime", "ciphersuites", "clientcert", "clientkey", "password"];

export const certKey = (name: string): string => `cert:${name}`;

const ccertlist: Handler = (m, cmd) => {
  if (cmd.form !== "exec") return cmd.form === "test" ? m.reply("OK") : m.fail();
  const lines = [...m.files.keys()].filter((k) => k.startsWith("cert:")).map((k) => `+CCERTLIST: "${k.slice(5)}"`);
  m.reply("OK", lines);
};

const ccertdown: Handler = (m, cmd) => {
  const name = strArg(cmd, 0, 64);
  const length = intArg(cmd, 1, 1, CERT_MAX);
  if (cmd.form !== "set" || cmd.args.length !== 2 || !name || !CERT_NAME.test(name) || length === undefined) return m.fail();
  const refused = m.refusedUploads.shift();
  if (refused !== undefined) return m.fail();
  m.prompt(length, (data) => {
    m.files.set(certKey(name), data);
    m.reply("OK");
  });
};

const ccertdele: Handler = (m, cmd) => {
  const name = strArg(cmd, 0, 64);
  if (cmd.form !== "set" || !name || !m.files.delete(certKey(name))) return m.fail();
  m.reply("OK");
};

function setSsl(m: Module, cmd: AtCommand, type: string, ctx: number): boolean {
  const c = m.state.ssl[ctx];
  if (cmd.args.length !== 3) return false;
  if (type === "sslversion") return store(intArg(cmd, 2, 0, 4), (v) => (c.version = v));
  if (type === "authmode") return store(intArg(cmd, 2, 0, 3), (v) => (c.verify = v));
  if (type === "cacert") {
    const name = strArg(cmd, 2, 64);
    if (!name) return false;
    c.cacert = certKey(name);
    return true;
  }
  return IGNORED.includes(type);
}

function store(value: number | undefined, set: (v: number) => void): boolean {
  if (value === undefined) return false;
  set(value);
  return true;
}

const csslcfg: Handler = (m, cmd) => {
  if (cmd.form === "test") return m.reply("OK");
  const type = strArg(cmd, 0, 32)?.toLowerCase();
  const ctx = intArg(cmd, 1, 0, SSL_CONTEXTS - 1);
  if (cmd.form !== "set" || !type || ctx === undefined || !setSsl(m, cmd, type, ctx)) return m.fail();
  m.reply("OK");
};

export const simcomSslCommands: Record<string, Handler> = {
  "+CCERTLIST": ccertlist,
  "+CCERTDOWN": ccertdown,
  "+CCERTDELE": ccertdele,
  "+CSSLCFG": csslcfg,
};
