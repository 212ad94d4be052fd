/**
 * Opening and connecting a client: QMTOPEN (TCP), QMTCONN (CONNECT), QMTDISC, QMTCLOSE.
 * Each answers `OK` at once and reports the outcome later in its own URC.
 *
 * Choices where the manuals are silent: QMTCONN on a client that is not open, and
 * QMTCLOSE / QMTDISC on an idle one, answer ERROR. A refused CONNACK
 * (`+QMTCONN: <idx>,2,<code>`) or no CONNACK at all (`+QMTCONN: <idx>,2`) leaves the
 * client closed (the broker drops TCP), so the host reopens with QMTOPEN.
 */
import { intArg, strArg, type AtCommand } from "../at-command";
import { connectRequest, type ConnLogin } from "../connect-request";
import type { Handler, Module } from "../module";
import { MqttOpenError, type MqttLink } from "../mqtt-transport";
import { isCurrent, linkEvents, ticketFor, type SlotTicket } from "../qmt-link";
import { CLIENT_COUNT } from "../qmt-slot";
import { tlsEndpoint } from "../ssl";

/** `+QMTOPEN` results. */
export const OPEN_OK = 0;
export const OPEN_OCCUPIED = 2;
export const OPEN_PDP_FAILED = 3;
export const OPEN_DNS_FAILED = 4;
export const OPEN_NETWORK_ERROR = 5;
export const OPEN_FAILED = -1;

const clientIdx = (cmd: AtCommand): number | undefined => intArg(cmd, 0, 0, CLIENT_COUNT - 1);

// ---- QMTOPEN ------------------------------------------------------------------------

/** `idx,"host",port`; the host name is at most 100 bytes. */
function openArgs(cmd: AtCommand): { idx: number; host: string; port: number } | undefined {
  const [idx, host, port] = [clientIdx(cmd), strArg(cmd, 1, 100), intArg(cmd, 2, 1, 65535)];
  if (cmd.form !== "set" || cmd.args.length !== 3 || idx === undefined || !host || port === undefined) return undefined;
  return { idx, host, port };
}

const qmtopen: Handler = (m, cmd) => {
  if (cmd.form === "read") return m.reply("OK", openLines(m));
  if (cmd.form === "test") return m.reply("OK", ['+QMTOPEN: (0-5),"<host_name>",(1-65535)']);
  const args = openArgs(cmd);
  if (!args) return m.fail();
  const { idx, host, port } = args;
  const slot = m.state.slots[idx];
  if (slot.inUse) return m.reply("OK", [], () => m.urc(`+QMTOPEN: ${idx},${OPEN_OCCUPIED}`));
  slot.state = "opening";
  slot.endpoint = { host, port };
  const t = ticketFor(m, idx);
  m.reply("OK", [], () => m.after(m.options.delays.mqttOpen, () => open(m, t)));
};

function openLines(m: Module): string[] {
  return m.state.slots.flatMap((s, idx) => (s.endpoint && s.state !== "opening" ? [`+QMTOPEN: ${idx},"${s.endpoint.host}",${s.endpoint.port}`] : []));
}

function open(m: Module, t: SlotTicket): void {
  if (!isCurrent(m, t) || !t.slot.endpoint) return;
  if (!m.state.pdp.get(t.slot.config.pdpcid[0])?.active) return openFailed(m, t, OPEN_PDP_FAILED);
  if (!m.state.registration.registered) return openFailed(m, t, OPEN_FAILED);
  // `AT+QMTCFG="ssl",<idx>,1,<ctx>`: TLS with that SSL context; a context that cannot even
  // try (no CA file) fails like a failed handshake, -1.
  const [ssl, ctx] = t.slot.config.ssl;
  const endpoint = ssl === 1 ? tlsEndpoint(m, t.slot.endpoint, ctx) : t.slot.endpoint;
  if (typeof endpoint === "string") return openFailed(m, t, OPEN_FAILED);
  m.options.transport.open(endpoint, linkEvents(m, t)).then(
    (link) => opened(m, t, link),
    (error: unknown) => openFailed(m, t, openResultOf(error)),
  );
}

/** A failed TLS handshake is -1, "failed to open network", as Quectel's forums show it for every SSL problem. */
function openResultOf(error: unknown): number {
  if (!(error instanceof MqttOpenError) || error.failure === "tls") return OPEN_FAILED;
  return error.failure === "dns" ? OPEN_DNS_FAILED : OPEN_NETWORK_ERROR;
}

