/**
 * HttpDownload against the real AT engine and Quectel's HTTP client words, with a scripted
 * module on the other end of the UART (QHTTPCFG, QHTTPURL's CONNECT prompt, QHTTPGET's
 * result URC, QHTTPREAD's raw body after CONNECT): every way a download can end.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { AtEngine } from "../../src/at/engine";
import type { SerialPort } from "../../src/hal";
import { DownloadOutcome, DownloadSink, HttpDownload } from "../../src/modem/http-download";
import { EC600S } from "../../src/modem/quectel/dialect";
import { A7670 } from "../../src/modem/simcom/dialect";
import type { Dialect } from "../../src/modem/dialect";
import { FakeClock, memoryLog } from "../at/fakes";
import { command } from "../../src/at/command";

/** The module waits this long (QUECTEL_HTTP's 80 s) and the download gives up a silent read after 15 s. */
const STALL_MS = 15000;

interface Out {
  at: number;
  bytes: Uint8Array;
}

const latin1 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "latin1"));

/** A body that holds everything the parser would otherwise act on, and every byte value. */
function body(n: number): Uint8Array {
  const pattern = latin1("\r\nOK\r\n+QHTTPGET: 0,200,5\r\nCONNECT\r\n> ERROR\r\n\0\xff");
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = i % 3 === 0 ? i & 255 : pattern[i % pattern.length];
  return out;
}

/**
 * The EC600S's HTTP client as the manual describes it: what it answers is set per test.
 * `read` says how the body comes: how many bytes (of `file`), the error in +QHTTPREAD, and
 * whether it then goes silent (no OK, no result).
 */
class HttpModule implements SerialPort {
  readonly clock = new FakeClock();
  readonly commands: string[] = [];
  urlSent = "";
  file = body(5000);
  /** The GET's result line (after OK); "" for none. */
  getResult = "";
  /** The GET's own final, instead of OK. */
  getFinal = "";
  /** Bytes of the body sent, the read's result error, and silence after the bytes. */
  deliver = -1;
  readError = 0;
  silent = false;
  /** What ends the read's answer after the body, instead of OK and +QHTTPREAD. */
  readClose: string | null = null;
  /** How long QHTTPURL's CONNECT prompt takes. */
  urlPromptMs = 0;
  /** Body bytes per piece, and ms between pieces (115200 baud is ~11.5 bytes/ms). */
  piece = 512;
  pieceMs = 45;
  /** Answers by command prefix that replace the defaults. */
  readonly overrides: Array<[string, string]> = [];
  private out: Out[] = [];
  private line = "";
  private urlLeft = 0;
  engine!: AtEngine;
  download!: HttpDownload;

  write(bytes: Uint8Array, offset: number, length: number): number {
    for (let i = offset; i < offset + length; i++) this.byte(bytes[i]);
    return length;
  }

  private byte(b: number): void {
    if (this.urlLeft > 0) {
      this.urlSent += String.fromCharCode(b);
      if (--this.urlLeft === 0) this.say("\r\nOK\r\n");
      return;
    }
    if (b !== 13) {
      this.line += String.fromCharCode(b);
      return;
    }
    const cmd = this.line;
    this.line = "";
    this.commands.push(cmd);
    this.answer(cmd);
  }

  private answer(cmd: string): void {
    for (const [prefix, reply] of this.overrides) if (cmd.startsWith(prefix)) return this.say(reply);
    if (cmd.startsWith("AT+QHTTPURL=")) {
      this.urlSent = "";
      this.urlLeft = Number(/=(\d+)/.exec(cmd)?.[1]);
      return this.say("\r\nCONNECT\r\n", this.urlPromptMs);
    }
    if (cmd.startsWith("AT+QHTTPGET=")) return this.get();
    if (cmd.startsWith("AT+QHTTPREAD=")) return this.read();
    this.say("\r\nOK\r\n");
  }

  private get(): void {
    if (this.getFinal !== "") return this.say(this.getFinal);
    this.say("\r\nOK\r\n");
    const result = this.getResult !== "" ? this.getResult : "+QHTTPGET: 0,200," + this.file.length;
    this.say("\r\n" + result + "\r\n", 200);
  }

  private read(): void {
    const n = this.deliver >= 0 ? this.deliver : this.file.length;
    let at = 20;
    this.say("\r\nCONNECT\r\n", at);
    for (let i = 0; i < n; i += this.piece) {
      this.sayBytes(this.file.subarray(i, Math.min(n, i + this.piece)), at);
      at += this.pieceMs;
    }
    if (!this.silent) this.say(this.readClose ?? "\r\nOK\r\n\r\n+QHTTPREAD: " + this.readError + "\r\n", at);
  }

