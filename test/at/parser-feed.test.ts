// What a host may hand feed(): a length beyond its buffer, a small read from a large reused
// buffer. (Mutation testing found both unguarded: the first parsed stale ring bytes as
// lines, the second would throw on a copy past the ring's end.)
import { test } from "uvu";
import * as assert from "uvu/assert";
import { EventCollector, quectelParser } from "../../tools/decode/events";
import { bytesOf } from "./helpers";

test("a length larger than the buffer takes the buffer's bytes only, never stale ring bytes", () => {
  const sink = new EventCollector();
  const p = quectelParser(sink, 256, 64);
  const first = bytesOf("+QMTSTAT: 0,1\r\n+QMTSTAT: 0,2\r\n");
  p.feed(first, first.length);
  const ok = bytesOf("OK\r\n");
  p.feed(ok, 200);
  assert.equal(sink.events.map((e) => e.type), ["line", "line", "final"]);
  assert.is(p.ring.tail - p.ring.head, 0);
});

test("a few bytes read into a buffer larger than the ring's slack are stored and parsed like any read", () => {
  const sink = new EventCollector();
  const p = quectelParser(sink, 256, 64);
  const big = new Uint8Array(4096);
  for (const text of ["+QMTSTAT: 0,1\r\n", "OK", "\r\n"]) {
    big.set(bytesOf(text), 0);
    p.feed(big, text.length);
  }
  assert.equal(sink.events, [
    { type: "line", text: "+QMTSTAT: 0,1" },
    { type: "final", result: "OK" },
  ]);
});

test("a read parsed to its end leaves the ring empty at its front (the next read is stored there, word-aligned)", () => {
  const sink = new EventCollector();
  const p = quectelParser(sink, 256, 64);
  const lines = bytesOf("+QMTSTAT: 0,1\r\nOK\r\n");
  p.feed(lines, lines.length);
  assert.equal([p.ring.head, p.ring.tail, p.ring.slid], [0, 0, lines.length]);
  const partial = bytesOf("+QMTSTAT: 0,");
  p.feed(partial, partial.length);
  assert.equal([p.ring.head, p.ring.tail], [0, partial.length], "a partial line stays where it is");
  const rest = bytesOf("2\r\n");
  p.feed(rest, rest.length);
  assert.equal([p.ring.head, p.ring.tail, p.ring.slid], [0, 0, lines.length + partial.length + rest.length]);
  assert.is(sink.events.length, 3);
});

test("a prompt's space that comes after line ends, in the same read or a later one, is the prompt's", () => {
  for (const parts of [[">\r\n \r\nOK\r\n"], [">", "\r\n", " \r\nOK\r\n"], [">\n\r ", "OK\r\n"]]) {
    const sink = new EventCollector();
    const p = quectelParser(sink, 256, 64);
    for (const part of parts) {
      const b = bytesOf(part);
      p.feed(b, b.length);
    }
    assert.equal(sink.events, [{ type: "prompt" }, { type: "final", result: "OK" }], JSON.stringify(parts));
  }
});

test("a short + line at the end of a read is reported at once; a split line that only looks like a CME error is a line", () => {
  for (const [parts, expected] of [
    [["+\r"], [{ type: "line", text: "+" }]],
    [["+A\r"], [{ type: "line", text: "+A" }]],
    [["ACME ER", "ROR: 10\r\n"], [{ type: "line", text: "ACME ERROR: 10" }]],
    [["+CME ER", "ROR: 10\r\n"], [{ type: "final", result: "CME ERROR", code: 10 }]],
  ] as const) {
    const sink = new EventCollector();
    const p = quectelParser(sink, 256, 64);
    for (const part of parts) {
      const b = bytesOf(part);
      p.feed(b, b.length);
    }
    assert.equal(sink.events, expected, JSON.stringify(parts));
  }
});

test("final codes are exact: a byte off in ERROR is a line, and a CME code with a byte just outside the digits has no number", () => {
  for (const text of ["EXROR", "ERXOR", "ERRXR", "ERROX", "ERRORS", "ERRO"]) {
    const sink = new EventCollector();
    const p = quectelParser(sink, 256, 64);
    const b = bytesOf("\r\n" + text + "\r\n");
    p.feed(b, b.length);
    assert.equal(sink.events, [{ type: "line", text }], text);
  }
  for (const [code, expected] of [["10", 10], ["1/", -1], ["1:", -1], ["/1", -1], [":1", -1], ["  7", 7]] as const) {
    const sink = new EventCollector();
    const p = quectelParser(sink, 256, 64);
    const b = bytesOf("\r\n+CME ERROR: " + code + "\r\n");
    p.feed(b, b.length);
    assert.equal(sink.events, [{ type: "final", result: "CME ERROR", code: expected }], code);
  }
});

test.run();
