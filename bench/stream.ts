/**
 * A deterministic, realistic modem→host byte stream (EC600S talking MQTT to Alibaba Cloud),
 * with the events a correct parser must report for it.
 */
import type { BenchEvent } from "./events";
import { seededRandom } from "../sim/ec600s/random";

export interface ModemStream {
  bytes: Uint8Array;
  /** What a correct parser reports, in order. One event per modem line (or prompt). */
  events: BenchEvent[];
}

const PRODUCT = "a1wFylTxYeD";
const DEVICE = "co_0001";
const SET_TOPIC = `/sys/${PRODUCT}/${DEVICE}/thing/service/property/set`;
const REPLY_TOPIC = `/sys/${PRODUCT}/${DEVICE}/thing/event/property/post_reply`;

/** Builds modem output and, beside it, the events a correct parser reports for it. */
export class Writer {
  text = "";
  readonly events: BenchEvent[] = [];
  constructor(readonly rand: () => number) {}
  int(n: number): number {
    return Math.floor(this.rand() * n);
  }
  /** `\r\n<text>\r\n`, the framing of every response line and URC. */
  line(text: string, event: BenchEvent = { type: "line", text }): void {
    this.text += `\r\n${text}\r\n`;
    this.events.push(event);
  }
  final(result: "OK" | "ERROR"): void {
    this.line(result, { type: "final", result });
  }
}

function propertySet(w: Writer): void {
  const params: Record<string, number> = {};
  const switches = 1 + w.int(3);
  for (let i = 1; i <= switches; i++) params[`PowerSwitch_${i}`] = w.int(2);
  const id = String(1e8 + w.int(9e8));
  const payload = JSON.stringify({ method: "thing.service.property.set", id, params, version: "1.0.0" });
  recv(w, SET_TOPIC, payload);
}

function postReply(w: Writer): void {
  const method = "thing.event.property.post";
  const reply = { code: 200, data: {}, id: String(w.int(1e6)), message: "success", method, version: "1.0" };
  recv(w, REPLY_TOPIC, JSON.stringify(reply));
}

export function recv(w: Writer, topic: string, payload: string): void {
  const msgId = w.int(65536);
  const text = `+QMTRECV: 0,${msgId},"${topic}",${payload.length},"${payload}"`;
  w.line(text, { type: "recv", client: 0, msgId, topic, payload });
}

/** AT+QMTPUBEX=...: prompt, host sends the payload, OK, then the publish result URC. */
function publish(w: Writer): void {
  w.text += "\r\n> ";
  w.events.push({ type: "prompt" });
  w.final("OK");
  w.line(`+QMTPUBEX: 0,${w.int(65536)},0`);
}

function poll(w: Writer): void {
  w.line(`+CSQ: ${10 + w.int(21)},99`);
  w.final("OK");
  w.line(`+CEREG: 0,${w.int(8) === 0 ? 5 : 1}`);
  w.final("OK");
}

function failure(w: Writer): void {
  const pick = w.int(3);
  if (pick === 0) return w.final("ERROR");
  const result = pick === 1 ? "CME ERROR" : "CMS ERROR";
  const code = pick === 1 ? [3, 10, 30, 50][w.int(4)] : 500;
  w.line(`+${result}: ${code}`, { type: "final", result, code });
}

function urc(w: Writer): void {
  const texts = ["+CEREG: 1", "+QMTSTAT: 0,1", '+QIURC: "pdpdeact",1', "+QMTCONN: 0,0,0", "+QMTOPEN: 0,0", "RDY"];
  w.line(texts[w.int(texts.length)]);
}

/** Traffic mix: mostly cloud commands and our publishes, some polling, a few errors/URCs. */
const SCENARIOS: [number, (w: Writer) => void][] = [
  [40, propertySet],
  [15, postReply],
  [25, publish],
  [10, poll],
  [5, failure],
  [5, urc],
];

/** The `alink` stream: today's bench stream, unchanged so figures stay comparable. */
export function modemStream(targetBytes = 256 * 1024, seed = 1): ModemStream {
  const w = new Writer(seededRandom(seed));
  while (w.text.length < targetBytes) pick(w, SCENARIOS);
  return streamOf(w);
}

/** Run one scenario, chosen by weight. */
export function pick(w: Writer, scenarios: [number, (w: Writer) => void][]): void {
  const total = scenarios.reduce((n, [weight]) => n + weight, 0);
  let at = w.int(total);
  const scenario = scenarios.find(([weight]) => (at -= weight) < 0);
  scenario?.[1](w);
}

export function streamOf(w: Writer): ModemStream {
  // Plain loop rather than Buffer so the generator also runs inside XS if ever needed.
  const bytes = new Uint8Array(w.text.length);
  for (let i = 0; i < bytes.length; i++) bytes[i] = w.text.charCodeAt(i);
  return { bytes, events: w.events };
}
