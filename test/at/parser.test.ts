import { test } from "uvu";
import * as assert from "uvu/assert";
import { ascii } from "../../src/at/bytes";
import type { CountedUrc } from "../../src/at/counted";
import { AtParser, AtSink } from "../../src/at/parser";
import { EventCollector, quectelParser } from "../../tools/decode/events";
import { bytesOf, concat, decode, recvFrame } from "./helpers";

const SET_TOPIC = "/sys/a1wFylTxYeD/co_0001/thing/service/property/set";

test("final result codes", () => {
  assert.equal(decode("\r\nOK\r\n\r\nERROR\r\n\r\n+CME ERROR: 10\r\n\r\n+CMS ERROR: 500\r\n"), [
    { type: "final", result: "OK" },
    { type: "final", result: "ERROR" },
    { type: "final", result: "CME ERROR", code: 10 },
    { type: "final", result: "CMS ERROR", code: 500 },
  ]);
});

test("verbose or malformed CME codes report -1", () => {
  const events = decode("+CME ERROR: SIM not inserted\r\n+CME ERROR:\r\n+CME ERROR: 1234567\r\n+CME ERROR: 12x\r\n");
  assert.equal(events.map((e) => ("code" in e ? e.code : null)), [-1, -1, -1, -1]);
});

test("near-misses of final codes are plain lines", () => {
  const events = decode("OKAY\r\nERRORS\r\nok\r\n");
  assert.equal(events.map((e) => e.type), ["line", "line", "line"]);
});

test("lines end at CR, LF or CRLF; empty lines are skipped", () => {
  assert.equal(decode("\r\n\r\nRDY\rA\nB\r\n\n\n+QMTSTAT: 0,1\r\n"), [
    { type: "line", text: "RDY" },
    { type: "line", text: "A" },
    { type: "line", text: "B" },
    { type: "line", text: "+QMTSTAT: 0,1" },
  ]);
});

test("a line without its end is held until the end arrives", () => {
  const sink = new EventCollector();
  const p = quectelParser(sink);
  p.feed(bytesOf("+CEREG: 1"), 9);
  assert.is(sink.events.length, 0);
  p.feed(bytesOf("\r\n"), 2);
  assert.equal(sink.events, [{ type: "line", text: "+CEREG: 1" }]);
});

test("the prompt is reported at once, with or without a space or leading CRLF", () => {
  const sink = new EventCollector();
  const p = quectelParser(sink);
  p.feed(bytesOf("\r\n>"), 3);
  assert.equal(sink.events, [{ type: "prompt" }]);
  p.feed(bytesOf(" "), 1);
  p.feed(bytesOf("\r\nOK\r\n>"), 7);
  assert.equal(sink.events.map((e) => e.type), ["prompt", "final", "prompt"]);
  assert.equal(decode("> \r\nOK\r\n"), [{ type: "prompt" }, { type: "final", result: "OK" }]);
});

test("+QMTRECV is read by count: quotes, commas, CR, LF and fake URCs stay in the payload", () => {
  const payload = '{"a":"x,\\"y"}\r\nOK\r\n+QMTSTAT: 0,1\r\n"\n';
  const events = decode(recvFrame(0, 70000, SET_TOPIC, bytesOf(payload)));
  assert.equal(events, [{ type: "recv", client: 0, msgId: 70000, topic: SET_TOPIC, payload }]);
});

test("+QMTRECV with an empty payload and unquoted older form", () => {
  assert.equal(decode('+QMTRECV: 1,2,"t",0,""\r\n'), [{ type: "recv", client: 1, msgId: 2, topic: "t", payload: "" }]);
  assert.equal(decode("+QMTRECV: 0,5,a/b,3,xyz\r\nOK\r\n"), [
    { type: "recv", client: 0, msgId: 5, topic: "a/b", payload: "xyz" },
    { type: "final", result: "OK" },
  ]);
});

test("a malformed +QMTRECV header is a plain line", () => {
  for (const text of ['+QMTRECV: 0,x,"t",3,"abc"', "+QMTRECV: 0", '+QMTRECV: 0,1,"t"', '+QMTRECV: 0,1,"t",3', '+QMTRECV: ,1,"t",1,"a"', '+QMTRECV: 0,1,"t"x,1,"a"', '+QMTRECV: 0,1,"t\r\n', '+QMTRECV: 12,1,"t",1,"a"']) {
    const events = decode(text + "\r\nOK\r\n");
    assert.is(events[events.length - 1].type, "final", text);
    assert.ok(events.every((e) => e.type !== "recv"), text);
  }
});

