import { test } from "uvu";
import * as assert from "uvu/assert";
import { ascii } from "../../src/at/bytes";
import { AT_ABORTED, AT_CME_ERROR, AT_ERROR, AT_OK, AT_TIMEOUT, command } from "../../src/at/command";
import { AtEngine } from "../../src/at/engine";
import { COUNTED_CORRUPT } from "../../src/at/counted";
import { engineRig } from "./engine-rig";
import { bytesOf, recvFrame } from "./helpers";

function rig() {
  return engineRig();
}

test("a command without an onLine handler ignores its lines", () => {
  const { engine, modem } = rig();
  const done: number[] = [];
  const cmd = command("plain", 100, (s) => done.push(s));
  cmd.response = ascii("+CSQ:");
  engine.begin("AT+CSQ");
  engine.send(cmd);
  modem("\r\n+CSQ: 20,99\r\n\r\nOK\r\n");
  assert.equal(done, [AT_OK]);
});

function recorder() {
  const done: Array<[number, number]> = [];
  const lines: string[] = [];
  const cmd = command("test", 300, (s, c) => done.push([s, c]));
  cmd.onLine = (b, o, l) => lines.push(Buffer.from(b.subarray(o, o + l)).toString());
  return { cmd, done, lines };
}

test("a command is written with CR alone and completes on OK", () => {
  const { engine, serial, modem } = rig();
  const { cmd, done } = recorder();
  assert.ok(engine.send(engine.begin("AT") && cmd));
  assert.is(serial.take(), "AT\r");
  assert.ok(engine.busy);
  modem("\r\nOK\r\n");
  assert.equal(done, [[AT_OK, -1]]);
  assert.not.ok(engine.busy);
});

test("information lines with the response prefix go to the command, ERROR and CME end it", () => {
  const { engine, modem } = rig();
  const r = recorder();
  r.cmd.response = ascii("+CEREG:");
  engine.begin("AT+CEREG?");
  engine.send(r.cmd);
  modem("\r\n+CEREG: 0,1\r\n\r\nERROR\r\n");
  engine.begin("AT+CPIN?");
  engine.send(r.cmd);
  modem("\r\n+CME ERROR: 10\r\n");
  assert.equal(r.lines, ["+CEREG: 0,1"]);
  assert.equal(r.done, [[AT_ERROR, -1], [AT_CME_ERROR, 10]]);
});

test("a command waits for its result URC after OK; URCs in between are dispatched", () => {
  const { engine, modem, urcLines, recvs } = rig();
  const r = recorder();
  r.cmd.result = ascii("+QMTOPEN:");
  r.cmd.resultTimeoutMs = 5000;
  engine.begin("AT+QMTOPEN=").int(0, 0, 5).str("example.com", 100).int(1883, 1, 65535);
  engine.send(r.cmd);
  modem("\r\n+QMTSTAT: 0,1\r\n\r\nOK\r\n");
  assert.equal(r.done, []);
  modem(recvFrame(0, 1, "t", bytesOf("x")));
  modem("\r\n+QMTOPEN: 0,0\r\n");
  assert.equal(urcLines, ["+QMTSTAT: 0,1"]);
  assert.equal(recvs, ["x"]);
  assert.equal(r.lines, ["+QMTOPEN: 0,0"]);
  assert.equal(r.done, [[AT_OK, -1]]);
});

test("a result URC before OK completes the command at OK", () => {
  const { engine, modem } = rig();
  const r = recorder();
  r.cmd.result = ascii("+QMTSUB:");
  engine.begin("AT");
  engine.send(r.cmd);
  modem("\r\n+QMTSUB: 0,1,0,1\r\n\r\nOK\r\n");
  assert.equal(r.done, [[AT_OK, -1]]);
});

test("timeouts: for the final code and for the result URC; partial input is dropped", () => {
  const { engine, modem, clock } = rig();
  const r = recorder();
  engine.begin("AT");
  engine.send(r.cmd);
  modem('+QMTRECV: 0,1,"t",10,"abc');
  clock.t = 299;
  engine.poll();
  assert.equal(r.done, []);
  clock.t = 300;
  engine.poll();
  assert.equal(r.done, [[AT_TIMEOUT, -1]]);
  r.cmd.result = ascii("+QMTCONN:");
  r.cmd.resultTimeoutMs = 1000;
  engine.begin("AT");
  engine.send(r.cmd);
  modem("\r\nOK\r\n");
  clock.t = 1299;
  engine.poll();
  assert.is(r.done.length, 1);
  clock.t = 1300;
  engine.poll();
  assert.equal(r.done[1], [AT_TIMEOUT, -1]);
});

