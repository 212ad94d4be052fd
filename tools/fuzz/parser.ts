// `npm run fuzz [-- --minutes 5] [--seed N]`: the AT parser (src/at with Quectel's +QMTRECV
// reader) against hostile modem output for minutes, outside `npm test`. Four properties share
// the time:
//   1. differential: the same events, framing and stats as the parser it replaced
//      (test/at/reference), however the stream is split and whatever the engine does between
//      reads (abandonFrame, resync);
//   2. no wrong decode: garbage, oversize lines and frames whose length is wrong (a byte lost
//      or added, the count off by up to a few hundred) around intact frames; every frame
//      delivered is an intact one, whole, in order, and every intact frame after a clean line
//      is delivered;
//   3. no throw, on any bytes in any chunking, with any capacity;
//   4. bounded memory: one parser fed everything the run makes (hundreds of MB), the heap
//      after a GC stays flat.
// Failures are shrunk by fast-check and printed with the seed; exit 1.
import { concat as concatBytes } from "../../sim/ec600s/bytes";
import fc from "fast-check";
import type { CountedUrc } from "../../src/at/counted";
import { AtParser, type AtSink } from "../../src/at/parser";
import { QmtRecv } from "../../src/modem/quectel/qmtrecv";
import { AtParser as ReferenceParser, type AtSink as ReferenceSink } from "../../test/at/reference/parser";
import type { RecvHeader } from "../../test/at/reference/recv-header";

// Streams of up to dozens of pieces and frames of up to 1.8 KB, not fast-check's small default.
fc.configureGlobal({ baseSize: "xlarge" });

const args = process.argv.slice(2);
const minutes = numberArg("--minutes", 5);
const seed = numberArg("--seed", Date.now() % 0x7fffffff);

function numberArg(name: string, fallback: number): number {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  if (!(value > 0) || !Number.isFinite(value)) {
    console.error(`fuzz: ${name} needs a positive number, got ${JSON.stringify(args[at + 1])}`);
    process.exit(2);
  }
  return value;
}

const enc = new TextEncoder();
const bytesOf = (s: string): Uint8Array => enc.encode(s);
const latin1 = (b: Uint8Array, at: number, n: number): string => Buffer.from(b.subarray(at, at + n)).toString("latin1");

function concat(parts: Uint8Array[]): Uint8Array {
  return concatBytes(...parts);
}

function frame(msgId: number, topic: string, payload: Uint8Array, declared = payload.length, close = '"\r\n'): Uint8Array {
  return concat([bytesOf(`\r\n+QMTRECV: 0,${msgId},"${topic}",${declared},"`), payload, bytesOf(close)]);
}

const TOPIC = "/sys/a1wFylTxYeD/co_0001/thing/service/property/set";

// ---------------------------------------------------------------------------------------
// Streams

/** Realistic and hostile pieces of modem output. */
const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(
    "\r\nOK\r\n", "\r\nERROR\r\n", "\r\n+CME ERROR: 10\r\n", "\r\n+CMS ERROR: 500\r\n", "+CME ERROR: SIM busy\r\n", "+CME ERROR: 99999999999\r\n",
    "\r\n+QMTSTAT: 0,2\r\n", "\r\n> ", ">", "> ", " ", "\r\nRDY\r\n", "\n", "\r", "OK\n", "ERROR\r", "OKAY\r\n", "\t\x0b\x0c\x00", "+", "+QMT", "+QMTRECV:",
    "+QMTRECV: 0,", '+QMTRECV: 0,1,"', '+QMTRECV: 0,1,"t",', "+QMTRECV:   1,2,t,1,", 'AT+QMTPUBEX=0,0,0,0,"t",3\r', '+QMTRECV: 0,1,"/x",999999,"{}"\r\n',
    '+QMTRECV: 0,1,"t",-1,"x"\r\n', '+QMTRECV: 0,1,"t",4294967296,"x"\r\n', '+QMTRECV: 99999999999,1,"t",1,"x"\r\n', '+QMTRECV: 0,1,"t",1,x\r\n',
  ) },
  { weight: 2, arbitrary: fc.string({ maxLength: 80, unit: "binary-ascii" }).map((s) => "\r\n+QIURC: " + s + "\r\n") },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 60 }) },
  // Oversize lines, with and without an end, some of them looking like a header.
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1000, max: 6000 }), fc.constantFrom("", "+", "+QMTRECV: ", "OK", ">"), fc.constantFrom("", "\r\n", "\n")).map(([n, head, end]) => head + "x".repeat(n) + end) },
  // Intact frames, some with bodies near or over the capacity.
  { weight: 3, arbitrary: fc.tuple(fc.uint8Array({ maxLength: 1800 }), fc.nat({ max: 0xffffffff }), fc.constantFrom(TOPIC, "t", "", "a,b", "x".repeat(300))).map(([p, id, topic]) => frame(id, topic, p)) },
  // Damaged frames: the count off, the close wrong, the header unquoted.
  { weight: 3, arbitrary: fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 600 }), fc.integer({ min: -300, max: 300 }), fc.constantFrom('"\r\n', '"\n', '"', "\r\n", '""\r\n', "x\r\n"), fc.boolean()).map(([p, delta, close, quoted]) => {
    const q = quoted ? '"' : "";
    return concat([bytesOf(`\r\n+QMTRECV: 1,7,${q}t${q},${Math.max(0, p.length + delta)},${q}`), p, bytesOf(close)]);
  }) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 20 }), fc.nat({ max: 300 })).map(([junk, spaces]) => `+QMTRECV:${" ".repeat(spaces)}${junk}\r\n`) },
);
const stream = fc.array(piece, { maxLength: 60 }).map((parts) => concat(parts.map((p) => (typeof p === "string" ? bytesOf(p) : p))));
const cutsOf = (n: number) => fc.array(fc.nat(), { maxLength: 80 }).map((raw) => raw.map((c) => c % (n + 1)).sort((a, b) => a - b));

