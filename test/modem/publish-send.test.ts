// Each dialect's publish sender on its own, over a real AT engine: which answers make a
// message sent, and how every other ending is told apart (the publisher counts, checks the
// link after, or stays quiet after an abort by each). The runner-level tests see only the
// happy path and one failure; mutation testing found the rest unguarded.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { AtEngine } from "../../src/at/engine";
import { MODEM_DEFAULTS, ModemConfig } from "../../src/modem/config";
import { PUBLISH_ABORTED, PUBLISH_FAILED, PUBLISH_SENT, PUBLISH_TIMED_OUT, PublishResult, PublishSend } from "../../src/modem/dialect";
import { EC600S } from "../../src/modem/quectel/dialect";
import { A7670 } from "../../src/modem/simcom/dialect";
import { FakeClock, FakeSerial, memoryLog } from "../at/fakes";

const NAMES: Record<PublishResult, string> = { [PUBLISH_SENT]: "sent", [PUBLISH_FAILED]: "failed", [PUBLISH_TIMED_OUT]: "timed out", [PUBLISH_ABORTED]: "aborted" };

function rig(dialect: typeof EC600S, overrides: Partial<ModemConfig> = {}) {
  const config: ModemConfig = { ...MODEM_DEFAULTS, productKey: "pk", deviceName: "dn", deviceSecret: "s", clientId: "dn", ...overrides };
  const clock = new FakeClock();
  const serial = new FakeSerial();
  const log = memoryLog();
  const engine = new AtEngine({ serial, clock, urcs: [], log, onCounted: () => undefined, onCountedError: () => undefined });
  const payload = new Uint8Array(64);
  const results: string[] = [];
  const sender: PublishSend = dialect.publisher({ engine, config, payload, done: (r) => results.push(NAMES[r]) });
  const say = (text: string): void => {
    const b = new Uint8Array(Buffer.from(text, "latin1"));
    engine.receive(b, b.length);
  };
  const send = (): boolean => {
    payload.set([123, 125], 0);
    return sender.send("/t", payload, 2);
  };
  return { config, clock, serial, engine, results, say, send, log };
}

/** The EC600S's AT+QMTPUBEX: prompt, payload, OK, then `+QMTPUBEX: <idx>,<msgid>,<result>`. */
function quectel(result: string, overrides: Partial<ModemConfig> = {}): string[] {
  const r = rig(EC600S, overrides);
  assert.ok(r.send());
  r.say("\r\n> ");
  r.say("\r\nOK\r\n");
  if (result) r.say("\r\n" + result + "\r\n");
  return r.results;
}

test("ec600s: only a result for our client and message id, saying 0 or 1, is sent", () => {
  assert.equal(quectel("+QMTPUBEX: 0,0,0"), ["sent"]);
  assert.equal(quectel("+QMTPUBEX: 0,0,1"), ["sent"], "1: the module retransmits, it owns the message");
  assert.equal(quectel("+QMTPUBEX: 0,0,2"), ["failed"]);
  assert.equal(quectel("+QMTPUBEX: 1,0,0"), ["failed"], "another client's");
  assert.equal(quectel("+QMTPUBEX: 0,1,0", { publishQos: 1 }), ["sent"]);
  assert.equal(quectel("+QMTPUBEX: 0,2,0", { publishQos: 1 }), ["failed"], "another message's");
  assert.equal(quectel("+QMTPUBEX:", { publishQos: 1 }), ["failed"], "no fields");
  assert.equal(quectel("+QMTPUBEX: 0,0"), ["failed"], "no result field");
  // An id that cannot be read (a byte lost on the UART) is nobody's, not client 1's or message 1's.
  assert.equal(quectel("+QMTPUBEX: ,1,0", { clientIndex: 1, publishQos: 1 }), ["failed"], "no client id");
  assert.equal(quectel("+QMTPUBEX: 1,,0", { clientIndex: 1, publishQos: 1 }), ["failed"], "no message id");
});

test("ec600s: a good result that came before the final is not enough: ERROR or an abort after it is no send", () => {
  for (const end of ["error", "abort"]) {
    const r = rig(EC600S);
    r.send();
    r.say("\r\n> ");
    r.say("\r\n+QMTPUBEX: 0,0,0\r\n");
    if (end === "error") r.say("\r\nERROR\r\n");
    else r.engine.abort(true);
    assert.equal(r.results, [end === "error" ? "failed" : "aborted"]);
  }
});

