// The 3GPP TS 27.007 steps and URCs every dialect shares (src/modem/steps.ts, src/modem/urcs.ts):
// what each answer of the SIM and registration steps means, and which URCs are news. The
// scripted module speaks the A7670's table; the Quectel one takes the same steps.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { A7670 } from "../../src/modem/simcom/dialect";
import { ScriptedModem } from "./scripted-modem";

function a7670(overrides = {}, subscriptions?: string[]): ScriptedModem {
  const options = subscriptions ? { dialect: A7670, crypto: { hmacSha1Hex: () => "00".repeat(20) }, subscriptions } : { dialect: A7670, crypto: { hmacSha1Hex: () => "00".repeat(20) } };
  return new ScriptedModem({ linkCheckMs: 1e9, ...overrides }, options);
}

/** Commands sent while bringing `m` up from start, until online or `ms` pass. */
function bringUp(m: ScriptedModem, ms = 120000): string[] {
  m.modem.start();
  m.runUntilOnline(ms);
  return m.take();
}

const OK = "\r\nOK\r\n";

/** A reply for the first `n` commands it sees, then the table's again. */
function first(n: number, reply: string): (cmd: string, m: ScriptedModem) => string {
  let left = n;
  return (_cmd, m) => {
    if (--left <= 0) m.script.length = 0;
    return reply;
  };
}

test("SIM: OK without +CPIN, or a +CPIN with nothing after it, is asked again, not taken for an answer", () => {
  for (const reply of [OK, "\r\n+CPIN:\r\n" + OK]) {
    const m = a7670();
    m.script.push(["AT+CPIN?", first(1, reply)]);
    const cmds = bringUp(m);
    assert.ok(m.modem.online, JSON.stringify(reply));
    assert.equal(cmds.filter((c) => c === "AT+CPIN?").length, 2, JSON.stringify(reply));
    assert.not.ok(m.states.some((s) => s.startsWith("no-sim")), m.states.join(", "));
    assert.equal([m.modem.stats.powerCycles, m.pwrkeyPulses], [0, 0], m.states.join(", "));
  }
});

test("SIM busy (CME 14): polled every simRetryMs for as long as it takes, never power-cycled", () => {
  const m = a7670({ simRetryMs: 3000 });
  m.script.push(["AT+CPIN?", first(6, "\r\n+CME ERROR: 14\r\n")]);
  m.modem.start();
  const at: number[] = [];
  while (!m.modem.online && m.clock.t < 120000) {
    const before = m.commands.length;
    m.run(5);
    if (m.commands.slice(before).includes("AT+CPIN?")) at.push(m.clock.t);
  }
  assert.ok(m.modem.online);
  assert.is(at.length, 7);
  for (let i = 1; i < at.length; i++) assert.ok(Math.abs(at[i] - at[i - 1] - 3000) <= 20, "poll " + i + ": " + (at[i] - at[i - 1]) + " ms");
  assert.is(m.pwrkeyPulses, 0);
});

test("SIM: a CME error that is not about the SIM's presence is retried, not taken for no SIM", () => {
  const m = a7670();
  m.script.push(["AT+CPIN?", first(1, "\r\n+CME ERROR: 100\r\n")]);
  bringUp(m);
  assert.ok(m.modem.online);
  assert.not.ok(m.states.some((s) => s.startsWith("no-sim")), m.states.join(", "));
});

test("registration: the read form's <n> is not the status: +CEREG: 1,0 (URCs on, not registered) is no registration", () => {
  const m = a7670();
  m.script.push(["AT+CEREG?", first(1, "\r\n+CEREG: 1,0\r\n" + OK)]);
  const cmds = bringUp(m);
  assert.ok(m.modem.online);
  assert.equal(cmds.filter((c) => /^AT\+C[EG]?REG\?$/.test(c)), ["AT+CEREG?", "AT+CGREG?"]);
});

test("registration: a +CEREG with nothing after it is no status, and an ERROR after a registered line is no registration", () => {
  for (const reply of ["\r\n+CEREG:\r\n" + OK, "\r\n+CEREG: 0,1\r\n\r\nERROR\r\n"]) {
    const m = a7670();
    m.script.push(["AT+CEREG?", first(1, reply)]);
    const cmds = bringUp(m);
    assert.ok(m.modem.online);
    assert.equal(cmds.filter((c) => /^AT\+C[EG]?REG\?$/.test(c)), ["AT+CEREG?", "AT+CGREG?"], JSON.stringify(reply));
  }
});

test("registration: a URC with the location after the status (+CEREG=2's form) says registered", () => {
  const m = a7670({ registrationPollMs: 60000, registrationDeadlineMs: 600000 });
  m.script.push(["AT+CEREG?", "\r\n+CEREG: 1,2\r\n" + OK], ["AT+CGREG?", "\r\n+CGREG: 1,2\r\n" + OK], ["AT+CREG?", "\r\n+CREG: 1,2\r\n" + OK]);
  m.modem.start();
  while (m.modem.stepName !== "registration" && m.clock.t < 60000) m.run(5);
  m.run(100);
  m.script.length = 0;
  m.take();
  m.urc('+CEREG: 5,"1A2B","0123ABCD",7');
  m.run(500);
  assert.ok(m.take().includes("AT+CMQTTSTART"), "went on at the URC, not at the next poll a minute later");
});

test("a firmware that refuses AT+CEREG=1 still registers by polling: the URC setting is optional", () => {
  const m = a7670();
  m.script.push(["AT+CEREG=1", "\r\nERROR\r\n"]);
  const cmds = bringUp(m);
  assert.ok(m.modem.online);
  assert.equal(cmds.filter((c) => c === "AT+CEREG=1"), ["AT+CEREG=1"]);
  assert.is(m.pwrkeyPulses, 0);
});

test("a client with nothing to subscribe skips both subscribe steps", () => {
  const m = a7670({}, []);
  const cmds = bringUp(m);
  assert.ok(m.modem.online, m.modem.reason);
  assert.not.ok(cmds.some((c) => c.startsWith("AT+CMQTTSUB")), cmds.join(" "));
});

test("+CPIN: READY as a URC is no SIM loss; +CPIN: NOT READY is", () => {
  const m = a7670().startOnline();
  m.urc("+CPIN: READY");
  m.run(100);
  assert.ok(m.modem.online);
  assert.equal(m.take(), []);
  m.urc("+CPIN: NOT READY");
  m.run(20);
  assert.not.ok(m.modem.online);
});

test("a +CPIN URC with nothing after it is no SIM loss, even after a NOT READY", () => {
  const m = a7670().startOnline();
  m.urc("+CPIN: NOT READY");
  m.run(20);
  assert.ok(m.runUntilOnline());
  m.urc("+CPIN:");
  m.run(100);
  assert.ok(m.modem.online);
});

test.run();