test("a +QMTRECV still incomplete after frameTimeoutMs is abandoned as corrupt", () => {
  const { engine, modem, clock, recvs, log } = rig();
  modem('\r\n+QMTRECV: 0,8,"t",5000,"{"PowerSwitch_1":1}');
  engine.poll();
  clock.t = 1999;
  engine.poll();
  assert.equal(recvs, []);
  clock.t = 2000;
  engine.poll();
  assert.equal(recvs, ["error 8 " + COUNTED_CORRUPT]);
  assert.match(log.lines.join("\n"), /incomplete for too long/);
  modem("\r\n+QMTSTAT: 0,1\r\n");
  clock.t = 5000;
  engine.poll();
  assert.equal(recvs.length, 1);
});

test("a late OK after a timeout is a stray, not the next command's answer", () => {
  const { engine, modem, clock } = rig();
  const r = recorder();
  r.cmd.data = bytesOf("hello");
  r.cmd.dataLength = 5;
  engine.begin("AT+QMTPUBEX=").int(0, 0, 5);
  engine.send(r.cmd);
  modem("\r\nOK\r\n");
  assert.equal(r.done, []);
  assert.is(engine.strays, 1);
  clock.t = 10;
});

test("data phase: prompt, exactly N bytes, OK, then the result URC", () => {
  const { engine, modem, serial } = rig();
  const r = recorder();
  const payload = bytesOf('{"a":1}XYZ');
  r.cmd.data = payload;
  r.cmd.dataLength = 7;
  r.cmd.result = ascii("+QMTPUBEX:");
  r.cmd.resultTimeoutMs = 1000;
  engine.begin("AT+QMTPUBEX=").int(0, 0, 5).int(0, 0, 65535).int(0, 0, 1).int(0, 0, 1).str("t", 10).int(7, 1, 1024);
  engine.send(r.cmd);
  assert.is(serial.take(), 'AT+QMTPUBEX=0,0,0,0,"t",7\r');
  modem("\r\n> ");
  assert.is(serial.take(), '{"a":1}');
  modem("\r\nOK\r\n\r\n+QMTPUBEX: 0,0,0\r\n");
  assert.equal(r.done, [[AT_OK, -1]]);
  assert.equal(r.lines, ["+QMTPUBEX: 0,0,0"]);
});

test("ERROR instead of a prompt ends a data command; a stray prompt is ignored", () => {
  const { engine, modem, serial } = rig();
  const r = recorder();
  r.cmd.data = bytesOf("x");
  r.cmd.dataLength = 1;
  engine.begin("AT");
  engine.send(r.cmd);
  modem("\r\nERROR\r\n> ");
  assert.equal(r.done, [[AT_ERROR, -1]]);
  serial.take();
  modem("> ");
  assert.is(serial.take(), "");
  assert.is(engine.strays, 2);
});

test("CONNECT is a data command's prompt (a file upload); elsewhere it is just a line", () => {
  const { engine, modem, serial } = rig();
  const r = recorder();
  r.cmd.data = bytesOf("-----PEM-----");
  r.cmd.dataLength = 13;
  r.cmd.response = ascii("+QFUPL:");
  engine.begin("AT+QFUPL=").str("UFS:ca.pem", 80).int(13, 1, 100).int(10, 1, 100);
  engine.send(r.cmd);
  assert.is(serial.take(), 'AT+QFUPL="UFS:ca.pem",13,10\r');
  modem("\r\nCONNECT\r\n");
  assert.is(serial.take(), "-----PEM-----");
  modem("\r\n+QFUPL: 13,6d2d\r\n\r\nOK\r\n");
  assert.equal(r.done, [[AT_OK, -1]]);
  assert.equal(r.lines, ["+QFUPL: 13,6d2d"]);
  // No data command waits: CONNECT sends nothing.
  const plain = recorder();
  engine.begin("AT");
  engine.send(plain.cmd);
  serial.take();
  modem("\r\nCONNECT\r\n\r\nOK\r\n");
  assert.is(serial.take(), "");
  assert.equal(plain.done, [[AT_OK, -1]]);
});

test("transmit continues on writable when the UART takes part of a write", () => {
  const { engine, serial } = rig();
  serial.accept = 3;
  engine.begin("AT+CPIN?");
  engine.send(recorder().cmd);
  assert.is(serial.written, "AT+");
  engine.writable();
  engine.poll();
  engine.writable();
  assert.is(serial.written, "AT+CPIN?\r");
  engine.writable();
  assert.is(serial.calls, 3);
});

