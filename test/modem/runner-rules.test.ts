// The runner's rules that its suites left unpinned (mutation testing found each one): what an
// IMEI is, what the runner shows before it starts, and URCs about a link it has not opened.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ScriptedModem } from "./scripted-modem";

test("readImei: the first line of 14 to 17 digits, and nothing else, is the IMEI", () => {
  for (const [answer, imei] of [
    ["86123456789012", "86123456789012"],
    ["86123456789012345", "86123456789012345"],
    ["8612345678901", ""],
    ["861234567890123456", ""],
    ["86123456789012x", ""],
    ["x86123456789012", ""],
    ["+CGSN: 861234567890123", ""],
  ]) {
    const m = new ScriptedModem({}, { readImei: true });
    m.script.push(["AT+CGSN", "\r\n" + answer + "\r\n\r\nOK\r\n"]);
    m.modem.start();
    assert.ok(m.runUntilOnline());
    assert.is(m.modem.identity.imei, imei, answer);
  }
  const two = new ScriptedModem({}, { readImei: true });
  two.script.push(["AT+CGSN", "\r\nSN\r\n861234567890123\r\n869999999999999\r\n\r\nOK\r\n"]);
  two.modem.start();
  assert.ok(two.runUntilOnline());
  assert.is(two.modem.identity.imei, "861234567890123");
});

test("before start: off, no reason, no identity, no step", () => {
  const m = new ScriptedModem();
  assert.equal([m.modem.stateName, m.modem.reason, m.modem.online], ["off", "", false]);
  assert.equal(m.modem.identity, { model: "", revision: "", imei: "" });
  m.run(1000);
  assert.equal(m.take(), [], "nothing is sent before start()");
});

test("a +QMTSTAT during bring-up, before the client was opened, is stale: no recovery", () => {
  const m = new ScriptedModem();
  m.script.push([
    "AT+QICSGP",
    (_cmd, s) => {
      s.urc("+QMTSTAT: 0,1");
      return "\r\nOK\r\n";
    },
  ]);
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.is(m.modem.stats.staleUrcs, 1);
  assert.is(m.modem.stats.mqttDrops, 0);
  assert.not.ok(m.take(true).includes("AT+QMTCLOSE"));
});

test.run();