// ---------------------------------------------------------------------------------------
// Running a parser

interface Run {
  events: string[];
  framing: boolean[];
  stats: number[];
}

interface Fed {
  feed(chunk: Uint8Array, length: number): void;
  abandonFrame(): void;
  resync(): void;
  readonly framing: boolean;
}

const NOTHING = 0;
const ABANDON = 1;
const RESYNC = 2;

function drive(p: Fed, events: string[], stats: () => number[], bytes: Uint8Array, cuts: number[], actions: number[]): Run {
  const framing: boolean[] = [];
  let from = 0;
  const ends = cuts.concat([bytes.length]);
  for (let k = 0; k < ends.length; k++) {
    const to = Math.min(Math.max(ends[k], from), bytes.length);
    // A read buffer larger than what it holds, as a UART driver hands over.
    const part = new Uint8Array(to - from + (k % 3));
    part.set(bytes.subarray(from, to));
    p.feed(part, to - from);
    from = to;
    framing.push(p.framing);
    const action = actions.length > 0 ? actions[k % actions.length] : NOTHING;
    if (action === ABANDON && p.framing) p.abandonFrame();
    if (action === RESYNC) p.resync();
  }
  return { events, framing, stats: stats() };
}

function ours(events: string[], capacity: number): AtParser {
  const sink: AtSink = {
    final: (r, code) => events.push(`final ${r} ${code}`),
    line: (b, o, n) => events.push(`line ${latin1(b, o, n)}`),
    prompt: () => events.push("prompt"),
    counted: (urc: CountedUrc, b, at, body) => {
      const r = urc as QmtRecv;
      events.push(`recv ${r.client} ${r.msgId} ${latin1(b, at + r.topicOffset, r.topicLength)} ${latin1(b, body, r.bodyLength)}`);
    },
    countedError: (urc: CountedUrc, reason) => events.push(`recvError ${(urc as QmtRecv).client} ${(urc as QmtRecv).msgId} ${reason}`),
  };
  return new AtParser({ sink, capacity, counted: [new QmtRecv()] });
}

function reference(events: string[], capacity: number): ReferenceParser {
  const sink: ReferenceSink = {
    final: (r, code) => events.push(`final ${r} ${code}`),
    line: (b, o, n) => events.push(`line ${latin1(b, o, n)}`),
    prompt: () => events.push("prompt"),
    recv: (h: RecvHeader, b) => events.push(`recv ${h.client} ${h.msgId} ${latin1(b, h.topicStart, h.topicLength)} ${latin1(b, h.payloadStart, h.payloadLength)}`),
    recvError: (client, msgId, reason) => events.push(`recvError ${client} ${msgId} ${reason}`),
  };
  return new ReferenceParser({ sink, capacity });
}

