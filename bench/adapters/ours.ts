/**
 * Installs the bench globals for OUR streaming parser (src/at) with the Quectel dialect's
 * +QMTRECV reader (src/modem), fed read by read like the ESP32 host.
 */
import type { CountedUrc } from "../../src/at/counted";
import { AtParser, AtSink } from "../../src/at/parser";
import { QmtRecv } from "../../src/modem/quectel/qmtrecv";
import type { BenchEvent, FinalResult } from "../events";
import { uartReads, uartWords, worstChunk } from "./adapter";

const RESULTS: FinalResult[] = ["OK", "ERROR", "CME ERROR", "CMS ERROR"];

function text(b: Uint8Array, o: number, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(b[o + i]);
  return s;
}

/** Counts events and allocates nothing: the sink the firmware's hot path resembles. */
class CountingSink implements AtSink {
  count = 0;
  final(): void {
    this.count++;
  }
  line(): void {
    this.count++;
  }
  prompt(): void {
    this.count++;
  }
  counted(): void {
    this.count++;
  }
  countedError(): void {
    this.count++;
  }
}

function newParser(sink: AtSink, chunkSize: number): AtParser {
  return new AtParser({ sink, chunk: chunkSize, counted: [new QmtRecv()] });
}

const counter = new CountingSink();
let parser: AtParser | undefined;
let parserChunk = 0;

function feed(p: AtParser, bytes: Uint8Array, chunkSize: number): void {
  const reads = uartReads(bytes, chunkSize);
  const words = uartWords(reads);
  for (let i = 0; i < reads.length; i++) p.feed(reads[i], reads[i].length, words[i]);
}

// One parser for all timed runs, as on the device: its ring is allocated once.
globalThis.benchParse = (bytes, chunkSize) => {
  if (parser === undefined || parserChunk !== chunkSize) {
    parser = newParser(counter, chunkSize);
    parserChunk = chunkSize;
  }
  counter.count = 0;
  feed(parser, bytes, chunkSize);
  return counter.count;
};

globalThis.benchEvents = (bytes, chunkSize) => {
  const events: BenchEvent[] = [];
  const sink: AtSink = {
    final: (r, code) => events.push(code >= 0 ? { type: "final", result: RESULTS[r], code } : { type: "final", result: RESULTS[r] }),
    line: (b, o, n) => events.push({ type: "line", text: text(b, o, n) }),
    prompt: () => events.push({ type: "prompt" }),
    counted: (urc: CountedUrc, b, at, body) => {
      const r = urc as QmtRecv;
      events.push({ type: "recv", client: r.client, msgId: r.msgId, topic: text(b, at + r.topicOffset, r.topicLength), payload: text(b, body, r.bodyLength) });
    },
    countedError: (urc: CountedUrc, reason) => {
      const r = urc as QmtRecv;
      events.push({ type: "line", text: "recvError " + r.client + " " + r.msgId + " " + reason });
    },
  };
  feed(newParser(sink, chunkSize), bytes, chunkSize);
  return JSON.stringify(events);
};

globalThis.benchWorstChunk = (bytes, chunkSize) => {
  const p = newParser(new CountingSink(), chunkSize);
  return worstChunk(uartReads(bytes, chunkSize), (read, words) => p.feed(read, read.length, words));
};