  say(text: string, delay = 0): void {
    this.sayBytes(latin1(text), delay);
  }

  private sayBytes(bytes: Uint8Array, delay: number): void {
    this.out.push({ at: this.clock.t + 5 + delay, bytes: bytes.slice() });
  }

  /** Time passes in 5 ms steps: output due is received, the engine and the download polled. */
  run(ms: number, until?: () => boolean): void {
    const end = this.clock.t + ms;
    while (this.clock.t < end && !(until && until())) {
      this.clock.t += 5;
      const due = this.out.filter((o) => o.at <= this.clock.t);
      this.out = this.out.filter((o) => o.at > this.clock.t);
      for (const o of due) this.engine.receive(o.bytes, o.bytes.length);
      this.engine.poll();
      this.download.poll();
    }
  }

  take(): string[] {
    return this.commands.splice(0);
  }
}

class Sink implements DownloadSink {
  begun: Array<[number, number]> = [];
  accept = true;
  bytes: number[] = [];
  ends: Array<[DownloadOutcome, number]> = [];
  begin(status: number, length: number): boolean {
    this.begun.push([status, length]);
    return this.accept;
  }
  data(bytes: Uint8Array, offset: number, length: number): void {
    for (let i = 0; i < length; i++) this.bytes.push(bytes[offset + i]);
  }
  end(outcome: DownloadOutcome, detail: number): void {
    this.ends.push([outcome, detail]);
  }
}

function rig(dialect: Dialect = EC600S, maxUrlBytes = 2048) {
  const m = new HttpModule();
  const log = memoryLog();
  m.engine = new AtEngine({ serial: m, clock: m.clock, urcs: [], log, onCounted: () => undefined, onCountedError: () => undefined });
  m.download = new HttpDownload({ engine: m.engine, dialect }, m.clock, maxUrlBytes);
  return { m, d: m.download, sink: new Sink(), log };
}

const URL_HTTPS = "https://iotx-ota.oss-cn-shanghai.aliyuncs.com/ota/fw.bin?Expires=1502955804&Signature=Xf%3D";
const URL_HTTP = "http://ota.example.com/fw.bin";

test("a download: setup, URL after CONNECT, GET, and the body streamed whole to the sink", () => {
  const { m, d, sink } = rig();
  assert.ok(d.start(URL_HTTPS, sink));
  assert.ok(d.active);
  m.run(2000, () => sink.ends.length > 0);
  assert.equal(m.take(), ['AT+QHTTPCFG="contextid",1', 'AT+QHTTPCFG="responseheader",0', 'AT+QHTTPCFG="sslctxid",1', `AT+QHTTPURL=${URL_HTTPS.length},80`, "AT+QHTTPGET=80", "AT+QHTTPREAD=80"]);
  assert.is(m.urlSent, URL_HTTPS);
  assert.equal(sink.begun, [[200, 5000]]);
  assert.equal(sink.ends, [["done", 5000]]);
  assert.ok(Buffer.from(sink.bytes).equals(Buffer.from(m.file)), "the body byte for byte");
  assert.is(d.received, 5000);
  assert.is(d.length, 5000);
  assert.not.ok(d.active);
  assert.not.ok(m.engine.busy);
});

test("http:// has no TLS context to set", () => {
  const { m, d, sink } = rig();
  d.start(URL_HTTP, sink);
  m.run(2000, () => sink.ends.length > 0);
  assert.equal(m.take().slice(0, 3), ['AT+QHTTPCFG="contextid",1', 'AT+QHTTPCFG="responseheader",0', `AT+QHTTPURL=${URL_HTTP.length},80`]);
  assert.equal(sink.ends, [["done", 5000]]);
});

test("a second download after the first uses the same objects and gets its own body", () => {
  const { m, d, sink } = rig();
  d.start(URL_HTTP, sink);
  m.run(2000, () => sink.ends.length > 0);
  m.file = body(700).reverse();
  const second = new Sink();
  assert.ok(d.start(URL_HTTPS, second));
  m.run(2000, () => second.ends.length > 0);
  assert.equal(second.ends, [["done", 700]]);
  assert.ok(Buffer.from(second.bytes).equals(Buffer.from(m.file)));
  assert.is(m.urlSent, URL_HTTPS);
});

