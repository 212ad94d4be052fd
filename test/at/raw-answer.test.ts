import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { ascii } from "../../src/at/bytes";
import { AT_ABORTED, AT_OK, AT_TIMEOUT, command } from "../../src/at/command";
import { bytesOf, recvFrame } from "./helpers";
import { concat as concatBytes } from "../../sim/ec600s/bytes";
import { engineRig } from "./engine-rig";

// A command whose answer carries raw bytes after CONNECT (Quectel's QHTTPREAD), and a data
// command whose prompt is CONNECT (QHTTPURL): the engine and parser, however the bytes split.

function rig() {
  return engineRig();
}

function reader(length: number) {
  const done: number[] = [];
  const pieces: number[] = [];
  const lines: string[] = [];
  const cmd = command("read", 5000, (s) => done.push(s));
  cmd.rawLength = length;
  cmd.result = ascii("+QHTTPREAD:");
  cmd.resultTimeoutMs = 1000;
  cmd.onLine = (b, o, l) => lines.push(Buffer.from(b.subarray(o, o + l)).toString());
  cmd.onRaw = (b, o, l) => {
    for (let k = 0; k < l; k++) pieces.push(b[o + k]);
  };
  return { cmd, done, pieces, lines };
}

/** A body that looks like everything the parser would otherwise act on. */
function nasty(n: number): Uint8Array {
  const pattern = bytesOf("\r\nOK\r\n+QMTRECV: 0,1,\"t\",3,\"abc\"\r\n> \nERROR\r\0\xff");
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = pattern[i % pattern.length];
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  return concatBytes(...parts);
}

test("a raw answer after CONNECT goes to onRaw whole, then OK and the result finish the command", () => {
  const { engine } = rig();
  const body = nasty(300);
  const r = reader(body.length);
  engine.begin("AT+QHTTPREAD=80");
  engine.send(r.cmd);
  const stream = concat([bytesOf("\r\nCONNECT\r\n"), body, bytesOf("\r\nOK\r\n\r\n+QHTTPREAD: 0\r\n")]);
  engine.receive(stream, stream.length);
  assert.equal(Uint8Array.from(r.pieces), body);
  assert.equal(r.done, [AT_OK]);
  assert.equal(r.lines, ["+QHTTPREAD: 0"]);
  assert.is(engine.parser.streaming, 0);
});

test("property: any split of the stream, CR LF or LF after CONNECT, URCs around it: the same bytes and events", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 700 }), fc.array(fc.integer({ min: 1, max: 130 }), { minLength: 1, maxLength: 40 }), fc.boolean(), (size, cuts, lfOnly) => {
      const { engine, urcLines, recvs } = rig();
      const body = nasty(size);
      const r = reader(size);
      engine.begin("AT+QHTTPREAD=80");
      engine.send(r.cmd);
      const stream = concat([
        bytesOf("\r\n+QMTSTAT: 0,1\r\n"),
        recvFrame(0, 3, "/t", bytesOf("{}")),
        bytesOf(lfOnly ? "\nCONNECT\n" : "\r\nCONNECT\r\n"),
        body,
        bytesOf("\r\nOK\r\n\r\n+QHTTPREAD: 0\r\n\r\n+QMTSTAT: 0,2\r\n"),
        recvFrame(0, 4, "/t", bytesOf("[]")),
      ]);
      let at = 0;
      let k = 0;
      while (at < stream.length) {
        const n = Math.min(cuts[k++ % cuts.length], stream.length - at);
        engine.receive(stream.subarray(at, at + n), n);
        at += n;
      }
      assert.equal(Uint8Array.from(r.pieces), body);
      assert.equal(r.done, [AT_OK]);
      assert.equal(urcLines, ["+QMTSTAT: 0,1", "+QMTSTAT: 0,2"]);
      assert.equal(recvs, ["{}", "[]"]);
    }),
    { numRuns: 300 },
  );
});

test("a body cut short: the command times out, the parser resyncs and reads lines again", () => {
  const { engine, clock, urcLines } = rig();
  const r = reader(1000);
  engine.begin("AT+QHTTPREAD=80");
  engine.send(r.cmd);
  const part = concat([bytesOf("\r\nCONNECT\r\n"), nasty(200)]);
  engine.receive(part, part.length);
  assert.is(engine.parser.streaming, 800);
  clock.t += 5001;
  engine.poll();
  assert.equal(r.done, [AT_TIMEOUT]);
  assert.is(engine.parser.streaming, 0);
  const after = bytesOf("\r\n+QMTSTAT: 0,3\r\n");
  engine.receive(after, after.length);
  assert.equal(urcLines, ["+QMTSTAT: 0,3"]);
});

test("an aborted read drops the rest of its raw bytes without handing them to anyone", () => {
  const { engine } = rig();
  const r = reader(100);
  engine.begin("AT+QHTTPREAD=80");
  engine.send(r.cmd);
  const part = concat([bytesOf("\r\nCONNECT\r\n"), nasty(40)]);
  engine.receive(part, part.length);
  engine.abort(false);
  const rest = concat([nasty(60), bytesOf("\r\nOK\r\n")]);
  engine.receive(rest, rest.length);
  assert.is(r.pieces.length, 40);
  assert.equal(r.done, [AT_ABORTED]);
});

test("CONNECT without rawLength is an ordinary line; CONNECT as a data command's prompt sends the data", () => {
  const { engine, serial } = rig();
  const done: number[] = [];
  const cmd = command("url", 1000, (s) => done.push(s));
  cmd.data = bytesOf("http://example.com/a.bin");
  cmd.dataLength = cmd.data.length;
  engine.begin("AT+QHTTPURL=24,80");
  engine.send(cmd);
  const prompt = bytesOf("\r\nCONNECT\r\n");
  engine.receive(prompt, prompt.length);
  assert.ok(serial.written.endsWith("AT+QHTTPURL=24,80\rhttp://example.com/a.bin"), serial.written);
  const ok = bytesOf("\r\nOK\r\n");
  engine.receive(ok, ok.length);
  assert.equal(done, [AT_OK]);
  const plain = reader(0);
  plain.cmd.result = null;
  engine.begin("AT");
  engine.send(plain.cmd);
  const stray = bytesOf("\r\nCONNECT\r\nOK\r\n");
  engine.receive(stray, stray.length);
  assert.equal(plain.done, [AT_OK]);
  assert.is(plain.pieces.length, 0);
});

test.run();
