// The AT engine's rules that engine.test.ts left unpinned (mutation testing found each one
// could be weakened with every test still green): what an echo, a result line, a prompt or
// CONNECT belongs to; when a late final is waited for, and for how long; what an abort owes;
// the timers of a data phase and of a counted URC; the one-line warnings; partial UART writes.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ascii } from "../../src/at/bytes";
import { AT_CME_ERROR, AT_ERROR, AT_OK, AT_TIMEOUT, command } from "../../src/at/command";
import { COUNTED_CORRUPT } from "../../src/at/counted";
import { AtEngine } from "../../src/at/engine";
import { engineRig } from "./engine-rig";
import { bytesOf } from "./helpers";

function rig() {
  return engineRig(["+QMTSTAT:", "+QMTPUBEX:"]);
}

function recorder(name = "test", timeoutMs = 300) {
  const done: Array<[number, number]> = [];
  const lines: string[] = [];
  const cmd = command(name, timeoutMs, (s, c) => done.push([s, c]));
  cmd.onLine = (b, o, l) => lines.push(Buffer.from(b.subarray(o, o + l)).toString());
  return { cmd, done, lines };
}

/** A data command (one payload byte) sent now. */
function dataCommand(engine: AtEngine, timeoutMs = 300) {
  const r = recorder("pub", timeoutMs);
  r.cmd.data = bytesOf("x");
  r.cmd.dataLength = 1;
  engine.begin("AT+PUB");
  engine.send(r.cmd);
  return r;
}

test("an echo of the command line, either case, is nobody's line, even for a command that takes every line", () => {
  const { engine, modem } = rig();
  const r = recorder();
  r.cmd.response = new Uint8Array(0); // as ATI's answer: lines with no common prefix
  engine.begin("ATI");
  engine.send(r.cmd);
  modem("ATI\r\r\nQuectel\r\nEC600S\r\nati\r\nOK\r\n");
  assert.equal(r.lines, ["Quectel", "EC600S"]);
  assert.equal(r.done, [[AT_OK, -1]]);
  assert.is(engine.strays, 0, "an echo is not a stray either");
});

test("each echo is told to onEcho (whose driver knows whether echo should be off), with or without a command", () => {
  const { engine, modem, echoes, urcLines } = rig();
  const r = recorder();
  engine.begin("AT+QMTCONN?");
  engine.send(r.cmd);
  modem("AT+QMTCONN?\r\r\nOK\r\n");
  assert.equal(r.done, [[AT_OK, -1]], "the command still completes: the driver decides what an echo means");
  assert.is(echoes.length, 1);
  modem("\r\nat+x\r\n\r\n+QMTSTAT: 0,1\r\n");
  assert.is(echoes.length, 2, "idle too");
  assert.equal(urcLines, ["+QMTSTAT: 0,1"]);
});

test("lines taken by the command are not also dispatched or counted; a response line after OK is not the command's", () => {
  const { engine, modem, urcLines } = rig();
  const r = recorder();
  r.cmd.response = ascii("+QMTSTAT:");
  r.cmd.result = ascii("+QMTPUBEX:");
  r.cmd.resultTimeoutMs = 1000;
  engine.begin("AT+X");
  engine.send(r.cmd);
  modem("\r\n+QMTSTAT: 0,1\r\n\r\nOK\r\n\r\n+QMTSTAT: 0,2\r\n");
  assert.equal(r.lines, ["+QMTSTAT: 0,1"]);
  assert.equal(urcLines, ["+QMTSTAT: 0,2"], "waiting for the result, a response line is a URC");
  modem("\r\n+QMTPUBEX: 0,1,0\r\n");
  assert.equal(r.lines, ["+QMTSTAT: 0,1", "+QMTPUBEX: 0,1,0"]);
  assert.equal(urcLines, ["+QMTSTAT: 0,2"]);
  assert.equal(r.done, [[AT_OK, -1]]);
  assert.is(engine.strays, 0);
});

test("a result line before OK is kept until OK; an ERROR ends a command that expects a result at once", () => {
  const { engine, modem } = rig();
  const r = recorder();
  r.cmd.result = ascii("+QMTPUBEX:");
  r.cmd.resultTimeoutMs = 1000;
  engine.begin("AT+X");
  engine.send(r.cmd);
  modem("\r\n+QMTPUBEX: 0,1,0\r\n");
  assert.equal(r.done, [], "not done before its final");
  modem("\r\nOK\r\n");
  assert.equal(r.done, [[AT_OK, -1]]);
  engine.begin("AT+X");
  engine.send(r.cmd);
  modem("\r\nERROR\r\n");
  assert.equal(r.done[1], [AT_ERROR, -1]);
  assert.not.ok(engine.busy);
});