test("the GET fails in the module (+QHTTPGET: 714, DNS): failed with its code, no read", () => {
  const { m, d, sink } = rig();
  m.getResult = "+QHTTPGET: 714";
  assert.is(d.length, -1, "no length known before any download");
  d.start(URL_HTTP, sink);
  m.run(2000, () => sink.ends.length > 0);
  assert.equal(sink.ends, [["failed", 714]]);
  assert.equal(sink.begun, []);
  assert.is(d.length, -1, "no length known");
  assert.not.ok(m.take().some((c) => c.startsWith("AT+QHTTPREAD")));
  assert.not.ok(d.active);
});

test("a GET result whose error code cannot be read: failed with -1 (no code), not a code the module never gave", () => {
  const { m, d, sink } = rig();
  m.getResult = "+QHTTPGET: ,200,5";
  d.start(URL_HTTP, sink);
  m.run(2000, () => sink.ends.length > 0);
  assert.equal(sink.ends, [["failed", -1]]);
  assert.not.ok(m.take().some((c) => c.startsWith("AT+QHTTPREAD")));
});

test("the GET refused outright (+CME ERROR: 703): failed with the CME code", () => {
  const { m, d, sink } = rig();
  m.getFinal = "\r\n+CME ERROR: 703\r\n";
  d.start(URL_HTTP, sink);
  m.run(2000, () => sink.ends.length > 0);
  assert.equal(sink.ends, [["failed", 703]]);
});

test("a setup command answered ERROR: failed, nothing after it", () => {
  const { m, d, sink } = rig();
  m.overrides.push(['AT+QHTTPCFG="responseheader"', "\r\nERROR\r\n"]);
  d.start(URL_HTTP, sink);
  m.run(2000, () => sink.ends.length > 0);
  assert.equal(sink.ends, [["failed", -1]]);
  assert.equal(m.take(), ['AT+QHTTPCFG="contextid",1', 'AT+QHTTPCFG="responseheader",0']);
});

test("no GET result within the module's wait: failed (-2, a timeout)", () => {
  const { m, d, sink } = rig();
  m.overrides.push(["AT+QHTTPGET=", "\r\nOK\r\n"]);
  d.start(URL_HTTP, sink);
  m.run(80000);
  assert.equal(sink.ends, [], "still waiting within the module's own 80 s");
  m.run(6000);
  assert.equal(sink.ends, [["failed", -2]]);
});

test("status 404: the sink hears it and refuses; refused with the status, no read", () => {
  const { m, d, sink } = rig();
  m.getResult = "+QHTTPGET: 0,404,162";
  sink.accept = false;
  d.start(URL_HTTP, sink);
  m.run(2000, () => sink.ends.length > 0);
  assert.equal(sink.begun, [[404, 162]]);
  assert.equal(sink.ends, [["refused", 404]]);
  assert.not.ok(m.take().some((c) => c.startsWith("AT+QHTTPREAD")));
});

test("no Content-Length (-1) or an empty body: refused even if the sink would take it", () => {
  for (const result of ["+QHTTPGET: 0,200", "+QHTTPGET: 0,200,0"]) {
    const { m, d, sink } = rig();
    m.getResult = result;
    d.start(URL_HTTP, sink);
    m.run(2000, () => sink.ends.length > 0);
    assert.equal(sink.ends, [["refused", 200]], result);
  }
});

test("a read that stalls (no body byte for 15 s): cut with what came, and the engine is free again", () => {
  const { m, d, sink } = rig();
  m.deliver = 2048;
  m.silent = true;
  d.start(URL_HTTP, sink);
  m.run(3000, () => sink.bytes.length === 2048);
  assert.is(sink.bytes.length, 2048);
  m.run(STALL_MS - 5);
  assert.equal(sink.ends, [], "not before 15 s of silence");
  m.run(5);
  assert.equal(sink.ends, [["cut", 2048]]);
  assert.not.ok(d.active);
  m.run(1500);
  assert.not.ok(m.engine.busy);
  // The parser reads lines again: the next command's answer is understood.
  const done: number[] = [];
  m.engine.begin("AT");
  assert.ok(m.engine.send(command("probe", 300, (s) => done.push(s))));
  m.run(100);
  assert.equal(done, [0]);
});

test("pieces 14 s apart are slow, not stalled", () => {
  const { m, d, sink } = rig();
  m.file = body(3000);
  m.piece = 1000;
  m.pieceMs = 14000;
  d.start(URL_HTTP, sink);
  m.run(60000, () => sink.ends.length > 0);
  assert.equal(sink.ends, [["done", 3000]]);
});

