// How a +QMTRECV frame is checked, at each boundary: the line end after the counted payload,
// the size the parser holds, the header's field bounds. Each test pins one check so that
// weakening it fails here (mutation testing found these unguarded).
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { AtParser } from "../../src/at/parser";
import { EventCollector, quectelParser } from "../../tools/decode/events";
import { bytesOf, concat, decode, recvFrame } from "./helpers";

function parser(capacity?: number): { p: AtParser; sink: EventCollector; feed(text: string | Uint8Array): void } {
  const sink = new EventCollector();
  const p = quectelParser(sink, capacity);
  const feed = (input: string | Uint8Array): void => {
    const bytes = typeof input === "string" ? bytesOf(input) : input;
    p.feed(bytes, bytes.length);
  };
  return { p, sink, feed };
}

const types = (text: string, size?: number): string[] => decode(text, size).map((e) => e.type);

test("the line end after the closing quote may be CR, LF or CRLF; anything else is corrupt", () => {
  for (const end of ["\r", "\n", "\r\n"]) {
    assert.equal(decode('+QMTRECV: 0,1,"t",5,"hello"' + end + "OK\r\n"), [
      { type: "recv", client: 0, msgId: 1, topic: "t", payload: "hello" },
      { type: "final", result: "OK" },
    ], JSON.stringify(end));
  }
  for (const end of [" \r\n", "x\r\n", '"\r\n']) {
    const events = decode('+QMTRECV: 0,1,"t",5,"hello"' + end + "OK\r\n");
    assert.equal(events[0], { type: "recv-error", client: 0, msgId: 1, reason: "corrupt" }, JSON.stringify(end));
    assert.equal(events[events.length - 1], { type: "final", result: "OK" });
  }
});

test("a frame is reported as soon as its trailer is in, without waiting for another byte", () => {
  const { sink, feed } = parser();
  feed('+QMTRECV: 0,2,"t",3,"abc"\r');
  assert.equal(sink.events, [{ type: "recv", client: 0, msgId: 2, topic: "t", payload: "abc" }]);
  const unquoted = parser();
  unquoted.feed("+QMTRECV: 0,3,t,3,abc\n");
  assert.equal(unquoted.sink.events, [{ type: "recv", client: 0, msgId: 3, topic: "t", payload: "abc" }]);
});

test("a frame exactly as long as the parser holds is delivered; one byte longer is skipped as oversize", () => {
  const capacity = 256;
  const head = '+QMTRECV: 0,4,"t",';
  // head + digits + ',"' + payload + '"' + CR fills the capacity exactly.
  const payloadFor = (extra: number): string => "p".repeat(capacity - (head.length + 3 + 2 + 2) + extra);
  for (const [extra, expected] of [
    [0, "recv"],
    [1, "recv-error"],
  ] as const) {
    const payload = payloadFor(extra);
    const { sink, feed } = parser(capacity);
    feed(head + payload.length + ',"' + payload + '"\r\nOK\r\n');
    assert.equal(sink.events.map((e) => e.type), [expected, "final"], "extra " + extra);
    if (expected === "recv-error") assert.equal(sink.events[0], { type: "recv-error", client: 0, msgId: 4, reason: "oversize" });
  }
});

test("an oversize frame is reported as soon as its trailer is in", () => {
  const big = new Uint8Array(600).fill(0x41);
  const frame = recvFrame(0, 5, "t", big).slice(2, -1); // without the leading CRLF and the final LF
  const { sink, feed } = parser(256);
  feed(frame);
  assert.equal(sink.events, [{ type: "recv-error", client: 0, msgId: 5, reason: "oversize" }]);
});

test("corrupt and oversize frames are counted", () => {
  const { p, feed } = parser(256);
  feed('+QMTRECV: 0,1,"t",5,"hellox\r\n');
  feed(recvFrame(0, 2, "t", new Uint8Array(600).fill(0x41)));
  feed('+QMTRECV: 0,3,"t",2,"ok"\r\n');
  assert.is(p.stats.badFrames, 2);
});

test("the payload length is believed up to 65,536 bytes and no further", () => {
  const { sink, feed } = parser(512);
  feed(concat([bytesOf('+QMTRECV: 0,6,"t",65536,"'), new Uint8Array(65536).fill(0x41), bytesOf('"\r\nOK\r\n')]));
  assert.equal(sink.events, [{ type: "recv-error", client: 0, msgId: 6, reason: "oversize" }, { type: "final", result: "OK" }]);
  assert.equal(types('+QMTRECV: 0,7,"t",65537,"AAAA"\r\nOK\r\n'), ["line", "final"]);
});

