import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { CountedUrc } from "../../src/at/counted";
import type { AtSink } from "../../src/at/parser";
import { QmtRecv } from "../../src/modem/quectel/qmtrecv";
import { decodeChunks, quectelParser } from "../../tools/decode/events";
import { bytesOf, concat, decode, recvFrame } from "./helpers";
import { seedModemOutput } from "./seed";

const RUNS = { numRuns: 300 };

// Pieces of realistic modem output, including the awkward ones.
const piece = fc.oneof(
  fc.constantFrom("\r\nOK\r\n", "\r\nERROR\r\n", "\r\n+CME ERROR: 10\r\n", "\r\n+QMTSTAT: 0,2\r\n", "\r\n> ", ">", "\r\nRDY\r\n", "\n", "\r", "AT+QMTPUBEX=0,0,0,0,\"t\",3\r"),
  fc.string({ maxLength: 40 }).map((s) => "\r\n+QIURC: " + s.replace(/[\r\n>+]/g, "_") + "\r\n"),
  fc.uint8Array({ maxLength: 300 }).map((p) => recvFrame(0, 1, "/sys/pk/dn/thing/service/property/set", p)),
);
const stream = fc.array(piece, { maxLength: 30 }).map((parts) => concat(parts.map((p) => (typeof p === "string" ? bytesOf(p) : p))));

test("the same events however the stream is split", () => {
  fc.assert(
    fc.property(stream, fc.array(fc.nat(), { maxLength: 40 }), (bytes, cuts) => {
      const whole = decodeChunks(bytes, []);
      const sorted = cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b);
      assert.equal(decodeChunks(bytes, sorted), whole);
    }),
    RUNS,
  );
});

// A small ring makes it slide its contents (compaction) in the middle of lines and frames.
test("the same events however split, with a ring small enough to slide often", () => {
  fc.assert(
    fc.property(stream, fc.array(fc.nat(), { maxLength: 40 }), fc.integer({ min: 48, max: 400 }), (bytes, cuts, capacity) => {
      const whole = decodeChunks(bytes, [], capacity);
      const sorted = cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b);
      assert.equal(decodeChunks(bytes, sorted, capacity), whole);
      const frames = whole.filter((e) => e.type === "recv" || e.type === "recv-error").length;
      assert.is(frames, decodeChunks(bytes, [], 4096).filter((e) => e.type === "recv" || e.type === "recv-error").length);
    }),
    RUNS,
  );
});

test("a long realistic stream in UART-sized reads decodes like the whole", () => {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < 400; i++) {
    parts.push(recvFrame(0, i, "/sys/pk/dn/thing/service/property/set", bytesOf('{"id":"' + i + '","params":{"PowerSwitch_1":' + (i & 1) + "}}")));
    parts.push(bytesOf("\r\nOK\r\n\r\n+QMTPUBEX: 0,0,0\r\n"));
  }
  const all = concat(parts);
  const cuts: number[] = [];
  for (let at = 128; at < all.length; at += 128) cuts.push(at);
  const events = decodeChunks(all, cuts);
  assert.is(events.filter((e) => e.type === "recv").length, 400);
  assert.equal(events, decodeChunks(all, []));
});

test("the seed splits the same way at every random cut", () => {
  const seed = bytesOf(seedModemOutput());
  const whole = decodeChunks(seed, []);
  fc.assert(
    fc.property(fc.array(fc.nat({ max: seed.length }), { maxLength: 60 }), (cuts) => {
      assert.equal(decodeChunks(seed, cuts.sort((a, b) => a - b)), whole);
    }),
    RUNS,
  );
});

test("random bytes never throw and the parser recovers at the next line end", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 1, max: 200 }), (junk, size) => {
      const events = decode(concat([junk, bytesOf("\r\n\r\nOK\r\n")]), size, 256);
      assert.equal(events[events.length - 1], { type: "final", result: "OK" });
    }),
    RUNS,
  );
});

test("any payload bytes round-trip through +QMTRECV framing", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 1400 }), fc.nat({ max: 0xffffffff }), fc.integer({ min: 1, max: 300 }), (payload, msgId, size) => {
      const got: Uint8Array[] = [];
      const ids: number[] = [];
      const sink: AtSink = {
        final: () => undefined,
        line: () => undefined,
        prompt: () => undefined,
        counted: (urc: CountedUrc, b: Uint8Array, _at: number, body: number) => {
          got.push(b.slice(body, body + urc.bodyLength));
          ids.push((urc as QmtRecv).msgId);
        },
        countedError: () => undefined,
      };
      const p = quectelParser(sink);
      const frame = recvFrame(0, msgId, "t", payload);
      for (let i = 0; i < frame.length; i += size) {
        const part = frame.slice(i, i + size);
        p.feed(part, part.length);
      }
      assert.equal(got, [payload]);
      assert.equal(ids, [msgId]);
    }),
    RUNS,
  );
});

test.run();