test("a body slower on average than the read's deadline (80 s + 1 ms per 2 bytes): cut", () => {
  const { m, d, sink } = rig();
  m.file = body(3000);
  m.piece = 100;
  m.pieceMs = 10000;
  d.start(URL_HTTP, sink);
  m.run(2000, () => m.commands.some((c) => c.startsWith("AT+QHTTPREAD")));
  const readAt = m.clock.t;
  m.run(400000, () => sink.ends.length > 0);
  assert.is(sink.ends.length, 1);
  assert.is(sink.ends[0][0], "cut");
  assert.is(m.clock.t - readAt, 80000 + 3000 / 2);
});

test("a short body (the server closed early, +QHTTPREAD: 717): cut, never done", () => {
  const { m, d, sink } = rig();
  m.deliver = 1000;
  m.readError = 717;
  d.start(URL_HTTP, sink);
  m.run(STALL_MS + 3000, () => sink.ends.length > 0);
  assert.is(sink.ends.length, 1);
  assert.is(sink.ends[0][0], "cut");
  // The module's closing lines are taken for body bytes (the read is by count) until the stall.
  assert.ok(sink.ends[0][1] >= 1000 && sink.ends[0][1] < 5000, String(sink.ends[0][1]));
  assert.ok(Buffer.from(sink.bytes.slice(0, 1000)).equals(Buffer.from(m.file.subarray(0, 1000))));
});

test("every byte came but the module says the read failed: cut, not done", () => {
  const { m, d, sink } = rig();
  m.readError = 717;
  d.start(URL_HTTP, sink);
  m.run(3000, () => sink.ends.length > 0);
  assert.equal(sink.ends, [["cut", 5000]]);
});

test("cancel while the GET is out: aborted, once; the module's late answer is not taken for the next command", () => {
  const { m, d, sink } = rig();
  d.start(URL_HTTP, sink);
  m.run(2000, () => m.commands.some((c) => c.startsWith("AT+QHTTPGET")));
  d.cancel();
  assert.equal(sink.ends, [["aborted", 0]]);
  assert.not.ok(d.active);
  d.cancel();
  assert.is(sink.ends.length, 1, "a second cancel is nothing");
  m.run(1500);
  const again = new Sink();
  assert.ok(d.start(URL_HTTP, again));
  m.run(3000, () => again.ends.length > 0);
  assert.equal(again.ends, [["done", 5000]]);
});

test("cancel during the body: aborted with what came; the rest of the body is not read as lines", () => {
  const { m, d, sink } = rig();
  d.start(URL_HTTP, sink);
  m.run(3000, () => sink.bytes.length >= 1024);
  const got = sink.bytes.length;
  d.cancel();
  assert.equal(sink.ends, [["aborted", got]]);
  m.run(1500);
  assert.is(sink.bytes.length, got, "nothing more reaches the sink");
  // The late OK and +QHTTPREAD are strays; the body's many OK/ERROR/CONNECT lines are not.
  assert.ok(m.engine.strays <= 2, "strays: " + m.engine.strays);
  const again = new Sink();
  d.start(URL_HTTP, again);
  m.run(3000, () => again.ends.length > 0);
  assert.equal(again.ends, [["done", 5000]]);
});

test("cancel before the first command went out: aborted, nothing sent", () => {
  const { m, d, sink } = rig();
  d.start(URL_HTTP, sink);
  d.cancel();
  assert.equal(sink.ends, [["aborted", 0]]);
  m.run(100);
  assert.equal(m.take(), []);
});

test("a module without an HTTP client the driver knows (A7670): unsupported at once, nothing sent", () => {
  const { m, d, sink } = rig(A7670);
  assert.ok(d.start(URL_HTTP, sink));
  assert.equal(sink.ends, [["unsupported", 0]]);
  assert.not.ok(d.active);
  m.run(100);
  assert.equal(m.take(), []);
});

test("the link goes down under the read (the runner aborts the engine): aborted", () => {
  const { m, d, sink } = rig();
  d.start(URL_HTTP, sink);
  m.run(3000, () => sink.bytes.length >= 1024);
  m.engine.abort(false);
  assert.equal(sink.ends, [["aborted", sink.bytes.length]]);
  assert.not.ok(d.active);
});

test("the module resets under the GET (abort as by RDY): aborted", () => {
  const { m, d, sink } = rig();
  d.start(URL_HTTP, sink);
  m.run(2000, () => m.commands.some((c) => c.startsWith("AT+QHTTPGET")));
  m.engine.abort(true);
  assert.equal(sink.ends, [["aborted", 0]]);
});

