// Escalation counted exactly: mqttFailuresBeforePdp reopens before a reactivation,
// pdpFailuresBeforePower reactivations before a power cycle; and a link that stayed up for
// stableOnlineMs starts the next recovery from the bottom (backoff and counters reset).
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { ModemConfig } from "../../src/modem/config";
import { okThen, ScriptedModem } from "./scripted-modem";

function online(overrides: Partial<ModemConfig> = {}): ScriptedModem {
  return new ScriptedModem({ linkCheckMs: 1e9, stableOnlineMs: 10000, ...overrides }).startOnline();
}

/** Run until `prefix` goes out; the time it took. */
function until(m: ScriptedModem, prefix: string, limit = 60000): number {
  const from = m.clock.t;
  while (!m.commands.some((c) => c.startsWith(prefix)) && m.clock.t - from < limit) m.run(1, 1);
  assert.ok(m.commands.some((c) => c.startsWith(prefix)), prefix + " sent");
  return m.clock.t - from;
}

/** Our client dropped by the module, heard now; the delay until the close went out. */
function dropped(m: ScriptedModem): number {
  m.urc("+QMTSTAT: 0,1");
  m.run(m.latency, 1);
  m.take();
  const delay = until(m, "AT+QMTCLOSE");
  assert.ok(m.runUntilOnline());
  m.take();
  return delay;
}

test("an MQTT open that keeps failing: mqttFailuresBeforePdp reopens, then a reactivation; pdpFailuresBeforePower of those, then a power cycle", () => {
  const m = new ScriptedModem({ linkCheckMs: 1e9, mqttFailuresBeforePdp: 3, pdpFailuresBeforePower: 2 });
  m.script.push(["AT+QMTOPEN=", okThen("+QMTOPEN: 0,2")]);
  m.modem.start();
  const escalation = ["AT+QMTCLOSE", "AT+QMTCLOSE", "AT+QMTCLOSE", "AT+QIDEACT", "AT+QMTCLOSE", "AT+QMTCLOSE", "AT+QMTCLOSE", "AT+QIDEACT", "AT+QMTCLOSE", "AT+QMTCLOSE", "AT+QMTCLOSE", "AT+QPOWD"];
  const recovery = (): string[] => m.take(true).filter((c) => c === "AT+QMTCLOSE" || c === "AT+QIDEACT" || c === "AT+QPOWD");
  until(m, "AT+QPOWD", 3600000);
  assert.equal(recovery(), escalation);
  const shown = m.states.filter((s) => /^(recovering|powering-off)/.test(s));
  const reopen = "recovering reopen mqtt: mqtt open";
  assert.equal(shown.slice(0, 4), [reopen, reopen, reopen, "recovering reactivate pdp: mqtt open; mqtt keeps failing"]);
  assert.is(shown[shown.length - 1], "powering-off mqtt open; mqtt keeps failing; pdp keeps failing");
  // After the power cycle the counts start over: the same way up again.
  until(m, "AT+QPOWD", 3600000);
  assert.equal(recovery(), escalation);
});

test("after a short-lived link, an MQTT open that keeps failing still escalates, however long ago the link came up", () => {
  const m = online({ stableOnlineMs: 2000, mqttFailuresBeforePdp: 3 });
  m.script.push(["AT+QMTOPEN=", okThen("+QMTOPEN: 0,2")]);
  m.urc("+QMTSTAT: 0,1");
  until(m, "AT+QIDEACT", 600000);
  assert.equal(m.take(true).filter((c) => c === "AT+QMTCLOSE" || c === "AT+QIDEACT"), ["AT+QMTCLOSE", "AT+QMTCLOSE", "AT+QMTCLOSE", "AT+QIDEACT"]);
});

test("the first drop's recovery waits the backoff's first delay, a drop right after reconnecting a longer one", () => {
  const m = online();
  const first = dropped(m);
  const second = dropped(m);
  // random() is 0.5: three quarters of the nominal delay, which doubles.
  assert.equal([first, second], [m.config.backoffMinMs * 0.75, m.config.backoffMinMs * 1.5]);
});

test("a link up for exactly stableOnlineMs is stable: the next drop's recovery starts from the first delay again", () => {
  const m = online();
  dropped(m);
  m.urc("+QMTSTAT: 0,1");
  m.run(m.latency, 1);
  until(m, "AT+QMTCLOSE");
  while (!m.modem.online) m.run(1, 1);
  // Heard stableOnlineMs after it came online (the URC takes the module's latency).
  m.run(m.config.stableOnlineMs - m.latency, 1);
  m.take();
  assert.is(dropped(m), m.config.backoffMinMs * 0.75);
});

test("drops each after a stable link are reopened every time, never escalated to the PDP context", () => {
  const m = online();
  for (let i = 0; i < 5; i++) {
    dropped(m);
    m.run(m.config.stableOnlineMs, 100);
  }
  assert.is(m.modem.stats.mqttDrops, 5);
  assert.not.ok(m.commands.includes("AT+QIDEACT=1"));
});

test("drops right after reconnecting escalate to the PDP context at the fourth", () => {
  const m = online({ mqttFailuresBeforePdp: 3 });
  const seen: string[] = [];
  for (let i = 0; i < 4; i++) {
    m.urc("+QMTSTAT: 0,1");
    m.run(m.latency, 1);
    assert.ok(m.runUntilOnline());
    seen.push(m.take(true)[0]);
  }
  assert.equal(seen, ["AT+QMTCLOSE", "AT+QMTCLOSE", "AT+QMTCLOSE", "AT+QIDEACT"]);
});

test("PDP losses each after a stable link are reactivated every time, never a power cycle", () => {
  const m = online({ pdpFailuresBeforePower: 2 });
  for (let i = 0; i < 4; i++) {
    m.urc('+QIURC: "pdpdeact",1');
    m.run(m.latency, 1);
    assert.ok(m.runUntilOnline());
    m.run(m.config.stableOnlineMs, 100);
  }
  assert.is(m.modem.stats.pdpDrops, 4);
  assert.is(m.modem.stats.powerCycles, 0);
});

test("PDP losses right after reconnecting power-cycle the module at the third", () => {
  const m = online({ pdpFailuresBeforePower: 2 });
  for (let i = 0; i < 2; i++) {
    m.urc('+QIURC: "pdpdeact",1');
    m.run(m.latency, 1);
    assert.ok(m.runUntilOnline());
  }
  assert.is(m.modem.stats.powerCycles, 0);
  m.urc('+QIURC: "pdpdeact",1');
  m.run(100);
  assert.equal([m.modem.stateName, m.modem.reason], ["powering-off", "network deactivated pdp; pdp keeps failing"]);
});

test.run();