test("echo lines are ignored; a busy engine refuses a second command and writes nothing", () => {
  const { engine, modem, serial, log } = rig();
  const r = recorder();
  engine.begin("AT+CPIN?");
  engine.send(r.cmd);
  serial.take();
  modem("AT+CPIN?\r\r\nOK\r\n");
  assert.equal(r.done, [[AT_OK, -1]]);
  engine.begin("AT");
  engine.send(r.cmd);
  serial.take();
  engine.begin("AT+X");
  assert.not.ok(engine.send(recorder().cmd));
  assert.is(serial.take(), "");
  assert.match(log.lines.join("\n"), /busy with test/);
});

test("refused parameters: nothing reaches the UART and the reason is logged", () => {
  const { engine, serial, log } = rig();
  const cases: Array<() => unknown> = [
    () => engine.begin("AT+QMTSUB=").str('a"\rAT+QPOWD=1', 100),
    () => engine.begin("AT+QMTSUB=").str("x\n", 100),
    () => engine.begin("AT+QMTSUB=").str("x\0", 100),
    () => engine.begin("AT+QMTSUB=").str("toolong", 3),
    () => engine.begin("AT+QMTSUB=").int(70000, 1, 65535),
    () => engine.begin("AT+QMTSUB=").int(1.5, 0, 9),
    () => engine.begin("AT+QMTSUB=").int(NaN, 0, 9),
    () => engine.begin("AT+QMTSUB=").str(42 as unknown as string, 9),
  ];
  for (const build of cases) {
    build();
    assert.not.ok(engine.send(recorder().cmd));
  }
  assert.is(serial.written, "");
  assert.is(log.lines.length, cases.length);
  assert.match(log.lines[0], /quote, CR, LF or NUL/);
  assert.match(log.lines[3], /longer than 3/);
  assert.match(log.lines[4], /outside 1..65535/);
});

test("a data command aborted before its prompt: the module still gets its bytes, then the engine is free", () => {
  const { engine, modem, serial } = rig();
  const r = recorder();
  r.cmd.data = bytesOf("PAYLOAD");
  r.cmd.dataLength = 7;
  engine.begin("AT+QMTPUBEX=0,0,0,0,\"t\",7");
  engine.send(r.cmd);
  serial.take();
  engine.abort(false);
  assert.equal(r.done, [[AT_ABORTED, -1]]);
  assert.ok(engine.busy, "owes the payload");
  engine.begin("AT+QIDEACT=1");
  assert.not.ok(engine.send(recorder().cmd), "nothing else may reach the module meanwhile");
  modem("\r\n> ");
  assert.is(serial.take(), "PAYLOAD");
  assert.ok(engine.busy);
  modem("\r\nERROR\r\n");
  assert.not.ok(engine.busy);
  engine.begin("AT+QIDEACT=1");
  assert.ok(engine.send(recorder().cmd));
});

/** Send a one-byte data command and abort it before its prompt. */
function abortBeforePrompt(engine: AtEngine): void {
  const r = recorder();
  r.cmd.data = bytesOf("x");
  r.cmd.dataLength = 1;
  engine.begin("AT");
  engine.send(r.cmd);
  engine.abort(false);
}

test("an owed prompt that never comes (final code, or timeout) frees the engine", () => {
  const { engine, modem, clock } = rig();
  abortBeforePrompt(engine);
  modem("\r\nERROR\r\n");
  assert.not.ok(engine.busy);
  abortBeforePrompt(engine);
  clock.t = 299;
  engine.poll();
  assert.ok(engine.busy);
  clock.t = 300;
  engine.poll();
  assert.not.ok(engine.busy);
});

test("an aborted data command with a long timeout owes its prompt for owedPromptMs after the abort, not for its whole timeout", () => {
  const { engine, modem, clock, serial } = rig();
  const r = recorder();
  r.cmd.data = bytesOf("http://x/fw.bin");
  r.cmd.dataLength = 15;
  r.cmd.timeoutMs = 80000;
  engine.begin("AT+QHTTPURL=15,80");
  engine.send(r.cmd);
  clock.t = 1000;
  engine.abort(false);
  clock.t = 5999;
  engine.poll();
  assert.ok(engine.busy, "the prompt may still come");
  clock.t = 6000;
  engine.poll();
  assert.not.ok(engine.busy, "five seconds after the abort it will not");
  serial.take();
  modem("\r\nCONNECT\r\n");
  assert.is(serial.take(), "", "a prompt after that is not answered with the URL");
});