test("a topic of 256 bytes is a frame, 257 is not, in one read or split across many", () => {
  for (const size of [1 << 30, 1, 7, 64]) {
    const ok = decode('+QMTRECV: 0,1,"' + "t".repeat(256) + '",1,"x"\r\nOK\r\n', size);
    assert.equal(ok.map((e) => e.type), ["recv", "final"], "256 in chunks of " + size);
    assert.equal(types('+QMTRECV: 0,1,"' + "t".repeat(257) + '",1,"x"\r\nOK\r\n', size), ["line", "final"], "257 in chunks of " + size);
  }
  assert.equal(types('+QMTRECV: 0,1,' + "t".repeat(257) + ",1,x\r\nOK\r\n", 16), ["line", "final"], "unquoted");
});

test("a topic still open at a line end is no frame, and does not swallow what follows", () => {
  for (const end of ["\r\n", "\r", "\n"]) {
    assert.equal(types('+QMTRECV: 0,1,"abc' + end + "OK" + end), ["line", "final"], JSON.stringify(end));
    assert.equal(types("+QMTRECV: 0,1,abc" + end + "OK" + end), ["line", "final"], "unquoted " + JSON.stringify(end));
  }
});

test("only a comma may follow the topic", () => {
  assert.equal(types('+QMTRECV: 0,1,"t"15,"hello"\r\nOK\r\n'), ["line", "final"]);
  assert.equal(types('+QMTRECV: 0,1,"t" ,5,"hello"\r\nOK\r\n'), ["line", "final"]);
});

test("spaces are allowed before the client index only", () => {
  assert.equal(types('+QMTRECV:0,1,"t",1,"a"\r\n'), ["recv"]);
  assert.equal(types('+QMTRECV:   0,1,"t",1,"a"\r\n'), ["recv"]);
  for (const text of ['+QMTRECV: 0, 1,"t",1,"a"', '+QMTRECV: 0,1,"t", 1,"a"', '+QMTRECV: 0 ,1,"t",1,"a"']) {
    assert.equal(types(text + "\r\nOK\r\n"), ["line", "final"], text);
  }
});

test("field widths: one digit of client index, at most ten of msgId and length", () => {
  assert.equal(decode('+QMTRECV: 5,4294967295,"t",0000000001,"a"\r\n'), [{ type: "recv", client: 5, msgId: 4294967295, topic: "t", payload: "a" }]);
  for (const text of ['+QMTRECV: 05,1,"t",1,"a"', '+QMTRECV: 0,12345678901,"t",1,"a"', '+QMTRECV: 0,1,"t",00000000001,"a"']) {
    assert.equal(types(text + "\r\nOK\r\n"), ["line", "final"], text);
  }
});

test("a chunk larger than the parser's free room is taken in parts, losing nothing", () => {
  const { p, sink, feed } = parser(64);
  feed("OK\r\n".repeat(250) + '+QMTRECV: 0,1,"t",3,"abc"\r\n' + "ERROR\r\n".repeat(40));
  assert.is(sink.events.length, 291);
  assert.equal(sink.events[250], { type: "recv", client: 0, msgId: 1, topic: "t", payload: "abc" });
  assert.equal(sink.events[290], { type: "final", result: "ERROR" });
  assert.equal([p.stats.overlongBytes, p.stats.badFrames], [0, 0]);
});

test("+CME/+CMS codes: digits after optional spaces, at most six, else -1", () => {
  const code = (line: string): unknown => (decode(line + "\r\n")[0] as { code?: number }).code;
  assert.is(code("+CME ERROR: 9"), 9);
  assert.is(code("+CME ERROR:10"), 10);
  assert.is(code("+CME ERROR:    0"), 0);
  assert.is(code("+CMS ERROR: 999999"), 999999);
  assert.is(code("+CME ERROR: 1234567"), -1);
  assert.is(code("+CME ERROR: 1a"), -1);
  assert.is(code("+CME ERROR: /"), -1);
  assert.is(code("+CME ERROR: :"), -1);
  assert.is(code("+CME ERROR:   "), -1);
  assert.equal(decode("+CX ERROR: 3\r\n"), [{ type: "line", text: "+CX ERROR: 3" }]);
  assert.equal(decode("+ME ERROR: 3\r\n"), [{ type: "line", text: "+ME ERROR: 3" }]);
});

test.run();
