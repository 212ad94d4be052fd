/**
 * SIMCom A7670 / A7600 MQTT (the CMQTT set), on the simulator's shared MQTT clients:
 * CMQTTSTART/STOP (the service, on PDP context 1), CMQTTACCQ/REL (a client and its id),
 * CMQTTCONNECT/DISC, CMQTTSUBTOPIC + CMQTTSUB (or CMQTTSUB with one topic after its prompt), CMQTTTOPIC + CMQTTPAYLOAD + CMQTTPUB (topic and
 * payload through `>` prompts), and incoming messages as RXSTART/RXTOPIC/RXPAYLOAD/RXEND.
 * Results come as `+CMQTT<NAME>: <idx>,<err>` after `OK`; err 0 is success, 30/31 are
 * CONNACK 4/5, 11 is "no connection", 19 "client is used", 20 "client not acquired".
 *
 * Choices where the manuals are silent: CMQTTSTOP releases the clients; CMQTTACCQ on an
 * acquired client answers ERROR; CMQTTCONNECT needs the service started and the client
 * acquired, and the login is used as given (the module has no aliauth).
 */
import { intArg, strArg, type AtCommand } from "../at-command";
import { concat, encode } from "../bytes";
import { connectRequest } from "../connect-request";
import type { Handler, Module } from "../module";
import { MqttOpenError, type IncomingMessage, type MqttLink } from "../mqtt-transport";
import { contextOf } from "../pdp";
import { isCurrent, linkEvents, ticketFor, type SlotTicket } from "../qmt-link";
import type { QmtSlot } from "../qmt-slot";
import { deactivate } from "./pdp";
import { tlsEndpoint } from "../ssl";

/** SIMCom's MQTT error codes used here. */
const ERR_OK = 0;
const ERR_FAILED = 1;
const ERR_NO_CONNECTION = 11;
const ERR_NETWORK_OPENED = 23;
/** The TLS handshake failed; no certificate set for a context that needs one. */
const ERR_HANDSHAKE = 32;
const ERR_NO_CERTIFICATE = 33;
/** CONNACK return codes 1-5 as SIMCom numbers them (27-31). */
const CONNACK_BASE = 26;
const CLIENTS = 2;

/** Per-module CMQTT state that a reboot forgets (kept on the slot objects, which a reboot replaces). */
interface Client {
  clientId?: string;
  /** `AT+CMQTTACCQ`'s server type 1: SSL/TLS, on `sslCtx` (`AT+CMQTTSSLCFG`, default 0). */
  ssl?: boolean;
  sslCtx?: number;
  topic?: string;
  payload?: Uint8Array;
  subTopics: string[];
}

const clients = new WeakMap<QmtSlot, Client>();
const started = new WeakMap<Module["state"], boolean>();

function clientOf(slot: QmtSlot): Client {
  let c = clients.get(slot);
  if (!c) clients.set(slot, (c = { subTopics: [] }));
  return c;
}

const idxOf = (cmd: AtCommand): number | undefined => intArg(cmd, 0, 0, CLIENTS - 1);

const cmqttstart: Handler = (m, cmd) => {
  if (cmd.form !== "exec") return m.fail();
  // A started service answers its result before ERROR (as the A76XX manual and real modules do).
  if (started.get(m.state)) return m.reply("ERROR", [`+CMQTTSTART: ${ERR_NETWORK_OPENED}`]);
  m.reply("OK", [], () =>
    m.after(m.options.delays.pdpActivation, () => {
      if (!m.state.registration.registered) return m.urc(`+CMQTTSTART: ${ERR_FAILED}`);
      contextOf(m.state.pdp, 1).active = true;
      started.set(m.state, true);
      m.urc(`+CMQTTSTART: ${ERR_OK}`);
    }),
  );
};

const cmqttstop: Handler = (m, cmd) => {
  if (cmd.form !== "exec") return m.fail();
  m.reply("OK", [], () =>
    m.after(m.options.delays.pdpDeactivation, () => {
      started.set(m.state, false);
      for (const slot of m.state.slots) clients.delete(slot);
      deactivate(m, 1);
      m.urc(`+CMQTTSTOP: ${ERR_OK}`);
    }),
  );
};