test("ec600s: QoS 1 message ids count 1 to 65535 and start again at 1; QoS 0 sends id 0", () => {
  const r = rig(EC600S, { publishQos: 1 });
  const ids: number[] = [];
  for (let n = 0; n < 65537; n++) {
    assert.ok(r.send());
    const line = r.serial.take();
    ids.push(Number(/^AT\+QMTPUBEX=0,(\d+),1,0,/.exec(line)?.[1]));
    r.say("\r\nERROR\r\n");
  }
  assert.equal(ids.slice(0, 3), [1, 2, 3]);
  assert.equal(ids.slice(65533), [65534, 65535, 1, 2]);
  const zero = rig(EC600S);
  zero.send();
  assert.match(zero.serial.take(), /^AT\+QMTPUBEX=0,0,0,0,"\/t",2\r$/);
});

test("both dialects: ERROR fails, a timeout is told apart, an abort is told apart", () => {
  for (const dialect of [EC600S, A7670]) {
    const error = rig(dialect);
    error.send();
    error.say("\r\nERROR\r\n");
    assert.equal(error.results, ["failed"], dialect.name);
    const slow = rig(dialect);
    slow.send();
    slow.clock.t = slow.config.atTimeoutMs;
    slow.engine.poll();
    assert.equal(slow.results, ["timed out"], dialect.name);
    const cut = rig(dialect);
    cut.send();
    cut.engine.abort(true);
    assert.equal(cut.results, ["aborted"], dialect.name);
  }
});

test("ec600s: a result that never comes after OK is a timeout, after publishTimeoutMs", () => {
  const r = rig(EC600S);
  r.send();
  r.say("\r\n> ");
  r.say("\r\nOK\r\n");
  r.clock.t = r.config.publishTimeoutMs - 1;
  r.engine.poll();
  assert.equal(r.results, []);
  r.clock.t = r.config.publishTimeoutMs;
  r.engine.poll();
  assert.equal(r.results, ["timed out"]);
});

/** The A7670's three commands; `result` is CMQTTPUB's line. */
function simcom(result: string, stage = 3): { results: string[]; written: string } {
  const r = rig(A7670);
  assert.ok(r.send());
  r.say("\r\n>");
  r.say("\r\nOK\r\n");
  if (stage >= 2) {
    r.say("\r\n>");
    r.say("\r\nOK\r\n");
  }
  if (stage >= 3) {
    r.say("\r\nOK\r\n");
    if (result) r.say("\r\n" + result + "\r\n");
  }
  return { results: r.results, written: r.serial.written };
}

test("a7670: topic, payload, then CMQTTPUB; only its result 0 for our client is sent", () => {
  const ok = simcom("+CMQTTPUB: 0,0");
  assert.equal(ok.results, ["sent"]);
  assert.is(ok.written, "AT+CMQTTTOPIC=0,2\r/tAT+CMQTTPAYLOAD=0,2\r{}AT+CMQTTPUB=0,0,60\r");
  assert.equal(simcom("+CMQTTPUB: 0,11").results, ["failed"]);
  assert.equal(simcom("+CMQTTPUB: 1,0").results, ["failed"], "another client's");
  assert.equal(simcom("+CMQTTPUB:").results, ["failed"], "no fields");
});

test("a7670: a failure at the payload's command ends the publish there", () => {
  const r = rig(A7670);
  r.send();
  r.say("\r\n>");
  r.say("\r\nOK\r\n");
  r.say("\r\nERROR\r\n");
  assert.equal(r.results, ["failed"]);
  assert.is(r.serial.written, "AT+CMQTTTOPIC=0,2\r/tAT+CMQTTPAYLOAD=0,2\r");
  const slow = rig(A7670);
  slow.send();
  slow.say("\r\n>");
  slow.say("\r\nOK\r\n");
  slow.clock.t = slow.config.atTimeoutMs;
  slow.engine.poll();
  assert.equal(slow.results, ["timed out"]);
});

test("a7670: a result that never comes after OK is a timeout, after publishTimeoutMs", () => {
  const r = rig(A7670);
  r.send();
  for (const text of ["\r\n>", "\r\nOK\r\n", "\r\n>", "\r\nOK\r\n", "\r\nOK\r\n"]) r.say(text);
  r.clock.t = r.config.publishTimeoutMs - 1;
  r.engine.poll();
  assert.equal(r.results, []);
  r.clock.t = r.config.publishTimeoutMs;
  r.engine.poll();
  assert.equal(r.results, ["timed out"]);
  const cut = rig(A7670);
  cut.send();
  for (const text of ["\r\n>", "\r\nOK\r\n", "\r\n>", "\r\nOK\r\n", "\r\nOK\r\n"]) cut.say(text);
  cut.engine.abort(true);
  assert.equal(cut.results, ["aborted"], "the link went down while CMQTTPUB waited for its result");
});

test.run();
