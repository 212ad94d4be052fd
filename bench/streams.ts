/**
 * The parser bench's streams beside `alink` (./stream.ts): a realistic EC600S session and the
 * three shapes that used to cost the most per byte. Each comes with the events a correct
 * parser reports for it, so a bench run first checks the parser before timing it.
 */
import { seededRandom } from "../sim/ec600s/random";
import { type ModemStream, modemStream, pick, recv, streamOf, Writer } from "./stream";

const PRODUCT = "a1wFylTxYeD";
const DEVICE = "co_0001";
const SET_TOPIC = `/sys/${PRODUCT}/${DEVICE}/thing/service/property/set`;
const SERVICE_TOPIC = `/sys/${PRODUCT}/${DEVICE}/thing/service/ScheduleSet`;

/** Power-on to subscribed, as the seed's EC600S session goes (echo on until ATE0). */
function bringUp(w: Writer): void {
  for (const urc of ["RDY", "+CPIN: READY", "+QUSIM: 1", "+QIND: SMS DONE", "+QIND: PB DONE"]) w.line(urc);
  w.text += "ATE0\r";
  w.events.push({ type: "line", text: "ATE0" });
  w.final("OK");
  for (const stat of [2, 2, 1]) {
    w.line(`+CEREG: 0,${stat}`);
    w.final("OK");
  }
  w.final("OK"); // AT+QICSGP
  w.final("OK"); // AT+QIACT=1
  w.line('+QIACT: 1,1,1,"10.189.73.246"');
  w.final("OK");
  for (let i = 0; i < 4; i++) w.final("OK"); // AT+QMTCFG version, keepalive, recv/mode, aliauth
  openMqtt(w);
}

function openMqtt(w: Writer): void {
  w.final("OK");
  w.line("+QMTOPEN: 0,0");
  w.final("OK");
  w.line("+QMTCONN: 0,0,0");
  w.final("OK");
  w.line("+QMTSUB: 0,1,0,1");
}

function publish(w: Writer): void {
  w.text += "\r\n> ";
  w.events.push({ type: "prompt" });
  w.final("OK");
  w.line(`+QMTPUBEX: 0,${1 + w.int(65535)},0`);
}

const WORDS = ["on", "off", "07:30", "relay", "PowerSwitch_1", "weekday", "0x1F", "{", "}", ",", ":", "timer", "99.5"];

/** A payload of `size` bytes; some hold raw CR/LF, quotes and a fake final code. */
function payload(w: Writer, size: number, awkward: boolean): string {
  const head = `{"method":"thing.service.property.set","id":"${1e8 + w.int(9e8)}","params":{"Note":"`;
  const tail = '"},"version":"1.0.0"}';
  let body = "";
  while (body.length < size - head.length - tail.length) {
    const r = w.int(12);
    body += awkward && r === 0 ? '\r\nOK\r\n' : awkward && r === 1 ? '\\"x\\" "' : awkward && r === 2 ? "\n" : WORDS[w.int(WORDS.length)] + " ";
  }
  return (head + body).slice(0, size - tail.length) + tail;
}

function smallSet(w: Writer): void {
  recv(w, SET_TOPIC, payload(w, 100 + w.int(200), false));
}

function largeSet(w: Writer): void {
  recv(w, SERVICE_TOPIC, payload(w, 300 + w.int(701), w.int(2) === 0));
}

function signal(w: Writer): void {
  w.line(`+CSQ: ${10 + w.int(21)},99`);
  w.final("OK");
}

function linkCheck(w: Writer): void {
  w.line("+QMTCONN: 0,3");
  w.final("OK");
}

function registration(w: Writer): void {
  w.line(`+CEREG: 0,${w.int(8) === 0 ? 5 : 1}`);
  w.final("OK");
}

function failure(w: Writer): void {
  w.line("+CME ERROR: 50", { type: "final", result: "CME ERROR", code: 50 });
}

/** The broker dropped us: the module says so, the host reopens and resubscribes. */
function reconnect(w: Writer): void {
  w.line("+QMTSTAT: 0,1");
  openMqtt(w);
}

const SESSION: [number, (w: Writer) => void][] = [
  [30, publish],
  [12, smallSet],
  [10, largeSet],
  [12, signal],
  [12, linkCheck],
  [6, registration],
  [2, failure],
  [1, reconnect],
];

/** `session`: bring-up, then mostly short responses and URCs, prompts and some payloads. */
export function sessionStream(targetBytes: number, seed: number): ModemStream {
  const w = new Writer(seededRandom(seed));
  bringUp(w);
  while (w.text.length < targetBytes) pick(w, SESSION);
  return streamOf(w);
}

/** `okBurst`: nothing but `\r\nOK\r\n`, the shortest complete event. */
export function okBurst(targetBytes: number): ModemStream {
  const w = new Writer(() => 0);
  while (w.text.length < targetBytes) w.final("OK");
  return streamOf(w);
}

/** `promptBurst`: nothing but data prompts, `\r\n> `. */
export function promptBurst(targetBytes: number): ModemStream {
  const w = new Writer(() => 0);
  while (w.text.length < targetBytes) {
    w.text += "\r\n> ";
    w.events.push({ type: "prompt" });
  }
  return streamOf(w);
}

const SHORT_LINES = ["+CSQ: 23,99", "OK", "+CEREG: 1", "+QMTSTAT: 0,1", "ERROR"];
const BLOCK_BYTES = 2048;

/**
 * `lfOnly`: lines ended by LF alone, then a block ended by CR alone, and so on: a module set
 * to other S3/S4 characters, or in numeric mode (ATV0), where most lines are one digit.
 */
export function lfOnly(targetBytes: number, seed: number): ModemStream {
  const w = new Writer(seededRandom(seed));
  while (w.text.length < targetBytes) {
    const end = Math.floor(w.text.length / BLOCK_BYTES) % 2 === 0 ? "\n" : "\r";
    const text = w.int(10) === 0 ? SHORT_LINES[w.int(SHORT_LINES.length)] : String(w.int(10));
    w.text += text + end;
    w.events.push(text === "OK" || text === "ERROR" ? { type: "final", result: text } : { type: "line", text });
  }
  return streamOf(w);
}

export const STREAM_NAMES = ["alink", "session", "okBurst", "promptBurst", "lfOnly"] as const;
export type StreamName = (typeof STREAM_NAMES)[number];

/** Every bench stream by name; `alink` is the main one (throughput and heap are measured on it). */
export function benchStreams(bytes: number, seed: number): Record<StreamName, ModemStream> {
  return {
    alink: modemStream(bytes, seed),
    session: sessionStream(bytes, seed),
    okBurst: okBurst(bytes),
    promptBurst: promptBurst(bytes),
    lfOnly: lfOnly(bytes, seed),
  };
}