const cmqttaccq: Handler = (m, cmd) => {
  const idx = idxOf(cmd);
  const id = strArg(cmd, 1, 128);
  const serverType = cmd.args.length > 2 ? intArg(cmd, 2, 0, 1) : 0;
  if (cmd.form !== "set" || idx === undefined || !id || serverType === undefined || !started.get(m.state)) return m.fail();
  const c = clientOf(m.state.slots[idx]);
  if (c.clientId !== undefined) return m.fail();
  c.clientId = id;
  c.ssl = serverType === 1;
  m.reply("OK");
};

/** `AT+CMQTTSSLCFG=<idx>,<ssl ctx>`: the SSL context of the client's TLS connection. */
const cmqttsslcfg: Handler = (m, cmd) => {
  const idx = idxOf(cmd);
  const ctx = intArg(cmd, 1, 0, 9);
  if (cmd.form !== "set" || idx === undefined || ctx === undefined || cmd.args.length !== 2) return m.fail();
  clientOf(m.state.slots[idx]).sslCtx = ctx;
  m.reply("OK");
};

const cmqttrel: Handler = (m, cmd) => {
  const idx = idxOf(cmd);
  if (cmd.form !== "set" || idx === undefined || m.state.slots[idx].inUse) return m.fail();
  clients.delete(m.state.slots[idx]);
  m.reply("OK");
};

interface ConnectArgs {
  idx: number;
  host: string;
  port: number;
  keepalive: number;
  username?: string;
  password?: string;
}

/** `idx,"tcp://host:port",keepalive,clean[,"user"[,"pass"]]` */
function connectArgs(cmd: AtCommand): ConnectArgs | undefined {
  const idx = idxOf(cmd);
  const url = /^tcp:\/\/([^:]+):(\d+)$/.exec(strArg(cmd, 1, 256) ?? "");
  const keepalive = intArg(cmd, 2, 1, 64800);
  if (cmd.form !== "set" || idx === undefined || !url || keepalive === undefined) return undefined;
  return { idx, host: url[1], port: Number(url[2]), keepalive, username: strArg(cmd, 4, 256), password: strArg(cmd, 5, 256) };
}

const cmqttconnect: Handler = (m, cmd) => {
  const args = connectArgs(cmd);
  if (!args || !started.get(m.state)) return m.fail();
  const slot = m.state.slots[args.idx];
  const c = clientOf(slot);
  if (c.clientId === undefined || slot.inUse) return m.fail();
  slot.state = "opening";
  slot.endpoint = { host: args.host, port: args.port };
  slot.config.keepalive = [args.keepalive];
  const t = ticketFor(m, args.idx);
  const login = { clientId: c.clientId, username: args.username, password: args.password };
  m.reply("OK", [], () => m.after(m.options.delays.mqttOpen, () => open(m, t, login, c)));
};

function open(m: Module, t: SlotTicket, login: { clientId: string; username?: string; password?: string }, c: Client): void {
  if (!isCurrent(m, t) || !t.slot.endpoint) return;
  if (!contextOf(m.state.pdp, 1).active) return connectFailed(m, t, ERR_FAILED);
  const endpoint = c.ssl ? tlsEndpoint(m, t.slot.endpoint, c.sslCtx ?? 0) : t.slot.endpoint;
  if (typeof endpoint === "string") return connectFailed(m, t, ERR_NO_CERTIFICATE);
  m.options.transport.open(endpoint, linkEvents(m, t)).then(
    (link) => connect(m, t, link, login),
    (error: unknown) => connectFailed(m, t, error instanceof MqttOpenError && error.failure === "tls" ? ERR_HANDSHAKE : ERR_FAILED),
  );
}

function connect(m: Module, t: SlotTicket, link: MqttLink, login: { clientId: string; username?: string; password?: string }): void {
  if (!isCurrent(m, t)) return link.destroy();
  t.slot.link = link;
  t.slot.state = "connecting";
  const forced = m.forcedConnacks.shift();
  if (forced !== undefined) return connected(m, t, forced);
  link.connect(connectRequest(t.slot, login, m.options.clock())).then(
    (code) => connected(m, t, code),
    () => connectFailed(m, t, ERR_FAILED),
  );
}

