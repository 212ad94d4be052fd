/**
 * The rewritten parser (src/at with the Quectel reader from src/modem) against the parser it
 * replaced (./reference): same bytes, same reads, same calls to abandonFrame/resync, and
 * they must report the same events, the same `framing` after every read and the same stats.
 */
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { CountedUrc } from "../../src/at/counted";
import { AtParser, AtSink } from "../../src/at/parser";
import { QmtRecv } from "../../src/modem/quectel/qmtrecv";
import { modemStream } from "../../bench/stream";
import { sessionStream } from "../../bench/streams";
import { AtParser as ReferenceParser, AtSink as ReferenceSink } from "./reference/parser";
import type { RecvHeader } from "./reference/recv-header";
import { bytesOf, concat, recvFrame } from "./helpers";
import { seedModemOutput } from "./seed";

const latin1 = (b: Uint8Array, at: number, n: number) => Buffer.from(b.subarray(at, at + n)).toString("latin1");

function newSink(events: string[]): AtSink {
  return {
    final: (r, code) => events.push(`final ${r} ${code}`),
    line: (b, o, n) => events.push(`line ${latin1(b, o, n)}`),
    prompt: () => events.push("prompt"),
    counted: (urc: CountedUrc, b, at, body) => {
      const r = urc as QmtRecv;
      events.push(`recv ${r.client} ${r.msgId} ${latin1(b, at + r.topicOffset, r.topicLength)} ${latin1(b, body, r.bodyLength)}`);
    },
    countedError: (urc: CountedUrc, reason) => events.push(`recvError ${(urc as QmtRecv).client} ${(urc as QmtRecv).msgId} ${reason}`),
  };
}

function referenceSink(events: string[]): ReferenceSink {
  return {
    final: (r, code) => events.push(`final ${r} ${code}`),
    line: (b, o, n) => events.push(`line ${latin1(b, o, n)}`),
    prompt: () => events.push("prompt"),
    recv: (h: RecvHeader, b) => events.push(`recv ${h.client} ${h.msgId} ${latin1(b, h.topicStart, h.topicLength)} ${latin1(b, h.payloadStart, h.payloadLength)}`),
    recvError: (client, msgId, reason) => events.push(`recvError ${client} ${msgId} ${reason}`),
  };
}

/** Between reads: nothing, or what the engine does on a timeout (resync) or a stalled frame. */
const NOTHING = 0;
const ABANDON = 1;
const RESYNC = 2;

interface Run {
  events: string[];
  framing: boolean[];
  stats: number[];
}

interface Parser {
  feed(chunk: Uint8Array, length: number): void;
  abandonFrame(): void;
  resync(): void;
  readonly framing: boolean;
}

function drive(p: Parser, events: string[], stats: () => number[], bytes: Uint8Array, cuts: number[], actions: number[]): Run {
  const framing: boolean[] = [];
  let from = 0;
  cuts.concat([bytes.length]).forEach((cut, k) => {
    const to = Math.min(Math.max(cut, from), bytes.length);
    const part = bytes.slice(from, to);
    p.feed(part, part.length);
    from = to;
    framing.push(p.framing);
    const action = actions[k % Math.max(actions.length, 1)] ?? NOTHING;
    if (action === ABANDON && p.framing) p.abandonFrame();
    if (action === RESYNC) p.resync();
  });
  return { events, framing, stats: stats() };
}

function both(bytes: Uint8Array, cuts: number[], capacity: number, actions: number[] = []): [Run, Run] {
  const newEvents: string[] = [];
  const ours = new AtParser({ sink: newSink(newEvents), capacity, counted: [new QmtRecv()] });
  const oldEvents: string[] = [];
  const ref = new ReferenceParser({ sink: referenceSink(oldEvents), capacity });
  return [
    drive(ours, newEvents, () => [ours.stats.overlongBytes, ours.stats.badFrames, ours.ring.dropped], bytes, cuts, actions),
    drive(ref, oldEvents, () => [ref.stats.overlongBytes, ref.stats.badFrames, ref.ring.dropped], bytes, cuts, actions),
  ];
}

function same(bytes: Uint8Array, cuts: number[], capacity: number, actions: number[] = []): void {
  const [ours, ref] = both(bytes, cuts, capacity, actions);
  assert.equal(ours.events, ref.events);
  assert.equal(ours.framing, ref.framing);
  assert.equal(ours.stats, ref.stats);
}

const TOPIC = "/sys/a1wFylTxYeD/co_0001/thing/service/property/set";

