import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { HEADER_INVALID, HEADER_PARTIAL } from "../../src/at/counted";
import { RxRing } from "../../src/at/ring";
import { MAX_PAYLOAD, QmtRecv } from "../../src/modem/quectel/qmtrecv";
import { RecvHeader, HEADER_INVALID as REF_INVALID, HEADER_PARTIAL as REF_PARTIAL } from "../at/reference/recv-header";

/** The reader on `text` as the parser gives it: ring storage, a 0 after the data. */
function read(reader: QmtRecv, text: string, seen = 0, at = 0): number {
  const ring = new RxRing(2048, 128);
  const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
  ring.write(new Uint8Array(at), 0, at);
  ring.write(bytes, 0, bytes.length);
  return reader.header(ring.bytes, ring.words, at, ring.tail, seen);
}

test("a whole header: fields, topic as an offset from the header start, where the payload starts", () => {
  const r = new QmtRecv();
  const header = '+QMTRECV: 1,65535,"/a/b",12,"';
  assert.is(read(r, header + "payload...", 0, 5), header.length);
  assert.equal([r.client, r.msgId, r.topicOffset, r.topicLength, r.bodyLength, r.bodyClose], [1, 65535, 19, 4, 12, 34]);
  assert.is(read(r, "+QMTRECV: 0,7,a/b,3,xyz"), "+QMTRECV: 0,7,a/b,3,".length);
  assert.equal([r.topicOffset, r.topicLength, r.bodyClose], [14, 3, -1]);
});

test("partial while it may still become a header; invalid once it cannot", () => {
  const r = new QmtRecv();
  assert.is(read(r, "+QMTRECV: 0,123"), HEADER_PARTIAL);
  assert.is(read(r, "+QMTRECV: 0,12345678901"), HEADER_INVALID);
  assert.is(read(r, '+QMTRECV: 0,1,"/a'), HEADER_PARTIAL);
  assert.is(read(r, '+QMTRECV: 0,1,"/a\r\n'), HEADER_INVALID);
  assert.is(read(r, '+QMTRECV: 0,1,"' + "t".repeat(300)), HEADER_INVALID);
  assert.is(read(r, `+QMTRECV: 0,1,"t",${MAX_PAYLOAD + 1},`), HEADER_INVALID);
  assert.is(read(r, '+QMTRECV: 0,1,"t",5,'), HEADER_PARTIAL);
  assert.is(read(r, "+QMTRECV: x"), HEADER_INVALID);
});

test("a header whose id runs of digits reach the end of the storage is refused, not read forever", () => {
  const r = new QmtRecv();
  const bytes = new Uint8Array(64).fill(0x31); // stale digits everywhere, as an old payload could leave
  bytes.set(new TextEncoder().encode("+QMTRECV: 0x"), 0);
  const words = new Int32Array(bytes.buffer);
  assert.is(r.header(bytes, words, 0, 12, 12), HEADER_INVALID);
});

test("a read that continues the previous one resumes where it stopped; a new one starts over", () => {
  const r = new QmtRecv();
  const whole = '+QMTRECV: 0,42,"/sys/pk/dn/thing/service/property/set",2,"ok"';
  const cut = 30; // inside the topic
  assert.is(read(r, whole.slice(0, cut)), HEADER_PARTIAL);
  assert.is(read(r, whole, cut), whole.length - 3);
  assert.equal([r.msgId, r.topicLength, r.bodyLength], [42, 37, 2]);
  // The same byte count from a different header is not taken for a continuation.
  assert.is(read(r, whole.slice(0, cut)), HEADER_PARTIAL);
  assert.is(read(r, '+QMTRECV: 0,43,"x",1,"y"', 5), '+QMTRECV: 0,43,"x",1,"'.length);
  assert.is(r.msgId, 43);
});

test("a topic of MAX_TOPIC bytes is read and one byte more is refused, quoted or not, whole or split anywhere", () => {
  for (const q of ['"', ""]) {
    for (const [size, ok] of [[256, true], [257, false], [300, false]] as const) {
      const header = `+QMTRECV: 0,1,${q}${"t".repeat(size)}${q},2,${q}`;
      const whole = header + "ab" + q + "\r\n";
      const want = ok ? [header.length, 0, 1, "t".repeat(size), 2, q ? 34 : -1] : [HEADER_INVALID];
      assert.equal(fresh(whole), want, `${size} ${q}`);
      for (let cut = 9; cut < header.length; cut++) {
        const got = resumed(whole, [cut, whole.length], [0, 5], 0x2c);
        assert.equal(got[got.length - 1], want, `${size} ${q} cut at ${cut}`);
      }
    }
  }
});