test("lost payload bytes: reported corrupt, never delivered, parser resynchronises", () => {
  const frame = recvFrame(0, 9, SET_TOPIC, bytesOf('{"id":"1","params":{"PowerSwitch_1":1}}'));
  const damaged = concat([frame.slice(0, 80), frame.slice(83)]);
  const events = decode(concat([damaged, bytesOf("\r\n+QMTSTAT: 0,1\r\n\r\nOK\r\n")]));
  assert.equal(events[0], { type: "recv-error", client: 0, msgId: 9, reason: "corrupt" });
  assert.ok(events.every((e) => e.type !== "recv"));
  assert.equal(events[events.length - 1], { type: "final", result: "OK" });
});

test("a frame larger than the ring is skipped by count and reported oversize", () => {
  const big = new Uint8Array(5000).fill(0x41);
  const events = decode(concat([recvFrame(0, 3, "t", big), bytesOf("OK\r\n")]), 128, 512);
  assert.equal(events, [
    { type: "recv-error", client: 0, msgId: 3, reason: "oversize" },
    { type: "final", result: "OK" },
  ]);
  const broken = concat([recvFrame(0, 4, "t", big).slice(0, -3), bytesOf("xx\r\nOK\r\n")]);
  assert.equal(decode(broken, 100, 512)[0], { type: "recv-error", client: 0, msgId: 4, reason: "corrupt" });
});

test("overlong lines are dropped and counted; the next line parses", () => {
  const sink = new EventCollector();
  const p = quectelParser(sink, 64);
  const junk = bytesOf("x".repeat(300));
  for (let i = 0; i < 3; i++) p.feed(junk.slice(i * 100, i * 100 + 100), 100);
  p.feed(bytesOf("yy\r\nOK\r\n"), 8);
  assert.equal(sink.events, [{ type: "final", result: "OK" }]);
  assert.is(p.stats.overlongBytes, 302);
});

test("a header that never completes is given up as a line", () => {
  const sink = new EventCollector();
  const p = quectelParser(sink);
  const long = bytesOf('+QMTRECV: 0,1,"' + "t".repeat(400));
  p.feed(long, long.length);
  p.feed(bytesOf("\r\nOK\r\n"), 6);
  assert.equal(sink.events.map((e) => e.type), ["line", "final"]);
});

test("resync drops a partial line or frame", () => {
  const sink = new EventCollector();
  const p = quectelParser(sink);
  p.feed(bytesOf('+QMTRECV: 0,1,"t",50,"abc'), 25);
  p.resync();
  p.feed(bytesOf("\r\nOK\r\n"), 6);
  assert.equal(sink.events, [{ type: "final", result: "OK" }]);
});

test("a sink that feeds more bytes while handling an event loses nothing", () => {
  const events: string[] = [];
  const holder: { parser?: AtParser } = {};
  const more = ascii("\r\nOK\r\n");
  const sink: AtSink = {
    final: () => events.push("final"),
    line: (b, o, l) => {
      events.push("line");
      if (l === 3 && b[o] === 82) holder.parser?.feed(more, more.length);
    },
    prompt: () => events.push("prompt"),
    counted: () => events.push("recv"),
    countedError: () => events.push("recvError"),
  };
  const parser = quectelParser(sink);
  holder.parser = parser;
  const input = ascii("\r\nRDY\r\n\r\n+CPIN: READY\r\n");
  parser.feed(input, input.length);
  assert.equal(events, ["line", "line", "final"]);
});

test("recv offsets point at the payload in place", () => {
  let seen = "";
  const sink: AtSink = {
    final: () => undefined,
    line: () => undefined,
    prompt: () => undefined,
    counted: (urc: CountedUrc, b: Uint8Array, _at: number, body: number) => {
      seen = String.fromCharCode(...b.slice(body, body + urc.bodyLength));
    },
    countedError: () => undefined,
  };
  const p = quectelParser(sink);
  const f = recvFrame(2, 1, "x", bytesOf("hello"));
  p.feed(f, f.length);
  assert.is(seen, "hello");
});

test("oversize frames: the trailer may arrive in a later read; unquoted ones are checked too", () => {
  const big = new Uint8Array(600).fill(0x42);
  const frame = recvFrame(0, 5, "t", big);
  const sink = new EventCollector();
  const p = quectelParser(sink, 256);
  const head = frame.slice(0, frame.length - 3);
  p.feed(head, head.length);
  p.feed(frame.slice(-3, -2), 1);
  assert.equal(sink.events, []);
  p.feed(frame.slice(-2), 2);
  assert.equal(sink.events, [{ type: "recv-error", client: 0, msgId: 5, reason: "oversize" }]);
  const unquoted = concat([bytesOf("+QMTRECV: 0,6,t,600,"), big, bytesOf("X\r\nOK\r\n")]);
  assert.equal(decode(unquoted, 64, 256), [
    { type: "recv-error", client: 0, msgId: 6, reason: "corrupt" },
    { type: "final", result: "OK" },
  ]);
  const unquotedGood = concat([bytesOf("+QMTRECV: 0,7,t,3,abc\r\n")]);
  assert.equal(decode(unquotedGood)[0], { type: "recv", client: 0, msgId: 7, topic: "t", payload: "abc" });
});

