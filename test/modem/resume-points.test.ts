// Where recovery resumes bring-up: the SIM, registration or MQTT open mark. What the module
// says while recovery waits moves the resume point down, never up, and nothing owed (close,
// deactivate) is dropped; a configuration error resumes at its own step.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { ModemConfig } from "../../src/modem/config";
import { okThen, ScriptedModem } from "./scripted-modem";

function online(overrides: Partial<ModemConfig> = {}): ScriptedModem {
  const m = new ScriptedModem({ linkCheckMs: 1e9, ...overrides }).startOnline();
  m.logs.length = 0;
  return m;
}

test("a SIM loss during a reopen's backoff: the client is still closed, then bring-up resumes at the SIM step", () => {
  const m = online({ backoffMinMs: 4000 });
  m.urc("+QMTSTAT: 0,1");
  m.run(100);
  m.urc("+CPIN: NOT READY");
  m.run(100);
  assert.is(m.modem.stateName, "recovering", "still the reopen's recovery");
  assert.ok(m.runUntilOnline());
  assert.equal(m.take(true).slice(0, 3), ["AT+QMTCLOSE", "AT+CPIN?", "AT+QMTCFG"]);
});

test("a SIM loss, then a pdpdeact, during a reopen's backoff: close, deactivate, and still the SIM step first", () => {
  const m = online({ backoffMinMs: 4000 });
  m.urc("+QMTSTAT: 0,1");
  m.run(100);
  m.urc("+CPIN: NOT READY");
  m.run(100);
  m.urc('+QIURC: "pdpdeact",1');
  m.run(100);
  assert.ok(m.logs.includes("info: modem recovering: also reactivate pdp: network deactivated pdp"), m.logs.join("\n"));
  assert.ok(m.runUntilOnline());
  assert.equal(m.take(true).slice(0, 3), ["AT+QMTCLOSE", "AT+QIDEACT", "AT+CPIN?"]);
});

test("a registration loss during a reopen's backoff is logged, counted once, moves the resume point to registration, and takes the PDP context with it", () => {
  const m = online({ backoffMinMs: 4000 });
  m.urc("+QMTSTAT: 0,1");
  m.run(100);
  m.urc("+CEREG: 3");
  m.run(100);
  m.urc("+CEREG: 2");
  m.urc('+QIURC: "pdpdeact",1', 10);
  m.run(100);
  assert.is(m.modem.stats.staleUrcs, 1, "the context went with the registration: nothing to deactivate");
  assert.equal(
    m.logs.filter((l) => l.includes("registration lost")),
    ["info: modem recovering: registration lost (stat 3), resuming at registration"],
  );
  assert.is(m.modem.stats.registrationLosses, 1);
  assert.ok(m.runUntilOnline());
  assert.equal(m.take(true).slice(0, 2), ["AT+QMTCLOSE", "AT+CEREG?"]);
});

test("a registration loss during a reactivation's backoff is no news: bring-up already resumes at registration", () => {
  const m = online({ backoffMinMs: 4000 });
  m.urc('+QIURC: "pdpdeact",1');
  m.run(100);
  m.urc("+CEREG: 2");
  m.run(100);
  assert.is(m.modem.stats.registrationLosses, 0);
  assert.not.ok(m.logs.some((l) => l.includes("registration lost")), m.logs.join("\n"));
  assert.ok(m.runUntilOnline());
  assert.equal(m.take(true).slice(0, 2), ["AT+QIDEACT", "AT+CEREG?"]);
});

test("a configuration error at MQTT open: after the long backoff the client is closed and opened again", () => {
  const m = new ScriptedModem({ linkCheckMs: 1e9 });
  m.script.push(["AT+QMTOPEN=", okThen((n) => `+QMTOPEN: 0,${n === 0 ? 1 : 0}`)]);
  m.modem.start();
  m.run(10000);
  assert.equal([m.modem.stateName, m.modem.reason], ["config-error", "mqtt open"]);
  m.take();
  m.run(m.config.credentialBackoffMs * 0.75 - 10000 - 100, 100);
  assert.equal(m.take(), [], "nothing during the long backoff");
  assert.ok(m.runUntilOnline());
  assert.equal(m.take(true).slice(0, 3), ["AT+QMTCLOSE", "AT+QMTOPEN", "AT+QMTCONN"]);
});

test("a configuration error before MQTT open: after the long backoff the same step again, nothing closed", () => {
  const m = new ScriptedModem({ linkCheckMs: 1e9, apn: 'CMNET"' });
  m.modem.start();
  m.run(10000);
  assert.is(m.modem.stateName, "config-error");
  m.take();
  m.states.length = 0;
  m.run(m.config.credentialBackoffMs, 1000);
  assert.equal(m.take(), [], "the APN is refused before the UART again, and nothing else is sent");
  assert.equal(m.states.slice(0, 2), ["pdp apn", "config-error apn"]);
});

test.run();