test("a byte just past the digits (':' or '/') in a number makes the header invalid, wherever it stands", () => {
  const r = new QmtRecv();
  for (const bad of ['+QMTRECV: 0,1:,"t",1,"', '+QMTRECV: 0,1/,"t",1,"', '+QMTRECV: :,1,"t",1,"', '+QMTRECV: 0,1,"t",1:,"', '+QMTRECV: 0,1,t,1/,']) {
    assert.is(read(r, bad + "x"), HEADER_INVALID, bad);
  }
});

// What the parser receives from a read: the answer and, for a header, the fields it and
// QmtInbound use. (After PARTIAL or INVALID the fields mean nothing.)
type Answer = (number | string)[];

/**
 * `text` at `start` in storage as the ring has it: a 0 after the data, stale bytes (`stale`)
 * before it and for a while after, and the storage's last bytes never written.
 */
function stored(text: string, start: number, stale: number): { bytes: Uint8Array; words: Int32Array; end: number } {
  const words = new Int32Array(256);
  const bytes = new Uint8Array(words.buffer);
  bytes.fill(stale, 0, start + text.length + 40);
  for (let k = 0; k < text.length; k++) bytes[start + k] = text.charCodeAt(k);
  bytes[start + text.length] = 0;
  return { bytes, words, end: start + text.length };
}

function answerOf(r: QmtRecv, body: number, text: string): Answer {
  if (body < 0) return [body];
  return [body, r.client, r.msgId, text.substr(r.topicOffset, r.topicLength), r.bodyLength, r.bodyClose];
}

/** The reader's answer to `text`, read in one call by a fresh reader. */
function fresh(text: string, start = 0, stale = 0x22): Answer {
  const r = new QmtRecv();
  const s = stored(text, start, stale);
  return answerOf(r, r.header(s.bytes, s.words, start, s.end, 0), text);
}

/** The reference reader (the one the parser had before the counted-URC seam) on the same bytes. */
function reference(text: string): Answer {
  const h = new RecvHeader();
  const s = stored(text, 0, 0);
  h.begin(9);
  const r = h.read(s.bytes, s.end);
  if (r === REF_INVALID) return [HEADER_INVALID];
  if (r === REF_PARTIAL) return [HEADER_PARTIAL];
  return [h.payloadStart, h.client, h.msgId, text.substr(h.topicStart, h.topicLength), h.payloadLength, h.quoted ? 34 : -1];
}

/**
 * `text` arriving in pieces ending at `cuts` (ascending, from the prefix's length: the parser
 * calls once it has the prefix), as the parser reads it: each call has all bytes so far, at a start that moves as the ring slides, and `seen` = what the
 * last call had. Returns each call's answer, up to the first that is not PARTIAL.
 */
function resumed(text: string, cuts: number[], starts: number[], stale: number): Answer[] {
  const r = new QmtRecv();
  const out: Answer[] = [];
  let seen = 0;
  for (let n = 0; n < cuts.length; n++) {
    const part = text.slice(0, cuts[n]);
    const start = starts[n % starts.length];
    const s = stored(part, start, stale);
    const a = answerOf(r, r.header(s.bytes, s.words, start, s.end, seen), part);
    out.push(a);
    if (a[0] !== HEADER_PARTIAL) break;
    seen = part.length;
  }
  return out;
}

/** What each call should answer: what a fresh reader answers to the same bytes. */
function expected(text: string, cuts: number[]): Answer[] {
  const out: Answer[] = [];
  for (const cut of cuts) {
    const a = fresh(text.slice(0, cut));
    out.push(a);
    if (a[0] !== HEADER_PARTIAL) break;
  }
  return out;
}

const digits = (max: number) => fc.oneof(fc.stringMatching(new RegExp(`^[0-9]{0,${max}}$`)), fc.constantFrom("65536", "65537", "4294967295", "0", "1", "00000000005", "0000000005", "12345678901"));
const topicText = fc.oneof(
  fc.constantFrom("", "t", "/sys/pk/dn/thing/service/property/set", "a,b", "x".repeat(255), "x".repeat(256), "x".repeat(257), "a\r\nb", "a\nb"),
  fc.string({ unit: fc.constantFrom("a", "/", ",", '"', " ", "\r", "\n", "0", ":"), maxLength: 12 }),
);
/** Headers as the module sends them, and damaged: fields of the wrong size, a byte lost, added or changed. */
const headerText = fc
  .tuple(
    fc.nat({ max: 3 }),
    digits(2),
    digits(11),
    topicText,
    fc.boolean(),
    digits(11),
    fc.constantFrom('"', "", "x"),
    fc.string({ unit: fc.constantFrom("a", '"', ",", "\r", "\n", "0"), maxLength: 4 }),
    fc.option(fc.tuple(fc.nat(), fc.constantFrom("", '"', ",", " ", "\r", "\n", "0", "9", ":", "/", "a", "\0"))),
  )
  .map(([spaces, client, id, topic, quoted, length, open, body, damage]) => {
    const q = quoted ? '"' : "";
    const text = `+QMTRECV:${" ".repeat(spaces)}${client},${id},${q}${topic}${q},${length},${open}${body}`;
    if (damage === null) return text;
    const at = 9 + (damage[0] % (text.length - 8));
    return text.slice(0, at) + damage[1] + text.slice(at + (damage[0] % 2));
  });