function equal(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// ---------------------------------------------------------------------------------------
// Properties

const tally = { differential: 0, decode: 0, noThrow: 0, bytes: 0, events: 0, frames: 0, damaged: 0 };

const differential = fc.property(
  stream.chain((bytes) => fc.tuple(fc.constant(bytes), cutsOf(bytes.length))),
  fc.array(fc.constantFrom(NOTHING, NOTHING, NOTHING, ABANDON, RESYNC), { maxLength: 20 }),
  fc.integer({ min: 48, max: 2000 }),
  ([bytes, cuts], actions, capacity) => {
    tally.differential++;
    tally.bytes += bytes.length;
    const e1: string[] = [];
    const a = ours(e1, capacity);
    const r1 = drive(a, e1, () => [a.stats.overlongBytes, a.stats.badFrames, a.ring.dropped], bytes, cuts, actions);
    const e2: string[] = [];
    const b = reference(e2, capacity);
    const r2 = drive(b, e2, () => [b.stats.overlongBytes, b.stats.badFrames, b.ring.dropped], bytes, cuts, actions);
    tally.events += r1.events.length;
    return equal(r1.events, r2.events) && equal(r1.framing, r2.framing) && equal(r1.stats, r2.stats);
  },
);

/**
 * Intact frames (msg ids 1..n, unique) between hostile pieces whose bodies hold no `"` (so a
 * damaged frame cannot close by chance). Each piece is cut off from the next by a clean
 * line end, and no piece opens a header it does not finish.
 */
const DAMAGED_ID = 9999999;
const hostile = fc.oneof(
  fc.constantFrom("\r\nOK\r\n", "\r\n+QMTSTAT: 0,2\r\n", "\r\n> ", "\r\n+CME ERROR: 3\r\n", "\r\n\r\n").map(bytesOf),
  fc.uint8Array({ maxLength: 80 }).map((b) => concat([b.map((c) => (c === 0x2b || c === 0x22 ? 0x2e : c)), bytesOf("\r\n")])),
  fc.integer({ min: 1000, max: 5000 }).map((n) => bytesOf("\r\n" + "y".repeat(n) + "\r\n")),
  fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 400 }), fc.oneof(fc.integer({ min: -200, max: -1 }), fc.integer({ min: 1, max: 2 }))).map(([p, delta]) => {
    const body = p.map((c) => (c === 0x22 ? 0x27 : c));
    // A short count ends inside the body, a long one inside the line end that follows: no
    // close quote at either place, so the frame must be dropped. (A count that reached the
    // next frame's closing quote would frame correctly by the rules: nothing to find there.)
    return frame(DAMAGED_ID, "t", body, Math.max(0, body.length + delta));
  }),
);
const decodeCase = fc.array(fc.tuple(hostile, fc.uint8Array({ maxLength: 1400 })), { maxLength: 25 });

const noWrongDecode = fc.property(decodeCase, fc.integer({ min: 1, max: 300 }), (pairs, size) => {
  tally.decode++;
  const parts: Uint8Array[] = [];
  const sent: string[] = [];
  pairs.forEach(([junk, body], k) => {
    parts.push(junk);
    // A clean line end before each intact frame: whatever a damaged count swallowed, the
    // resynchronised parser starts here. Ones that were swallowed may be lost, never altered.
    parts.push(bytesOf("\r\n"));
    parts.push(frame(k + 1, TOPIC, body));
    sent.push(`recv 0 ${k + 1} ${TOPIC} ${latin1(body, 0, body.length)}`);
  });
  const bytes = concat(parts);
  tally.bytes += bytes.length;
  const events: string[] = [];
  const p = ours(events, 1536);
  const cuts: number[] = [];
  for (let at = size; at < bytes.length; at += size) cuts.push(at);
  drive(p, events, () => [], bytes, cuts, []);
  const delivered = events.filter((e) => e.startsWith("recv "));
  tally.frames += delivered.length;
  tally.damaged += events.filter((e) => e.startsWith("recvError")).length;
  // Every frame delivered is an intact one, whole, in order.
  let next = 0;
  for (const e of delivered) {
    const at = sent.indexOf(e, next);
    if (at < 0) throw new Error("delivered a frame that was never sent intact: " + JSON.stringify(e.slice(0, 120)));
    next = at + 1;
  }
  // A damaged frame can swallow what follows it (its count says so), but with no damage every frame arrives.
  const anyDamage = pairs.some(([junk]) => latin1(junk, 0, junk.length).includes(`,${DAMAGED_ID},`));
  if (!anyDamage && delivered.length !== sent.length) throw new Error(`${sent.length} intact frames, ${delivered.length} delivered`);
  return true;
});