test("a data command waiting for its prompt does not take a result line (a previous publish's)", () => {
  const { engine, modem, urcLines } = rig();
  const r = dataCommand(engine);
  r.cmd.result = ascii("+QMTPUBEX:");
  modem("\r\n+QMTPUBEX: 0,7,0\r\n");
  assert.equal(r.lines, []);
  assert.equal(urcLines, ["+QMTPUBEX: 0,7,0"]);
});

test("a data phase's timeout runs from its prompt; a prompt for a command without data is a stray and extends nothing", () => {
  const { engine, modem, clock, serial } = rig();
  const r = dataCommand(engine);
  clock.t = 250;
  modem("\r\n> ");
  assert.is(serial.take(), "AT+PUB\rx");
  clock.t = 549;
  engine.poll();
  assert.equal(r.done, []);
  clock.t = 550;
  engine.poll();
  assert.equal(r.done, [[AT_TIMEOUT, -1]]);
  const plain = recorder();
  engine.begin("AT");
  engine.send(plain.cmd); // at 550: times out at 850
  clock.t = 800;
  modem("\r\n> ");
  assert.is(engine.strays, 1);
  clock.t = 850;
  engine.poll();
  assert.equal(plain.done, [[AT_TIMEOUT, -1]]);
});

test("a second prompt after the data went out is a stray: the payload is never sent twice", () => {
  const { engine, modem, serial } = rig();
  const r = dataCommand(engine);
  modem("\r\n> ");
  assert.is(serial.take(), "AT+PUB\rx");
  modem("\r\n> ");
  assert.is(serial.take(), "");
  assert.is(engine.strays, 1);
  modem("\r\nOK\r\n");
  assert.equal(r.done, [[AT_OK, -1]]);
});

test("CONNECT is the command's only when it is a data command's prompt or the start of its raw answer", () => {
  const { engine, modem } = rig();
  const r = recorder();
  engine.begin("AT");
  engine.send(r.cmd);
  modem("\r\nCONNECT\r\nOK\r\n");
  assert.is(engine.strays, 1, "CONNECT for a command without rawLength is claimed by nobody");
  const raw = recorder();
  raw.cmd.rawLength = 2;
  engine.begin("AT+READ");
  engine.send(raw.cmd);
  modem("\r\nCONNECT\r\nab\r\nOK\r\n");
  assert.equal(raw.done, [[AT_OK, -1]]);
  assert.is(engine.strays, 1, "the raw answer's CONNECT is its command's");
});

test("an abort without a module reset: only a data command waiting for its prompt is owed; others free the engine at once", () => {
  const { engine, modem, serial, clock } = rig();
  const r = recorder();
  engine.begin("AT+CEREG?");
  engine.send(r.cmd);
  engine.abort(false);
  assert.not.ok(engine.busy, "nothing owed for a command without data");
  // Still owed after a second abort: the module takes the next bytes as the payload.
  clock.t = 1000;
  engine.poll();
  dataCommand(engine, 5000);
  engine.abort(false);
  engine.abort(false);
  assert.ok(engine.busy, "still owes the payload");
  serial.take();
  modem("\r\n> ");
  assert.is(serial.take(), "x");
  modem("\r\nOK\r\n");
  assert.not.ok(engine.busy);
});

test("after an abort, the next command waits for the late final only if one may come, and no longer than lateFinalMs", () => {
  // Aborted after its OK (waiting for the result URC): its final is in, the next goes out now.
  {
    const { engine, modem, serial } = rig();
    const r = recorder();
    r.cmd.result = ascii("+QMTOPEN:");
    r.cmd.resultTimeoutMs = 5000;
    engine.begin("AT+QMTOPEN");
    engine.send(r.cmd);
    modem("\r\nOK\r\n");
    engine.abort(false);
    serial.take();
    engine.begin("AT+NEXT");
    engine.send(recorder().cmd);
    assert.is(serial.take(), "AT+NEXT\r");
  }
  // A module reset while a data command waits for its prompt: its final may still come.
  {
    const { engine, modem, serial } = rig();
    dataCommand(engine);
    modem("\r\nRDY\r\n");
    serial.take();
    engine.begin("AT+NEXT");
    engine.send(recorder().cmd);
    assert.is(serial.take(), "", "held");
    modem("\r\nERROR\r\n");
    assert.is(serial.take(), "AT+NEXT\r");
  }
  // A long command: the wait is lateFinalMs (1000), not its timeout.
  {
    const { engine, modem, serial, clock } = rig();
    clock.t = 100;
    engine.begin("AT+LONG");
    engine.send(recorder("long", 10000).cmd);
    modem("\r\nRDY\r\n");
    serial.take();
    engine.begin("AT+NEXT");
    engine.send(recorder().cmd);
    clock.t = 1099;
    engine.poll();
    assert.is(serial.take(), "");
    clock.t = 1100;
    engine.poll();
    assert.is(serial.take(), "AT+NEXT\r");
  }
});