test("a header read in one call reads as the reference reader reads it", () => {
  fc.assert(
    fc.property(headerText, fc.nat({ max: 40 }), (text, extra) => {
      for (let n = 10; n <= text.length; n++) assert.equal(fresh(text.slice(0, n), extra), reference(text.slice(0, n)), JSON.stringify(text.slice(0, n)));
    }),
    { numRuns: 400 },
  );
});

test("a header arriving a byte at a time gets, at every byte, the answer it gets read whole", () => {
  fc.assert(
    fc.property(headerText, fc.constantFrom(0, 0x22, 0x2c, 0x31, 0x0a), (text, stale) => {
      const cuts: number[] = [];
      for (let n = 9; n <= text.length; n++) cuts.push(n);
      assert.equal(resumed(text, cuts, [0], stale), expected(text, cuts), JSON.stringify(text));
      assert.equal(resumed(text, cuts, [8, 3, 0, 17], stale), expected(text, cuts), JSON.stringify(text));
    }),
    { numRuns: 400 },
  );
});

test("a header split anywhere, in any number of reads, with the ring sliding between them, reads as it reads whole", () => {
  fc.assert(
    fc.property(headerText, fc.array(fc.nat(), { maxLength: 6 }), fc.array(fc.nat({ max: 64 }), { minLength: 1, maxLength: 4 }), fc.constantFrom(0, 0x22, 0x2c, 0x31, 0x0a), (text, raw, starts, stale) => {
      const cuts = [...new Set(raw.map((c) => 9 + (c % (text.length - 8))).concat([text.length]))].sort((a, b) => a - b);
      assert.equal(resumed(text, cuts, starts, stale), expected(text, cuts), JSON.stringify([text, cuts, starts]));
    }),
    { numRuns: 1000 },
  );
});

/**
 * Storage that counts the bytes a read looks at: each byte read, each word read as four,
 * and the bytes each `indexOf` passes over.
 */
function counting(bytes: Uint8Array, words: Int32Array, tally: { looked: number }): [Uint8Array, Int32Array] {
  const isIndex = (p: string | symbol) => typeof p === "string" && /^[0-9]+$/.test(p);
  const b = new Proxy(bytes, {
    get(target, p) {
      if (isIndex(p)) tally.looked++;
      if (p === "indexOf")
        return (value: number, from: number) => {
          const at = target.indexOf(value, from);
          tally.looked += (at < 0 ? target.length : at + 1) - from;
          return at;
        };
      const v = Reflect.get(target, p) as unknown;
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  const w = new Proxy(words, {
    get(target, p) {
      if (isIndex(p)) tally.looked += 4;
      return Reflect.get(target, p) as unknown;
    },
  });
  return [b, w];
}

/**
 * The most bytes any one read of `text` looks at beyond three times those it adds (each is
 * searched for the topic's end and for a line end): the first read has `first` bytes, each
 * next one a byte more.
 */
function worstRead(text: string, starts: number[], first: number): number {
  const r = new QmtRecv();
  let seen = 0;
  let worst = 0;
  for (let n = first; n <= text.length; n++) {
    const start = starts[n % starts.length];
    const s = stored(text.slice(0, n), start, 0x61);
    const tally = { looked: 0 };
    const [b, w] = counting(s.bytes, s.words, tally);
    const body = r.header(b, w, start, s.end, seen);
    worst = Math.max(worst, tally.looked - 3 * (n - seen));
    if (body !== HEADER_PARTIAL) break;
    seen = n;
  }
  return worst;
}

test("a header split across reads costs each read little more than the bytes it adds, however long the topic", () => {
  const topic = "/sys/a1wFylTxYeD/co_0001/thing/service/property/set".padEnd(250, "x");
  for (const header of [`+QMTRECV: 0,65535,"${topic}",12,"`, `+QMTRECV: 0,65535,${topic},12,`, `+QMTRECV:  1,7,"${topic}",65536,"`]) {
    for (const starts of [[0], [40, 12, 0, 7]]) {
      for (const first of [9, 200]) {
        const worst = worstRead(header, starts, first);
        assert.ok(worst < 64, `${header.slice(0, 24)} at ${starts}, first ${first}: ${worst}`);
      }
    }
  }
});

test.run();