function opened(m: Module, t: SlotTicket, link: MqttLink): void {
  if (!isCurrent(m, t)) return link.destroy();
  t.slot.link = link;
  t.slot.state = "open";
  m.urc(`+QMTOPEN: ${t.idx},${OPEN_OK}`);
}

function openFailed(m: Module, t: SlotTicket, result: number): void {
  if (!isCurrent(m, t)) return;
  t.slot.reset();
  m.urc(`+QMTOPEN: ${t.idx},${result}`);
}

// ---- QMTCONN ------------------------------------------------------------------------

function connLogin(cmd: AtCommand): ConnLogin | undefined {
  const clientId = strArg(cmd, 1, 256);
  if (cmd.args.length === 2) return clientId ? { clientId } : undefined;
  const [username, password] = [strArg(cmd, 2, 256), strArg(cmd, 3, 256)];
  const ok = clientId && cmd.args.length === 4 && username !== undefined && password !== undefined;
  return ok ? { clientId, username, password } : undefined;
}

const qmtconn: Handler = (m, cmd) => {
  if (cmd.form === "read") return m.reply("OK", connLines(m));
  if (cmd.form === "test") return m.reply("OK", ['+QMTCONN: (0-5),"<clientid>","<username>","<password>"']);
  const idx = clientIdx(cmd);
  const login = connLogin(cmd);
  if (cmd.form !== "set" || idx === undefined || !login || m.state.slots[idx].state !== "open") return m.fail();
  m.state.slots[idx].state = "connecting";
  const t = ticketFor(m, idx);
  m.reply("OK", [], () => m.after(m.options.delays.mqttConnect, () => connect(m, t, login)));
};

function connLines(m: Module): string[] {
  return m.state.slots.flatMap((s, idx) => (s.connState === undefined ? [] : [`+QMTCONN: ${idx},${s.connState}`]));
}

function connect(m: Module, t: SlotTicket, login: ConnLogin): void {
  if (!isCurrent(m, t) || !t.slot.link) return;
  const forced = m.forcedConnacks.shift();
  if (forced !== undefined) return connected(m, t, forced);
  t.slot.link.connect(connectRequest(t.slot, login, m.options.clock())).then(
    (code) => connected(m, t, code),
    () => connFailed(m, t, `+QMTCONN: ${t.idx},2`),
  );
}

function connected(m: Module, t: SlotTicket, code: number): void {
  if (!isCurrent(m, t)) return;
  if (code !== 0) return connFailed(m, t, `+QMTCONN: ${t.idx},2,${code}`);
  t.slot.state = "connected";
  // The shape option is spelled for client 0: `0,0,0` (with ret_code) or `0,0`.
  m.urc(m.options.connSuccessShape === "0,0" ? `+QMTCONN: ${t.idx},0` : `+QMTCONN: ${t.idx},0,0`);
}

function connFailed(m: Module, t: SlotTicket, urc: string): void {
  if (!isCurrent(m, t)) return;
  t.slot.reset();
  m.urc(urc);
}

// ---- QMTDISC / QMTCLOSE ---------------------------------------------------------------

/** DISC sends DISCONNECT first; CLOSE just drops TCP. Both leave the client idle. */
function closer(name: "+QMTDISC" | "+QMTCLOSE", graceful: boolean): Handler {
  return (m, cmd) => {
    const idx = clientIdx(cmd);
    if (cmd.form === "test") return m.reply("OK", [`${name}: (0-5)`]);
    if (cmd.form !== "set" || cmd.args.length !== 1 || idx === undefined || !m.state.slots[idx].inUse) return m.fail();
    if (graceful) m.state.slots[idx].state = "disconnecting";
    const t = ticketFor(m, idx);
    m.reply("OK", [], () => m.after(m.options.delays.mqttClose, () => finishClose(m, t, name, graceful)));
  };
}

function finishClose(m: Module, t: SlotTicket, name: string, graceful: boolean): void {
  if (isCurrent(m, t)) {
    const link = t.slot.link;
    t.slot.link = undefined;
    t.slot.reset();
    if (graceful) link?.disconnect().catch(() => undefined);
    else link?.destroy();
  }
  m.urc(`${name}: ${t.idx},0`);
}

export const sessionCommands: Record<string, Handler> = {
  "+QMTOPEN": qmtopen,
  "+QMTCONN": qmtconn,
  "+QMTDISC": closer("+QMTDISC", true),
  "+QMTCLOSE": closer("+QMTCLOSE", false),
};