function connected(m: Module, t: SlotTicket, code: number): void {
  if (!isCurrent(m, t)) return;
  if (code !== 0) return connectFailed(m, t, CONNACK_BASE + code);
  t.slot.state = "connected";
  m.after(m.options.delays.mqttConnect, () => isCurrent(m, t) && m.urc(`+CMQTTCONNECT: ${t.idx},${ERR_OK}`));
}

function connectFailed(m: Module, t: SlotTicket, err: number): void {
  if (!isCurrent(m, t)) return;
  t.slot.reset();
  m.urc(`+CMQTTCONNECT: ${t.idx},${err}`);
}

/** `AT+CMQTTDISC?` lists each client's state (0 connected, 1 not); `=idx,timeout` disconnects. */
const cmqttdisc: Handler = (m, cmd) => {
  if (cmd.form === "read") return m.reply("OK", m.state.slots.slice(0, CLIENTS).map((s, i) => `+CMQTTDISC: ${i},${s.state === "connected" ? 0 : 1}`));
  const idx = idxOf(cmd);
  if (cmd.form !== "set" || idx === undefined) return m.fail();
  const slot = m.state.slots[idx];
  const t = ticketFor(m, idx);
  m.reply("OK", [], () =>
    m.after(m.options.delays.mqttClose, () => {
      if (!isCurrent(m, t)) return;
      const link = slot.link;
      const was = slot.inUse;
      slot.link = undefined;
      slot.reset();
      link?.disconnect().catch(() => undefined);
      m.urc(`+CMQTTDISC: ${idx},${was ? ERR_OK : ERR_NO_CONNECTION}`);
    }),
  );
};

/** A command whose data comes after the prompt: `idx,length[,...]`. */
function withData(take: (m: Module, idx: number, c: Client, data: Uint8Array, cmd: AtCommand) => void, max: number): Handler {
  return (m, cmd) => {
    const idx = idxOf(cmd);
    const length = intArg(cmd, 1, 1, max);
    if (cmd.form !== "set" || idx === undefined || length === undefined) return m.fail();
    const c = clientOf(m.state.slots[idx]);
    m.prompt(length, (data) => {
      take(m, idx, c, data, cmd);
      m.reply("OK");
    });
  };
}

const decode = (b: Uint8Array): string => new TextDecoder().decode(b);

const cmqttsubtopic = withData((_m, _i, c, data) => c.subTopics.push(decode(data)), 1024);
const cmqtttopic = withData((_m, _i, c, data) => (c.topic = decode(data)), 1024);
const cmqttpayload = withData((_m, _i, c, data) => (c.payload = data), 10240);

/**
 * `AT+CMQTTSUB=<idx>`: the topics given by CMQTTSUBTOPIC; `AT+CMQTTSUB=<idx>,<len>,<qos>[,<dup>]`:
 * one topic, its bytes after the prompt. OK, then `+CMQTTSUB: <idx>,<err>` once the broker answered.
 */
const cmqttsub: Handler = (m, cmd) => {
  const idx = idxOf(cmd);
  if (cmd.form !== "set" || idx === undefined) return m.fail();
  if (cmd.args.length === 1) return subscribe(m, idx, clientOf(m.state.slots[idx]).subTopics.splice(0), true);
  const length = intArg(cmd, 1, 1, 1024);
  const qos = intArg(cmd, 2, 0, 2);
  if (length === undefined || qos === undefined || cmd.args.length > 4) return m.fail();
  m.prompt(length, (data) => subscribe(m, idx, [decode(data)], false));
};