test("a length past what the module can send is not a frame, and does not swallow what follows", () => {
  assert.equal(decode('\r\n+QMTRECV: 0,1,"/x",999999,"{}"\r\nOK\r\n').map((e) => e.type), ["line", "final"]);
  assert.equal(decode('+QMTRECV: 0,1,"/x",65536,"')[0], undefined);
});

test("abandonFrame: a frame whose bytes stopped coming is reported corrupt and parsing restarts", () => {
  const sink = new EventCollector();
  const p = quectelParser(sink);
  p.feed(bytesOf('+QMTRECV: 0,3,"t",50,"abc'), 24);
  assert.ok(p.framing);
  p.abandonFrame();
  assert.not.ok(p.framing);
  p.feed(bytesOf('+QMTRECV: 0,4,"t'), 15);
  assert.ok(p.framing, "a header in progress counts too");
  p.abandonFrame();
  p.feed(bytesOf("\r\nOK\r\n"), 6);
  assert.equal(sink.events, [{ type: "recv-error", client: 0, msgId: 3, reason: "corrupt" }, { type: "final", result: "OK" }]);
});

test("a topic longer than 256 bytes is not a frame", () => {
  const events = decode('+QMTRECV: 0,1,"' + "t".repeat(300) + '",1,"x"\r\nOK\r\n');
  assert.equal(events.map((e) => e.type), ["line", "final"]);
});

test("a sink that feeds more than the ring can take while it holds a line loses the excess, counted", () => {
  const holder: { parser?: AtParser } = {};
  const flood = new Uint8Array(400).fill(0x41);
  const sink: AtSink = {
    final: () => undefined,
    line: () => holder.parser?.feed(flood, flood.length),
    prompt: () => undefined,
    counted: () => undefined,
    countedError: () => undefined,
  };
  const parser = quectelParser(sink, 64, 16);
  holder.parser = parser;
  parser.feed(bytesOf("RDY\r\n"), 5);
  assert.ok(parser.ring.dropped > 0);
});

test("a sink that throws does not leave the parser stuck", () => {
  let calls = 0;
  const sink: AtSink = {
    final: () => undefined,
    line: () => {
      if (calls++ === 0) throw new Error("bug in a handler");
    },
    prompt: () => undefined,
    counted: () => undefined,
    countedError: () => undefined,
  };
  const parser = quectelParser(sink);
  assert.throws(() => parser.feed(bytesOf("A\r\n"), 3), /bug in a handler/);
  parser.resync();
  parser.feed(bytesOf("B\r\nC\r\n"), 6);
  assert.is(calls, 3);
  assert.is(parser.ring.held, 0);
});

test("a parser with no counted URCs reads a +QMTRECV like any line", () => {
  const sink = new EventCollector();
  const p = new AtParser({ sink });
  const frame = recvFrame(0, 1, "t", bytesOf("ab"));
  p.feed(frame, frame.length);
  assert.equal(sink.events, [{ type: "line", text: '+QMTRECV: 0,1,"t",2,"ab"' }]);
});

test("a length past the chunk's end takes what the chunk has", () => {
  const sink = new EventCollector();
  const p = quectelParser(sink);
  p.feed(bytesOf("\r\nOK\r\n"), 100);
  assert.equal(sink.events, [{ type: "final", result: "OK" }]);
});

test("+CM?-shaped lines that are not CME/CMS errors are lines", () => {
  assert.equal(decode("+CMX ERROR: 5\r\n+CMSERROR: 5\r\n").map((e) => e.type), ["line", "line"]);
});

test("a sink that resyncs the parser from a prompt or a frame error: what was after is dropped", () => {
  const events: string[] = [];
  const holder: { parser?: AtParser } = {};
  const sink: AtSink = {
    final: () => events.push("final"),
    line: () => events.push("line"),
    prompt: () => {
      events.push("prompt");
      holder.parser?.resync();
    },
    counted: () => events.push("recv"),
    countedError: () => {
      events.push("recvError");
      holder.parser?.resync();
    },
  };
  const parser = quectelParser(sink);
  holder.parser = parser;
  const bare = bytesOf("\r\n>\r\nOK\r\n");
  parser.feed(bare, bare.length);
  assert.equal(events, ["prompt"]);
  const corrupt = concat([recvFrame(0, 1, "t", bytesOf("abc")).slice(0, -3), bytesOf("x\r\nOK\r\n")]);
  parser.feed(corrupt, corrupt.length);
  assert.equal(events, ["prompt", "recvError"]);
  parser.feed(bytesOf("\r\nOK\r\n"), 6);
  assert.equal(events, ["prompt", "recvError", "final"]);
});

test.run();