test("once the late final is settled, the next command goes out when sent; a held one is not timed out by the aborted one's deadline", () => {
  const { engine, modem, serial, clock } = rig();
  engine.begin("AT+OLD");
  engine.send(recorder("old", 5000).cmd); // deadline 5000
  clock.t = 4900;
  modem("\r\nRDY\r\n"); // late final awaited until 5900
  const held = recorder("held", 300);
  engine.begin("AT+HELD");
  engine.send(held.cmd);
  serial.take();
  clock.t = 5000;
  engine.poll();
  assert.equal(held.done, [], "held, not timed out");
  modem("\r\nOK\r\n"); // the old command's late OK
  assert.is(serial.take(), "AT+HELD\r");
  modem("\r\nOK\r\n");
  assert.equal(held.done, [[AT_OK, -1]]);
  engine.begin("AT+AFTER");
  engine.send(recorder().cmd);
  assert.is(serial.take(), "AT+AFTER\r", "nothing is awaited any more");
});

test("the frame timer starts when a frame starts being incomplete, and again for the next one", () => {
  const { engine, modem, clock, recvs, log } = rig();
  clock.t = 500;
  modem('\r\n+QMTRECV: 0,1,"t",5,"ab');
  engine.poll();
  clock.t = 2000;
  modem('cde"\r\n');
  engine.poll();
  assert.equal(recvs, ["abcde"]);
  clock.t = 2400;
  engine.poll();
  clock.t = 3000;
  modem('\r\n+QMTRECV: 0,2,"t",5,"ab');
  engine.poll();
  clock.t = 4999;
  engine.poll();
  assert.equal(recvs, ["abcde"], "2 s from its own start, not the first frame's");
  clock.t = 5000;
  engine.poll();
  assert.equal(recvs, ["abcde", "error 2 " + COUNTED_CORRUPT]);
  assert.ok(log.lines.includes("warn: counted URC incomplete for too long: dropped"), log.lines.join("\n"));
  // A frame that starts right after one was dropped gets its own 2 s.
  modem('\r\n+QMTRECV: 0,3,"t",5,"ab');
  engine.poll();
  clock.t = 6999;
  engine.poll();
  assert.is(recvs.length, 2);
  modem('cde"\r\n');
  assert.equal(recvs[2], "abcde");
});

test("warnings: one line per refusal, timeout and error final (with its CME code, 0 included); none for OK or an abort", () => {
  const { engine, modem, clock, log } = rig();
  engine.begin("AT+X=").str('a"b', 10);
  engine.send(recorder("quote").cmd);
  const cme = recorder("cme");
  engine.begin("AT+X");
  engine.send(cme.cmd);
  modem("\r\n+CME ERROR: 0\r\n");
  engine.begin("AT+X");
  engine.send(recorder("err").cmd);
  modem("\r\nERROR\r\n");
  engine.begin("AT+X");
  engine.send(recorder("cme10").cmd);
  modem("\r\n+CME ERROR: 10\r\n");
  engine.begin("AT+X");
  engine.send(recorder("ok").cmd);
  modem("\r\nOK\r\n");
  engine.begin("AT+X");
  engine.send(recorder("slow").cmd);
  clock.t = 300;
  engine.poll();
  engine.begin("AT+X");
  engine.send(recorder("gone").cmd);
  engine.abort(true);
  assert.equal(cme.done, [[AT_CME_ERROR, 0]]);
  assert.equal(log.lines, [
    "error: AT quote refused: string holds a quote, CR, LF or NUL",
    "warn: AT cme -> CME ERROR 0",
    "warn: AT err -> ERROR",
    "warn: AT cme10 -> CME ERROR 10",
    "warn: AT slow timed out",
  ]);
  const busy = recorder("second");
  engine.begin("AT+Y");
  engine.send(recorder("first").cmd);
  engine.begin("AT+Y");
  engine.send(busy.cmd);
  assert.is(log.lines[log.lines.length - 1], "error: AT second refused: busy with first");
});

test("a UART that takes a few bytes and then all: the line goes out exactly once, nothing past its end", () => {
  const { engine, serial } = rig();
  serial.accept = 3;
  engine.begin("AT+CPIN?");
  engine.send(recorder().cmd);
  serial.accept = Infinity;
  engine.writable();
  assert.is(serial.written, "AT+CPIN?\r");
  engine.writable();
  assert.is(serial.written, "AT+CPIN?\r");
});

test.run();
