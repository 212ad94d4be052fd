/**
 * Installs the bench globals for the parser as it was before issue 8 (the test-only
 * reference in test/at/reference), so every bench run shows what the rewrite changed.
 */
import { AtParser, AtSink } from "../../test/at/reference/parser";
import type { RecvHeader } from "../../test/at/reference/recv-header";
import type { BenchEvent, FinalResult } from "../events";
import { uartReads, worstChunk } from "./adapter";

const RESULTS: FinalResult[] = ["OK", "ERROR", "CME ERROR", "CMS ERROR"];

function text(b: Uint8Array, o: number, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(b[o + i]);
  return s;
}

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
  recv(): void {
    this.count++;
  }
  recvError(): void {
    this.count++;
  }
}

const counter = new CountingSink();
let parser: AtParser | undefined;
let parserChunk = 0;

function feed(p: AtParser, bytes: Uint8Array, chunkSize: number): void {
  const reads = uartReads(bytes, chunkSize);
  for (let i = 0; i < reads.length; i++) p.feed(reads[i], reads[i].length);
}

globalThis.benchParse = (bytes, chunkSize) => {
  if (parser === undefined || parserChunk !== chunkSize) {
    parser = new AtParser({ sink: counter, chunk: chunkSize });
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
    recv: (h: RecvHeader, b) => events.push({ type: "recv", client: h.client, msgId: h.msgId, topic: text(b, h.topicStart, h.topicLength), payload: text(b, h.payloadStart, h.payloadLength) }),
    recvError: (client, msgId, reason) => events.push({ type: "line", text: "recvError " + client + " " + msgId + " " + reason }),
  };
  feed(new AtParser({ sink, chunk: chunkSize }), bytes, chunkSize);
  return JSON.stringify(events);
};

globalThis.benchWorstChunk = (bytes, chunkSize) => {
  const p = new AtParser({ sink: new CountingSink(), chunk: chunkSize });
  return worstChunk(uartReads(bytes, chunkSize), (read) => p.feed(read, read.length));
};