test("start refuses, with nothing begun: while one runs, a URL too long, or with a space or a control byte", () => {
  const { m, d, sink } = rig();
  assert.not.ok(d.start("http://h/" + "a".repeat(2040), sink));
  assert.not.ok(d.start("http://h/a b", sink));
  assert.not.ok(d.start("http://h/a\r\nAT+QPOWD", sink));
  assert.not.ok(d.start("http://h/\u00e9", sink));
  assert.not.ok(d.start("http://h/a\x7f", sink), "DEL is a control byte");
  assert.not.ok(d.active);
  assert.ok(d.start(URL_HTTP, sink));
  const other = new Sink();
  assert.not.ok(d.start(URL_HTTPS, other));
  m.run(2000, () => sink.ends.length > 0);
  assert.equal(other.ends, []);
  assert.is(m.urlSent, URL_HTTP);
  assert.equal(sink.ends, [["done", 5000]]);
});

test("the download waits while the engine is busy with someone else's command", () => {
  const { m, d, sink } = rig();
  m.overrides.push(["AT+CSQ", ""]);
  m.engine.begin("AT+CSQ");
  m.engine.send(command("csq", 1000, () => undefined));
  d.start(URL_HTTP, sink);
  m.run(500);
  assert.equal(m.take(), ["AT+CSQ"]);
  m.run(3000, () => sink.ends.length > 0);
  assert.equal(sink.ends, [["done", 5000]]);
});

test("every byte and +QHTTPREAD: 0, but the read ends in ERROR: cut, not done", () => {
  const { m, d, sink } = rig();
  m.readClose = "\r\n+QHTTPREAD: 0\r\n\r\nERROR\r\n";
  d.start(URL_HTTP, sink);
  m.run(3000, () => sink.ends.length > 0);
  assert.equal(sink.ends, [["cut", 5000]]);
});

test("the read answered OK and +QHTTPREAD: 0 with no body at all: cut with nothing, not done", () => {
  const { m, d, sink } = rig();
  m.overrides.push(["AT+QHTTPREAD=", "\r\nOK\r\n\r\n+QHTTPREAD: 0\r\n"]);
  d.start(URL_HTTP, sink);
  m.run(3000, () => sink.ends.length > 0);
  assert.equal(sink.ends, [["cut", 0]]);
});

test("a URL that fills the room given exactly is fetched", () => {
  const { m, d, sink } = rig();
  const url = "http://h/" + "a".repeat(2048 - 9);
  assert.ok(d.start(url, sink));
  m.run(3000, () => sink.ends.length > 0);
  assert.is(m.urlSent, url);
  assert.equal(sink.ends, [["done", 5000]]);
});

test("a URL past the module's own limit (2048 bytes): failed (-1), the refused URL command logged, never sent", () => {
  const { m, d, sink, log } = rig(EC600S, 4096);
  assert.ok(d.start("http://h/" + "a".repeat(2100), sink));
  m.run(2000, () => sink.ends.length > 0);
  assert.equal(sink.ends, [["failed", -1]]);
  assert.not.ok(m.take().some((c) => c.startsWith("AT+QHTTPURL")));
  assert.ok(log.lines.some((l) => l.startsWith("error: AT http refused")), log.lines.join("\n"));
  assert.not.ok(d.active);
});

test("cancel before its first command, while someone else's command is out: that command is left to finish", () => {
  const { m, d, sink } = rig();
  m.overrides.push(["AT+CSQ", ""]);
  const csq: number[] = [];
  m.engine.begin("AT+CSQ");
  m.engine.send(command("csq", 1000, (s) => csq.push(s)));
  d.start(URL_HTTP, sink);
  m.run(100);
  d.cancel();
  assert.equal(sink.ends, [["aborted", 0]]);
  m.say("\r\nOK\r\n");
  m.run(50);
  assert.equal(csq, [0], "the other command got its own OK");
});

test("cancel while the URL command awaits its prompt: the next download's commands are not taken by the module for the URL", () => {
  const { m, d, sink } = rig();
  m.urlPromptMs = 500;
  d.start(URL_HTTP, sink);
  m.run(2000, () => m.commands.some((c) => c.startsWith("AT+QHTTPURL")));
  d.cancel();
  assert.equal(sink.ends, [["aborted", 0]]);
  const again = new Sink();
  assert.ok(d.start(URL_HTTP, again));
  m.run(3000);
  assert.not.ok(m.urlSent.includes("AT+"), m.urlSent);
});

test.run();
