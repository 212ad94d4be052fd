/**
 * Traffic on a connected client: QMTSUB, QMTUNS, QMTPUBEX (and reading stored messages,
 * QMTRECV). `OK` means accepted; the broker's answer comes as `+QMTSUB`/`+QMTUNS`/
 * `+QMTPUBEX` (result 0 ok, 2 failed). A refused filter shows as granted QoS 128 with
 * result 0 (UNCONFIRMED on real firmware).
 */
import { intArg, strArg, type AtCommand } from "../at-command";
import type { Handler, Module } from "../module";
import type { MqttSubscription } from "../mqtt-transport";
import { isCurrent, ticketFor, type SlotTicket } from "../qmt-link";
import { qmtrecv } from "../qmt-recv";
import { CLIENT_COUNT } from "../qmt-slot";

const MAX_TOPICS = 5;
export const MAX_PAYLOAD = 4096;

/** idx and msgid (1-65535), or undefined. */
function header(m: Module, cmd: AtCommand): { idx: number; msgid: number } | undefined {
  const idx = intArg(cmd, 0, 0, CLIENT_COUNT - 1);
  const msgid = intArg(cmd, 1, 1, 65535);
  if (cmd.form !== "set" || idx === undefined || msgid === undefined) return undefined;
  return m.state.slots[idx].state === "connected" ? { idx, msgid } : undefined;
}

/** Reports the broker's answer to a request, if the client is still the one that asked. */
function report<T>(m: Module, t: SlotTicket, request: Promise<T>, ok: (value: T) => string, failed: string): void {
  request.then(
    (value) => isCurrent(m, t) && m.urc(ok(value)),
    () => isCurrent(m, t) && m.urc(failed),
  );
}

function subscriptions(cmd: AtCommand): MqttSubscription[] | undefined {
  const pairs = cmd.args.length - 2;
  if (pairs < 2 || pairs % 2 !== 0 || pairs / 2 > MAX_TOPICS) return undefined;
  const subs = Array.from({ length: pairs / 2 }, (_, i) => ({ topic: strArg(cmd, 2 + 2 * i), qos: intArg(cmd, 3 + 2 * i, 0, 2) }));
  return subs.every((s) => s.topic && s.qos !== undefined) ? (subs as MqttSubscription[]) : undefined;
}

const qmtsub: Handler = (m, cmd) => {
  const h = header(m, cmd);
  const subs = subscriptions(cmd);
  if (!h || !subs) return m.fail();
  const t = ticketFor(m, h.idx);
  const send = (): void => {
    if (!isCurrent(m, t) || !t.slot.link) return;
    const name = `+QMTSUB: ${h.idx},${h.msgid}`;
    report(m, t, t.slot.link.subscribe(subs), (granted) => `${name},0,${granted.join(",")}`, `${name},2`);
  };
  m.reply("OK", [], () => m.after(m.options.delays.subscribe, send));
};

const qmtuns: Handler = (m, cmd) => {
  const h = header(m, cmd);
  const topics = cmd.args.slice(2).map((_, i) => strArg(cmd, 2 + i));
  if (!h || topics.length === 0 || topics.length > MAX_TOPICS || !topics.every(Boolean)) return m.fail();
  const t = ticketFor(m, h.idx);
  const send = (): void => {
    if (!isCurrent(m, t) || !t.slot.link) return;
    const name = `+QMTUNS: ${h.idx},${h.msgid}`;
    report(m, t, t.slot.link.unsubscribe(topics as string[]), () => `${name},0`, `${name},2`);
  };
  m.reply("OK", [], () => m.after(m.options.delays.subscribe, send));
};

interface Publication {
  idx: number;
  msgid: number;
  qos: number;
  retain: boolean;
  topic: string;
  length: number;
}

/** `idx,msgid,qos,retain,"topic",length`; msgid 0 for QoS 0, 1-65535 otherwise. */
function publication(m: Module, cmd: AtCommand): Publication | undefined {
  const [idx, qos, retain, length] = [intArg(cmd, 0, 0, CLIENT_COUNT - 1), intArg(cmd, 2, 0, 2), intArg(cmd, 3, 0, 1), intArg(cmd, 5, 1, MAX_PAYLOAD)];
  const topic = strArg(cmd, 4);
  const msgid = qos === 0 ? intArg(cmd, 1, 0, 0) : intArg(cmd, 1, 1, 65535);
  const fields = [idx, qos, retain, length, msgid];
  if (cmd.form !== "set" || cmd.args.length !== 6 || fields.includes(undefined) || !topic) return undefined;
  if (m.state.slots[idx as number].state !== "connected") return undefined;
  return { idx: idx as number, msgid: msgid as number, qos: qos as number, retain: retain === 1, topic, length: length as number };
}

const qmtpubex: Handler = (m, cmd) => {
  const p = publication(m, cmd);
  if (!p) return m.fail();
  const t = ticketFor(m, p.idx);
  m.prompt(p.length, (payload) => {
    const send = (): void => {
      if (!isCurrent(m, t) || !t.slot.link) return;
      const name = `+QMTPUBEX: ${p.idx},${p.msgid}`;
      report(m, t, t.slot.link.publish(p.topic, payload, p.qos, p.retain), () => `${name},0`, `${name},2`);
    };
    m.reply("OK", [], send);
  });
};

export const messageCommands: Record<string, Handler> = {
  "+QMTSUB": qmtsub,
  "+QMTUNS": qmtuns,
  "+QMTPUBEX": qmtpubex,
  "+QMTRECV": qmtrecv,
};