/** `failEarly`: a client that cannot subscribe says ERROR (after a prompt it says OK, then the error). */
function subscribe(m: Module, idx: number, topics: string[], failEarly: boolean): void {
  const slot = m.state.slots[idx];
  const link = slot.link;
  if (slot.state !== "connected" || !link || topics.length === 0) {
    if (failEarly || topics.length === 0) return m.fail();
    return m.reply("OK", [], () => m.urc(`+CMQTTSUB: ${idx},${ERR_NO_CONNECTION}`));
  }
  const t = ticketFor(m, idx);
  m.reply("OK", [], () =>
    m.after(m.options.delays.subscribe, () =>
      link.subscribe(topics.map((topic) => ({ topic, qos: 0 }))).then(
        (granted) => isCurrent(m, t) && m.urc(`+CMQTTSUB: ${idx},${granted.includes(128) ? ERR_FAILED : ERR_OK}`),
        () => isCurrent(m, t) && m.urc(`+CMQTTSUB: ${idx},${ERR_FAILED}`),
      ),
    ),
  );
}

const cmqttpub: Handler = (m, cmd) => {
  const idx = idxOf(cmd);
  const qos = intArg(cmd, 1, 0, 2);
  if (cmd.form !== "set" || idx === undefined || qos === undefined) return m.fail();
  const slot = m.state.slots[idx];
  const c = clientOf(slot);
  const [topic, payload] = [c.topic, c.payload ?? new Uint8Array(0)];
  c.topic = undefined;
  c.payload = undefined;
  if (!topic) return m.fail();
  const t = ticketFor(m, idx);
  m.reply("OK", [], () => {
    if (slot.state !== "connected" || !slot.link) return m.urc(`+CMQTTPUB: ${idx},${ERR_NO_CONNECTION}`);
    slot.link.publish(topic, payload, qos, false).then(
      () => isCurrent(m, t) && m.urc(`+CMQTTPUB: ${idx},${ERR_OK}`),
      () => isCurrent(m, t) && m.urc(`+CMQTTPUB: ${idx},${ERR_FAILED}`),
    );
  });
};

/** `AT+CGDCONT=<cid>,"IP","<apn>"`; `AT+CGAUTH=<cid>,<auth>,"user","pass"`. */
const cgdcont: Handler = (m, cmd) => {
  const cid = intArg(cmd, 0, 1, 15);
  const apn = strArg(cmd, 2, 62);
  if (cmd.form !== "set" || cid === undefined || apn === undefined) return m.fail();
  contextOf(m.state.pdp, cid).apn = apn;
  m.reply("OK");
};

const cgauth: Handler = (m, cmd) => {
  const cid = intArg(cmd, 0, 1, 15);
  if (cmd.form !== "set" || cid === undefined) return m.fail();
  m.reply("OK");
};

/** `AT+CPOF`: OK, then off, saying nothing. */
const cpof: Handler = (m, cmd) => {
  if (cmd.form !== "exec") return m.fail();
  m.reply("OK", [], () => m.after(m.options.delays.powerDown, () => m.powerOff()));
};

/** An incoming message in four parts, each chunk's bytes raw after its header line. */
export function cmqttMessage(idx: number, message: IncomingMessage): Uint8Array {
  const topic = encode(message.topic);
  const payload = message.payload;
  return concat(
    encode(`\r\n+CMQTTRXSTART: ${idx},${topic.length},${payload.length}\r\n+CMQTTRXTOPIC: ${idx},${topic.length}\r\n`),
    topic,
    encode(`\r\n+CMQTTRXPAYLOAD: ${idx},${payload.length}\r\n`),
    payload,
    encode(`\r\n+CMQTTRXEND: ${idx}\r\n`),
  );
}

export const cmqttCommands: Record<string, Handler> = {
  "+CGDCONT": cgdcont,
  "+CGAUTH": cgauth,
  "+CPOF": cpof,
  "+CMQTTSTART": cmqttstart,
  "+CMQTTSTOP": cmqttstop,
  "+CMQTTACCQ": cmqttaccq,
  "+CMQTTSSLCFG": cmqttsslcfg,
  "+CMQTTREL": cmqttrel,
  "+CMQTTCONNECT": cmqttconnect,
  "+CMQTTDISC": cmqttdisc,
  "+CMQTTSUBTOPIC": cmqttsubtopic,
  "+CMQTTSUB": cmqttsub,
  "+CMQTTTOPIC": cmqtttopic,
  "+CMQTTPAYLOAD": cmqttpayload,
  "+CMQTTPUB": cmqttpub,
};