const noThrow = fc.property(
  fc.uint8Array({ maxLength: 20000 }),
  fc.integer({ min: 1, max: 4096 }),
  fc.integer({ min: 1, max: 3000 }),
  fc.array(fc.constantFrom(NOTHING, NOTHING, ABANDON, RESYNC), { maxLength: 10 }),
  (bytes, size, capacity, actions) => {
    tally.noThrow++;
    tally.bytes += bytes.length;
    const events: string[] = [];
    const p = ours(events, capacity);
    const cuts: number[] = [];
    for (let at = size; at < bytes.length; at += size) cuts.push(at);
    drive(p, events, () => [], bytes, cuts, actions);
    tally.events += events.length;
    return true;
  },
);

// ---------------------------------------------------------------------------------------
// Bounded memory: one long-lived parser and a sink that keeps nothing.

function soak(ms: number): { bytes: number; reads: number; heapStart: number; heapEnd: number; heapMax: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  let count = 0;
  const sink: AtSink = { final: () => count++, line: () => count++, prompt: () => count++, counted: () => count++, countedError: () => count++ };
  const parser = new AtParser({ sink, capacity: 1536, counted: [new QmtRecv()] });
  const samples = fc.sample(stream, { numRuns: 400, seed });
  const heap = (): number => {
    if (gc) gc();
    return process.memoryUsage().heapUsed;
  };
  const read = new Uint8Array(128);
  let bytes = 0;
  let reads = 0;
  const heapStart = heap();
  let heapMax = heapStart;
  const end = Date.now() + ms;
  for (let round = 0; Date.now() < end; round++) {
    const s = samples[round % samples.length];
    for (let at = 0; at < s.length; at += read.length) {
      const n = Math.min(read.length, s.length - at);
      read.set(s.subarray(at, at + n));
      parser.feed(read, n);
      reads++;
    }
    bytes += s.length;
    if (round % 2000 === 0) heapMax = Math.max(heapMax, heap());
  }
  return { bytes, reads, heapStart, heapEnd: heap(), heapMax };
}

// ---------------------------------------------------------------------------------------

function check(name: string, property: fc.IProperty<never> | fc.IPropertyWithHooks<never>, ms: number): boolean {
  const started = Date.now();
  const result = fc.check(property as fc.IProperty<unknown>, { seed, numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: ms, markInterruptAsFailure: false });
  const took = ((Date.now() - started) / 1000).toFixed(0);
  if (result.failed) {
    console.log(`FAIL ${name} after ${result.numRuns} runs (${took} s), seed ${seed}:`);
    console.log(fc.defaultReportMessage(result));
    return false;
  }
  console.log(`ok   ${name}: ${result.numRuns} runs in ${took} s`);
  return true;
}

const total = minutes * 60_000;
console.log(`fuzz: ${minutes} min, seed ${seed}${(globalThis as { gc?: unknown }).gc ? "" : " (no --expose-gc: heap figures include garbage)"}`);
let ok = true;
ok = check("differential against the reference parser", differential as never, total * 0.35) && ok;
ok = check("no wrong decode among damaged frames, garbage and oversize lines", noWrongDecode as never, total * 0.25) && ok;
ok = check("no throw on random bytes, chunks and capacities", noThrow as never, total * 0.2) && ok;
const s = soak(total * 0.2);
const grew = s.heapEnd - s.heapStart;
// The parser's storage is fixed: a growth of a megabyte over hundreds of MB fed means a leak.
const leaked = grew > 1e6;
console.log(`${leaked ? "FAIL" : "ok  "} bounded memory: one parser, ${(s.bytes / 1e6).toFixed(1)} MB in ${s.reads} reads of 128 B, heap ${(s.heapStart / 1e6).toFixed(1)} -> ${(s.heapEnd / 1e6).toFixed(1)} MB (max ${(s.heapMax / 1e6).toFixed(1)}${leaked ? `: grew ${(grew / 1e6).toFixed(1)} MB` : ""})`);
if (leaked) ok = false;
console.log(`fuzz: ${tally.differential + tally.decode + tally.noThrow} generated inputs (${tally.differential} differential, ${tally.decode} decode, ${tally.noThrow} random), ${(tally.bytes / 1e6).toFixed(1)} MB, ${tally.events} events, ${tally.frames} frames delivered among damaged ones (${tally.damaged} reported corrupt)`);
process.exit(ok ? 0 : 1);