/** Modem output, realistic and awkward: every shape the old parser had a path for. */
const piece = fc.oneof(
  fc.constantFrom(
    "\r\nOK\r\n", "\r\nERROR\r\n", "\r\n+CME ERROR: 10\r\n", "\r\n+CMS ERROR: 500\r\n", "+CME ERROR: SIM busy\r\n", "+CME ERROR: 1234567\r\n",
    "\r\n+QMTSTAT: 0,2\r\n", "\r\n> ", ">", "> ", " ", "\r\nRDY\r\n", "\n", "\r", "OK\n", "ERROR\r", "OKAY\r\n", "\t\x0b\x0c\x00", "+", "+QMT", "+QMTRECV:",
    "+QMTRECV: 0,", '+QMTRECV: 0,1,"', '+QMTRECV: 0,1,"t",', '+QMTRECV:   1,2,t,1,', "AT+QMTPUBEX=0,0,0,0,\"t\",3\r", '+QMTRECV: 0,1,"/x",999999,"{}"\r\n',
  ),
  fc.string({ maxLength: 60, size: "max" }).map((s) => "\r\n+QIURC: " + s + "\r\n"),
  fc.string({ maxLength: 30, size: "max" }).map((s) => s + (s.length % 2 ? "\n" : "\r")),
  fc.uint8Array({ maxLength: 40, size: "max" }),
  fc.tuple(fc.uint8Array({ maxLength: 700, size: "max" }), fc.nat({ max: 0xffffffff }), fc.constantFrom(TOPIC, "t", "", "a,b", "x".repeat(300))).map(([p, id, topic]) => recvFrame(0, id, topic, p)),
  // Damaged frames: a byte lost or added, a wrong length, an unquoted or garbled header.
  fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 300, size: "max" }), fc.integer({ min: -3, max: 3 }), fc.boolean()).map(([p, delta, quoted]) => {
    const q = quoted ? '"' : "";
    return concat([bytesOf(`\r\n+QMTRECV: 1,7,${q}t${q},${Math.max(0, p.length + delta)},${q}`), p, bytesOf(`${q}\r\n`)]);
  }),
  fc.tuple(fc.string({ maxLength: 20, size: "max" }), fc.nat({ max: 12 })).map(([junk, spaces]) => `+QMTRECV:${" ".repeat(spaces)}${junk}\r\n`),
  // A header padded to about its longest (295 bytes), whole or cut near that length.
  fc.tuple(fc.integer({ min: 250, max: 300 }), fc.boolean()).map(([spaces, whole]) => `\r\n+QMTRECV:${" ".repeat(spaces)}0,1,"t",3,` + (whole ? '"abc"\r\n' : "")),
);
const stream = fc.array(piece, { maxLength: 40, size: "max" }).map((parts) => concat(parts.map((p) => (typeof p === "string" ? bytesOf(p) : p))));
const cutsFor = (bytes: Uint8Array, raw: number[]) => raw.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b);

test("the same events, framing and stats as the reference, however the stream is split", () => {
  fc.assert(
    fc.property(stream, fc.array(fc.nat(), { maxLength: 60, size: "max" }), fc.integer({ min: 48, max: 2000 }), (bytes, raw, capacity) => {
      same(bytes, cutsFor(bytes, raw), capacity);
    }),
    { numRuns: 600 },
  );
});

test("the same in UART-sized reads, with frames abandoned and resyncs between reads", () => {
  fc.assert(
    fc.property(
      stream,
      fc.integer({ min: 1, max: 200 }),
      fc.array(fc.constantFrom(NOTHING, NOTHING, NOTHING, ABANDON, RESYNC), { maxLength: 20, size: "max" }),
      fc.integer({ min: 64, max: 1600 }),
      (bytes, size, actions, capacity) => {
        const cuts: number[] = [];
        for (let at = size; at < bytes.length; at += size) cuts.push(at);
        same(bytes, cuts, capacity, actions);
      },
    ),
    { numRuns: 400 },
  );
});

test("random bytes, split at random", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 4000, size: "max" }), fc.array(fc.nat(), { maxLength: 30, size: "max" }), fc.integer({ min: 48, max: 600 }), (bytes, raw, capacity) => {
      same(bytes, cutsFor(bytes, raw), capacity);
    }),
    { numRuns: 300 },
  );
});

test("the bench streams and the seed session in 128-byte and random reads", () => {
  const inputs = [modemStream(64 * 1024, 5).bytes, sessionStream(64 * 1024, 5).bytes, bytesOf(seedModemOutput())];
  for (const bytes of inputs) {
    const cuts: number[] = [];
    for (let at = 128; at < bytes.length; at += 128) cuts.push(at);
    same(bytes, cuts, 1536);
  }
  fc.assert(
    fc.property(fc.constantFrom(...inputs), fc.array(fc.nat(), { maxLength: 200, size: "max" }), fc.integer({ min: 200, max: 1600 }), (bytes, raw, capacity) => {
      same(bytes, cutsFor(bytes, raw), capacity);
    }),
    { numRuns: 60 },
  );
});

test("the comparison can fail: a parser that differs is caught", () => {
  const bytes = bytesOf("\r\nOK\r\n+QMTSTAT: 0,1\r\n");
  const [ours, ref] = both(bytes, [], 1536);
  assert.equal(ours.events, ref.events);
  ref.events.push("line extra");
  assert.not.equal(ours.events, ref.events);
  // And a frame the two must agree on is really a frame, not two lines.
  const [frame] = both(recvFrame(0, 1, "t", bytesOf("a\r\nOK")), [], 1536);
  assert.equal(frame.events, ["recv 0 1 t a\r\nOK"]);
});

test.run();
