// SIMCom's four-part message, part by part (mutation testing found these unguarded): whose
// it is, parts that do not add up, parts without their start, chunks split in several, and
// that a message never ends the command in flight.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { PUBLISH_STATE } from "../../src/modem/queue";
import { A7670 } from "../../src/modem/simcom/dialect";
import { simcomMessage } from "../../src/modem/simcom/answers";
import { ScriptedModem } from "./scripted-modem";

const SET = "/sys/a1wFylTxYeD/co_0001/thing/service/property/set";

function online(overrides = {}): ScriptedModem {
  const m = new ScriptedModem({ linkCheckMs: 1e9, ...overrides }, { dialect: A7670, crypto: { hmacSha1Hex: () => "00".repeat(20) } }).startOnline();
  m.logs.length = 0;
  return m;
}

const warnings = (m: ScriptedModem): string[] => m.logs.filter((l) => l.startsWith("warn"));

test("another client's message is not ours: not delivered, not reported", () => {
  const m = online();
  m.say(simcomMessage(SET, SET.length, "{}", 2).replace(/: 0/g, ": 1"));
  // Its start and parts, then an end that names ours: still not ours.
  m.say(simcomMessage(SET, SET.length, "{}", 2).replace(/: 0/g, ": 1").replace("+CMQTTRXEND: 1", "+CMQTTRXEND: 0"));
  m.run(100);
  assert.equal(m.messages, []);
  assert.equal(warnings(m), []);
});

test("a topic and a payload in several chunks each are joined; parts that do not add up are dropped, once, with the topic", () => {
  const m = online();
  m.say("\r\n+CMQTTRXSTART: 0,4,5\r\n+CMQTTRXTOPIC: 0,2\r\n/a\r\n+CMQTTRXTOPIC: 0,2\r\n/b\r\n+CMQTTRXPAYLOAD: 0,3\r\n{\"a\r\n+CMQTTRXPAYLOAD: 0,2\r\n\"}\r\n+CMQTTRXEND: 0\r\n");
  m.run(100);
  assert.equal(m.messages, [["/a/b", '{"a"}']]);
  m.say("\r\n+CMQTTRXSTART: 0,2,9\r\n+CMQTTRXTOPIC: 0,2\r\n/a\r\n+CMQTTRXPAYLOAD: 0,2\r\n{}\r\n+CMQTTRXEND: 0\r\n");
  m.run(100);
  assert.is(m.messages.length, 1);
  assert.equal(warnings(m), ["warn: dropped +CMQTTRX message on /a: parts missing"]);
});

test("parts or an end without their start are nothing; a start without lengths drops its message quietly", () => {
  const m = online();
  m.say("\r\n+CMQTTRXTOPIC: 0,2\r\n/a\r\n+CMQTTRXPAYLOAD: 0,2\r\n{}\r\n+CMQTTRXEND: 0\r\n");
  m.say("\r\n+CMQTTRXEND: 0\r\n");
  m.say("\r\n+CMQTTRXSTART: 0\r\n+CMQTTRXTOPIC: 0,2\r\n/a\r\n+CMQTTRXEND: 0\r\n");
  m.say("\r\n+CMQTTRXSTART: 0,2\r\n+CMQTTRXTOPIC: 0,2\r\n/a\r\n+CMQTTRXEND: 0\r\n");
  m.run(100);
  assert.equal(m.messages, []);
  assert.equal(warnings(m), []);
  assert.ok(m.modem.online);
});

test("a damaged chunk is reported by its kind and reason; the message is dropped without a second report", () => {
  const m = online();
  m.say("\r\n+CMQTTRXSTART: 0,2,2\r\n+CMQTTRXTOPIC: 0,2\r\n/abc\r\n+CMQTTRXPAYLOAD: 0,2\r\n{}\r\n+CMQTTRXEND: 0\r\n");
  m.run(100);
  assert.equal(m.messages, []);
  assert.equal(warnings(m), ["warn: dropped +CMQTTRXTOPIC: corrupt (bytes lost)"]);
  const small = online({ payloadBytes: 64 });
  const big = "x".repeat(700);
  small.say(simcomMessage(SET, SET.length, big, big.length));
  small.run(100);
  assert.equal(small.messages, []);
  assert.equal(warnings(small), ["warn: dropped +CMQTTRXPAYLOAD: too large"]);
});

test("a message that arrives while a publish waits for its prompt does not end the publish", () => {
  const m = online();
  m.script.push([
    "AT+CMQTTTOPIC",
    (cmd, s) => {
      s.expectData(cmd);
      s.say(simcomMessage(SET, SET.length, "{}", 2));
      s.say("\r\n>", 10);
      return undefined;
    },
  ]);
  assert.ok(m.modem.publish("/t", "{}", PUBLISH_STATE));
  m.run(500);
  assert.equal(m.messages, [[SET, "{}"]]);
  assert.is(m.modem.publisher.sent, 1);
  assert.is(m.modem.publisher.failed, 0);
});

