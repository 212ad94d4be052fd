import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { CountedUrc } from "../../src/at/counted";
import type { AtSink } from "../../src/at/parser";
import { QmtRecv } from "../../src/modem/quectel/qmtrecv";
import { decodeChunks, EventCollector, quectelParser } from "../../tools/decode/events";
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

/**
 * The ESP32 host reads every FIFO drain into one 128-byte buffer and passes it as words too.
 * Read lengths here are mostly whole words (the tail stays on a word boundary and reads are
 * stored a word at a time), some not (byte copies until the ring empties), and the buffer
 * keeps the previous read's bytes past `length`, as the real one does.
 */
function decodeThroughReadBuffer(bytes: Uint8Array, lengths: number[], capacity?: number) {
  const sink = new EventCollector();
  const parser = quectelParser(sink, capacity);
  const rx = new Uint8Array(128);
  const words = new Int32Array(rx.buffer);
  let from = 0;
  for (let k = 0; from < bytes.length; k++) {
    const n = Math.min(lengths.length ? lengths[k % lengths.length] : 128, bytes.length - from);
    rx.set(bytes.subarray(from, from + n));
    parser.feed(rx, n, words);
    from += n;
  }
  return sink.events;
}

const readLength = fc.oneof(fc.constant(128), fc.integer({ min: 1, max: 32 }).map((w) => w * 4), fc.integer({ min: 1, max: 128 }));

test("reads stored a word at a time decode like the whole stream", () => {
  fc.assert(
    fc.property(stream, fc.array(readLength, { maxLength: 12 }), fc.constantFrom(undefined, 96, 400), (bytes, lengths, capacity) => {
      assert.equal(decodeThroughReadBuffer(bytes, lengths, capacity), decodeChunks(bytes, [], capacity));
    }),
    RUNS,
  );
});

test("a word view of another size than the read buffer is not used", () => {
  const bytes = bytesOf("\r\n+QMTSTAT: 0,1\r\n\r\nOK\r\n");
  const sink = new EventCollector();
  const parser = quectelParser(sink);
  const rx = new Uint8Array(bytes.length + 3);
  rx.set(bytes);
  // A view of the first word only: storing from it would lose the rest of the read.
  parser.feed(rx, bytes.length, new Int32Array(rx.buffer, 0, 1));
  assert.equal(sink.events, decodeChunks(bytes, []));
});

test.run();