test("a module reset owes nothing: RDY frees an engine that owed a payload", () => {
  const { engine, modem, serial } = rig();
  abortBeforePrompt(engine);
  modem("\r\nRDY\r\n> ");
  assert.not.ok(engine.busy);
  serial.take();
  assert.is(serial.take(), "");
});

test("an abort URC ends the command in flight and is still dispatched", () => {
  const { engine, modem, urcLines } = rig();
  const r = recorder();
  engine.begin("AT");
  engine.send(r.cmd);
  modem("\r\nRDY\r\n");
  assert.equal(r.done, [[AT_ABORTED, -1]]);
  assert.equal(urcLines, ["RDY"]);
  engine.abort(false);
  assert.is(r.done.length, 1);
});

test("the late final of a command aborted by RDY is not taken as the next command's", () => {
  const { engine, modem, serial } = rig();
  const probe = recorder();
  engine.begin("AT");
  engine.send(probe.cmd);
  serial.take();
  modem("\r\nRDY\r\n");
  assert.equal(probe.done, [[AT_ABORTED, -1]]);
  const next = recorder();
  engine.begin("ATE0");
  assert.ok(engine.send(next.cmd), "accepted, held");
  assert.is(serial.take(), "", "held until the aborted AT's final is in");
  modem("\r\nOK\r\n"); // AT's late OK
  assert.equal(next.done, [], "the late OK is not ATE0's");
  assert.is(serial.take(), "ATE0\r");
  modem("\r\nOK\r\n");
  assert.equal(next.done, [[AT_OK, -1]]);
  assert.is(engine.strays, 1);
});

test("a held command goes out when the aborted one's final does not come in time", () => {
  const { engine, modem, serial, clock } = rig();
  engine.begin("AT");
  engine.send(recorder().cmd); // 300 ms timeout: the longest a late final is waited for
  serial.take();
  modem("\r\nRDY\r\n");
  const next = recorder();
  engine.begin("ATE0");
  engine.send(next.cmd);
  clock.t = 299;
  engine.poll();
  assert.is(serial.take(), "");
  clock.t = 300;
  engine.poll();
  assert.is(serial.take(), "ATE0\r");
  clock.t = 599;
  engine.poll();
  assert.equal(next.done, [], "its own timeout starts when it goes out");
  modem("\r\nOK\r\n");
  assert.equal(next.done, [[AT_OK, -1]]);
});

test("a held command's lines are not taken from the aborted one; aborting it sends nothing", () => {
  const { engine, modem, serial, clock } = rig();
  const first = recorder();
  first.cmd.response = ascii("+CEREG:");
  engine.begin("AT+CEREG?");
  engine.send(first.cmd);
  engine.abort(true);
  const held = recorder();
  held.cmd.response = ascii("+CEREG:");
  engine.begin("AT+CEREG?");
  engine.send(held.cmd);
  serial.take();
  modem("\r\n+CEREG: 0,2\r\n");
  assert.equal(held.lines, [], "an answer to the aborted query");
  engine.abort(false);
  assert.equal(held.done, [[AT_ABORTED, -1]]);
  clock.t = 1000;
  engine.poll();
  assert.is(serial.take(), "");
  assert.not.ok(engine.busy);
});

test("corrupt frames are reported; unknown lines and stray finals are counted", () => {
  const { engine, modem, recvs } = rig();
  const frame = recvFrame(0, 7, "t", bytesOf("abcdef"));
  modem(frame.slice(0, 25));
  modem(frame.slice(27));
  modem("\r\nOK\r\n\r\n+WHAT: 1\r\n\r\nOK\r\n");
  assert.equal(recvs, ["error 7 " + COUNTED_CORRUPT]);
  assert.is(engine.strays, 3);
});

test("a command's onDone may send the next command", () => {
  const { engine, modem, serial } = rig();
  const second = recorder();
  const first = command("first", 100, () => {
    engine.begin("AT+SECOND");
    engine.send(second.cmd);
  });
  engine.begin("AT+FIRST");
  engine.send(first);
  modem("\r\nOK\r\n");
  assert.is(serial.take(), "AT+FIRST\rAT+SECOND\r");
  assert.is(engine.current, "test");
  modem("\r\nOK\r\n");
  assert.is(engine.current, null);
});

test.run();
