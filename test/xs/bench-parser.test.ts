/**
 * The parser benchmark's own pieces: the stream generator, the naive reference parser (on
 * Node and on XS) and the XS measurement, so the figures in `npm run bench` can be trusted.
 */
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { type BenchEvent, firstDifference } from "../../bench/events";
import { NaiveParser } from "../../bench/naive-parser";
import { measureParser } from "../../bench/parser-xs";
import { modemStream } from "../../bench/stream";

const adapter = (name: string) => fileURLToPath(new URL(`../../bench/adapters/${name}.ts`, import.meta.url));

function naiveEvents(bytes: Uint8Array, chunk: number): BenchEvent[] {
  const events: BenchEvent[] = [];
  const parser = new NaiveParser((e) => events.push(e));
  for (let at = 0; at < bytes.length; at += chunk) {
    const read = bytes.subarray(at, at + chunk);
    parser.push(read, read.length);
  }
  return events;
}

test("the stream is deterministic per seed and has every kind of event", () => {
  const a = modemStream(64 * 1024, 7);
  assert.equal(a.bytes, modemStream(64 * 1024, 7).bytes);
  assert.not.equal(a.bytes, modemStream(64 * 1024, 8).bytes);
  assert.ok(a.bytes.length >= 64 * 1024 && a.bytes.length < 65 * 1024);
  const kinds = new Set(a.events.map((e) => (e.type === "final" ? e.result : e.type)));
  assert.equal([...kinds].sort(), ["CME ERROR", "CMS ERROR", "ERROR", "OK", "line", "prompt", "recv"]);
});

test("the naive parser reports the stream's events however it is split", () => {
  const { bytes, events } = modemStream(64 * 1024, 3);
  for (const chunk of [1, 2, 127, 128, 4096]) {
    assert.is(firstDifference(naiveEvents(bytes, chunk), events), -1, `chunk ${chunk}`);
  }
});

test("the naive parser is not trivially agreeable", () => {
  const text = '\r\n+CME ERROR: 10\r\n\r\n+QMTRECV: 0,5,"t",3,"a,b"\r\n\r\n> ';
  const events = naiveEvents(Uint8Array.from(text, (c) => c.charCodeAt(0)), 5);
  assert.equal(events, [
    { type: "final", result: "CME ERROR", code: 10 },
    { type: "recv", client: 0, msgId: 5, topic: "t", payload: "a,b" },
    { type: "prompt" },
  ]);
});

test("measureParser: naive figures on XS are plausible; ours matches the events and allocates nothing", async () => {
  const main = modemStream(16 * 1024, 1);
  const heap = modemStream(8 * 1024, 2);
  const naive = await measureParser(adapter("naive"), main, heap);
  assert.equal(naive.notes, []); // events matched and were counted on XS too
  assert.ok(naive.computePerByte > 5 && naive.computePerByte < 1000, String(naive.computePerByte));
  assert.ok(naive.xsBytesPerSecond > 0);
  // Strings per byte, arrays per read, match arrays per line: thousands of slots per 1k lines.
  assert.ok((naive.heapSlotsPer1kLines ?? 0) > 1000, String(naive.heapSlotsPer1kLines));
  const ours = await measureParser(adapter("ours"), main, heap);
  assert.equal(ours.notes, []);
  assert.is(ours.heapSlotsPer1kLines, 0);
  assert.ok(ours.computePerByte < naive.computePerByte, `${ours.computePerByte} < ${naive.computePerByte}`);
});

test.run();