test("a start or an end without a client number, or a start without a topic length, is nobody's, whatever our client index", () => {
  const m = online({ clientIndex: 1 });
  m.say("\r\n+CMQTTRXSTART: ,2,2\r\n+CMQTTRXTOPIC: 1,2\r\n/a\r\n+CMQTTRXPAYLOAD: 1,2\r\n{}\r\n+CMQTTRXEND: 1\r\n");
  m.say("\r\n+CMQTTRXSTART: 1,2,2\r\n+CMQTTRXTOPIC: 1,2\r\n/a\r\n+CMQTTRXPAYLOAD: 1,2\r\n{}\r\n+CMQTTRXEND: \r\n");
  m.say("\r\n+CMQTTRXSTART: 1,,2\r\n+CMQTTRXTOPIC: 1,1\r\n/\r\n+CMQTTRXPAYLOAD: 1,2\r\n{}\r\n+CMQTTRXEND: 1\r\n");
  m.run(100);
  assert.equal(m.messages, []);
  assert.equal(warnings(m), []);
  m.say("\r\n+CMQTTRXSTART: 1,2,2\r\n+CMQTTRXTOPIC: 1,2\r\n/a\r\n+CMQTTRXPAYLOAD: 1,2\r\n{}\r\n+CMQTTRXEND: 1\r\n");
  m.run(100);
  assert.equal(m.messages, [["/a", "{}"]]);
});

test("our message ended by another client's end is dropped", () => {
  const m = online();
  m.say(simcomMessage(SET, SET.length, "{}", 2).replace("+CMQTTRXEND: 0", "+CMQTTRXEND: 1"));
  m.run(100);
  assert.equal(m.messages, []);
});

test("a message with an empty payload is delivered", () => {
  const m = online();
  m.say("\r\n+CMQTTRXSTART: 0,2,0\r\n+CMQTTRXTOPIC: 0,2\r\n/a\r\n+CMQTTRXEND: 0\r\n");
  m.run(100);
  assert.equal(m.messages, [["/a", ""]]);
  assert.equal(warnings(m), []);
});

test("a topic shorter than its start announced drops the message, reported, even when the payload adds up", () => {
  const m = online();
  m.say("\r\n+CMQTTRXSTART: 0,4,2\r\n+CMQTTRXTOPIC: 0,2\r\n/a\r\n+CMQTTRXPAYLOAD: 0,2\r\n{}\r\n+CMQTTRXEND: 0\r\n");
  m.run(100);
  assert.equal(m.messages, []);
  assert.equal(warnings(m), ["warn: dropped +CMQTTRX message on /a: parts missing"]);
});

test("a damaged chunk after parts that add up still drops the message", () => {
  const m = online();
  m.say("\r\n+CMQTTRXSTART: 0,2,2\r\n+CMQTTRXTOPIC: 0,2\r\n/a\r\n+CMQTTRXPAYLOAD: 0,2\r\n{}\r\n+CMQTTRXPAYLOAD: 0,2\r\n{}}\r\n+CMQTTRXEND: 0\r\n");
  m.run(100);
  assert.equal(m.messages, []);
  assert.equal(warnings(m), ["warn: dropped +CMQTTRXPAYLOAD: corrupt (bytes lost)"]);
});

test("once the payload has overrun its length, later parts are not taken: the message is dropped and reported once", () => {
  const m = online();
  m.say("\r\n+CMQTTRXSTART: 0,2,1\r\n+CMQTTRXTOPIC: 0,2\r\n/a\r\n+CMQTTRXPAYLOAD: 0,2\r\n{}\r\n+CMQTTRXTOPIC: 0,2\r\n/b\r\n+CMQTTRXEND: 0\r\n");
  m.run(100);
  assert.equal(m.messages, []);
  assert.equal(warnings(m), ["warn: dropped +CMQTTRX message on /a: more bytes than its start announced"]);
});

test("a topic longer than its start announced drops the message, reported once, and the next message is delivered", () => {
  const m = online();
  m.say("\r\n+CMQTTRXSTART: 0,2,2\r\n+CMQTTRXTOPIC: 0,2\r\n/a\r\n+CMQTTRXTOPIC: 0,2\r\n/b\r\n+CMQTTRXPAYLOAD: 0,2\r\n{}\r\n+CMQTTRXEND: 0\r\n");
  m.run(100);
  assert.equal(m.messages, []);
  assert.equal(warnings(m), ["warn: dropped +CMQTTRX message on /a/b: more bytes than its start announced"]);
  m.say("\r\n+CMQTTRXSTART: 0,2,2\r\n+CMQTTRXTOPIC: 0,2\r\n/c\r\n+CMQTTRXPAYLOAD: 0,2\r\n{}\r\n+CMQTTRXEND: 0\r\n");
  m.run(100);
  assert.equal(m.messages, [["/c", "{}"]]);
  assert.is(warnings(m).length, 1);
});

test("a part more than its start announced drops the message, reported", () => {
  const m = online();
  m.say("\r\n+CMQTTRXSTART: 0,2,2\r\n+CMQTTRXTOPIC: 0,2\r\n/a\r\n+CMQTTRXPAYLOAD: 0,2\r\n{}\r\n+CMQTTRXPAYLOAD: 0,1\r\n}\r\n+CMQTTRXEND: 0\r\n");
  m.run(100);
  assert.equal(m.messages, []);
  assert.equal(warnings(m), ["warn: dropped +CMQTTRX message on /a: more bytes than its start announced"]);
});

test.run();
