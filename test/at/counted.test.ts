/**
 * The counted-URC seam with a dialect other than Quectel's: SIMCom's MQTT receive, where a
 * header line announces a length and the raw bytes follow on the next line:
 *
 *   +CMQTTRXSTART: 0,<topic total>,<payload total>
 *   +CMQTTRXTOPIC: 0,<len>        then <len> raw bytes and CR LF
 *   +CMQTTRXPAYLOAD: 0,<len>      then <len> raw bytes and CR LF
 *   +CMQTTRXEND: 0
 *
 * The reader below is all a dialect writes; src/at knows nothing of it.
 */
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ascii } from "../../src/at/bytes";
import { COUNTED_CORRUPT, COUNTED_OVERSIZE, CountedUrc, HEADER_INVALID, HEADER_PARTIAL } from "../../src/at/counted";
import { AtEngine } from "../../src/at/engine";
import { AtParser, AtSink } from "../../src/at/parser";
import { FakeClock, FakeSerial, memoryLog } from "./fakes";
import { bytesOf, concat } from "./helpers";

/** `<prefix> <client>,<len>` CR LF, then the body. */
class SimcomRx implements CountedUrc {
  readonly prefix: Uint8Array;
  readonly maxHeader = 40;
  bodyLength = 0;
  bodyClose = -1;
  client = 0;

  constructor(readonly name: string) {
    this.prefix = ascii(name);
  }

  // A test's reader may make strings and run regular expressions; the firmware's may not.
  header(bytes: Uint8Array, _words: Int32Array, start: number, end: number): number {
    const at = start + this.prefix.length;
    const rest = text(bytes, at, end - at);
    const whole = /^ ?(\d+),(\d+)\r\n/.exec(rest);
    if (whole === null) return /^ ?(\d+(,(\d+\r?)?)?)?$/.test(rest) ? HEADER_PARTIAL : HEADER_INVALID;
    this.client = Number(whole[1]);
    this.bodyLength = Number(whole[2]);
    return at + whole[0].length - start;
  }
}

function text(b: Uint8Array, at: number, n: number): string {
  return Buffer.from(b.subarray(at, at + n)).toString("latin1");
}

function collector(events: string[]): AtSink {
  return {
    final: (r) => events.push(`final ${r}`),
    line: (b, o, n) => events.push(`line ${text(b, o, n)}`),
    prompt: () => events.push("prompt"),
    counted: (urc, b, _at, body) => events.push(`${(urc as SimcomRx).name} ${text(b, body, urc.bodyLength)}`),
    countedError: (urc, reason) => events.push(`${(urc as SimcomRx).name} error ${reason}`),
  };
}

function decode(bytes: Uint8Array, cuts: number[], capacity = 1536): string[] {
  const events: string[] = [];
  const parser = new AtParser({ sink: collector(events), capacity, counted: [new SimcomRx("+CMQTTRXTOPIC:"), new SimcomRx("+CMQTTRXPAYLOAD:")] });
  let from = 0;
  for (const cut of cuts.concat([bytes.length])) {
    const part = bytes.slice(from, Math.max(from, cut));
    parser.feed(part, part.length);
    from = Math.max(from, cut);
  }
  return events;
}

function message(topic: Uint8Array, payload: Uint8Array): Uint8Array {
  return concat([
    bytesOf(`\r\n+CMQTTRXSTART: 0,${topic.length},${payload.length}\r\n+CMQTTRXTOPIC: 0,${topic.length}\r\n`),
    topic,
    bytesOf(`\r\n+CMQTTRXPAYLOAD: 0,${payload.length}\r\n`),
    payload,
    bytesOf("\r\n+CMQTTRXEND: 0\r\n"),
  ]);
}

const TOPIC = bytesOf("/sys/pk/dn/thing/service/property/set");
const AWKWARD = bytesOf('{"a":"x\r\nOK\r\n+CMQTTRXEND: 0\r\n\\"q\\""}');

test("SIMCom's topic and payload lines are read by count: CR, LF, quotes and fake lines stay in the body", () => {
  assert.equal(decode(concat([message(TOPIC, AWKWARD), bytesOf("\r\nOK\r\n")]), []), [
    `line +CMQTTRXSTART: 0,${TOPIC.length},${AWKWARD.length}`,
    `+CMQTTRXTOPIC: ${text(TOPIC, 0, TOPIC.length)}`,
    `+CMQTTRXPAYLOAD: ${text(AWKWARD, 0, AWKWARD.length)}`,
    "line +CMQTTRXEND: 0",
    "final 0",
  ]);
});

test("the same events however the reads are cut", () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 600, size: "max" }),
      fc.array(fc.nat(), { maxLength: 30, size: "max" }),
      (payload, raw) => {
        const bytes = concat([message(TOPIC, payload), bytesOf("\r\nOK\r\n")]);
        const whole = decode(bytes, []);
        assert.is(whole[2], `+CMQTTRXPAYLOAD: ${text(payload, 0, payload.length)}`);
        assert.equal(decode(bytes, raw.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b)), whole);
      },
    ),
    { numRuns: 200 },
  );
});

test("lost bytes: the payload is reported corrupt, never delivered, and parsing resumes at the next line end", () => {
  const whole = message(TOPIC, bytesOf('{"PowerSwitch_1":1}'));
  const cut = whole.indexOf(0x7b); // the payload's first byte
  const damaged = concat([whole.slice(0, cut), whole.slice(cut + 2), bytesOf("\r\nOK\r\n")]);
  const events = decode(damaged, [cut]);
  assert.equal(events.slice(2), [`+CMQTTRXPAYLOAD: error ${COUNTED_CORRUPT}`, "final 0"]);
  assert.ok(events.every((e) => !e.includes("PowerSwitch")));
});

test("a body larger than the ring is skipped by count and reported oversize; a damaged header is a line", () => {
  const big = new Uint8Array(3000).fill(0x41);
  assert.equal(decode(concat([message(TOPIC, big), bytesOf("OK\r\n")]), [100, 700, 2000], 256).slice(2), [
    `+CMQTTRXPAYLOAD: error ${COUNTED_OVERSIZE}`,
    "line +CMQTTRXEND: 0",
    "final 0",
  ]);
  assert.equal(decode(bytesOf("+CMQTTRXTOPIC: 0,x\r\nOK\r\n"), [16]), ["line +CMQTTRXTOPIC: 0,x", "final 0"]);
});

test("the engine abandons a SIMCom body that stops coming, after frameTimeoutMs", () => {
  const clock = new FakeClock();
  const errors: number[] = [];
  const engine = new AtEngine({
    serial: new FakeSerial(),
    clock,
    log: memoryLog(),
    urcs: [],
    counted: [new SimcomRx("+CMQTTRXPAYLOAD:")],
    onCounted: () => errors.push(-1),
    onCountedError: (_urc, reason) => errors.push(reason),
  });
  const start = bytesOf("\r\n+CMQTTRXPAYLOAD: 0,50\r\n{\"a\":");
  engine.receive(start, start.length);
  engine.poll();
  assert.ok(engine.parser.framing);
  clock.t = 2000;
  engine.poll();
  assert.equal(errors, [COUNTED_CORRUPT]);
  assert.not.ok(engine.parser.framing);
});

test.run();
