// Power-cycling the module: the power-down command first (AT+QPOWD), then the PWRKEY pulse
// as soon as the module says it is down, after a wait when it only says OK, at once when it
// says nothing; and a module that powered down by itself.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { ModemConfig } from "../../src/modem/config";
import { ScriptedModem } from "./scripted-modem";

/** A scripted module that notes when PWRKEY was pressed. */
class Keyed extends ScriptedModem {
  readonly presses: number[] = [];
  override pwrkey(level: number): void {
    if (level === 1) this.presses.push(this.clock.t);
    super.pwrkey(level);
  }
}

const DENIED = (cmd: string): string => `\r\n${cmd.slice(2, -1)}: 0,3\r\n\r\nOK\r\n`;

/** Bring-up that never registers: past the deadline the module is power-cycled. Returns when QPOWD went out. */
function poweringOff(overrides: Partial<ModemConfig> = {}, qpowd?: string | (() => undefined)): Keyed {
  const m = new Keyed({ registrationDeadlineMs: 5000, linkCheckMs: 1e9, ...overrides });
  m.script.push(["AT+CEREG?", DENIED], ["AT+CGREG?", DENIED], ["AT+CREG?", DENIED]);
  if (qpowd !== undefined) m.script.push(["AT+QPOWD", qpowd]);
  m.modem.start();
  while (!m.commands.includes("AT+QPOWD=1") && m.clock.t < 60000) m.run(1, 1);
  assert.ok(m.commands.includes("AT+QPOWD=1"), "QPOWD sent");
  assert.is(m.modem.stateName, "powering-off");
  assert.is(m.modem.reason, "registration deadline");
  assert.equal(m.presses, []);
  m.script.splice(0);
  return m;
}

test("POWERED DOWN after AT+QPOWD: PWRKEY is pressed at once, without showing the module as off", () => {
  const m = poweringOff();
  const sent = m.clock.t;
  m.run(1000, 1);
  // The scripted module says POWERED DOWN 505 ms after the command.
  assert.equal(m.presses, [sent + 505]);
  assert.not.ok(m.states.some((s) => s.startsWith("off")), m.states.join(", "));
  assert.is(m.modem.stats.powerCycles, 1);
});

test("AT+QPOWD answered OK but no POWERED DOWN: PWRKEY after powerOffWaitMs, and the command is not sent again", () => {
  const m = poweringOff({ powerOffWaitMs: 7000 }, "\r\nOK\r\n");
  const sent = m.clock.t;
  m.run(6000, 1);
  assert.equal(m.presses, [], "still waiting for POWERED DOWN");
  m.run(2000, 1);
  // OK comes after the module's latency; the wait runs from there, the press at the next poll.
  assert.equal(m.presses, [sent + m.latency + 7000 + 1]);
  assert.is(m.commands.filter((c) => c.startsWith("AT+QPOWD")).length, 1);
});

test("AT+QPOWD unanswered: the module is hung, PWRKEY is pressed when the command times out", () => {
  const m = poweringOff({ atTimeoutMs: 2000 }, () => undefined);
  const sent = m.clock.t;
  m.run(3000, 1);
  assert.equal(m.presses, [sent + 2000]);
  assert.is(m.commands.filter((c) => c.startsWith("AT+QPOWD")).length, 1);
});

test("a registration URC while the module powers down does not hurry the pulse", () => {
  const m = poweringOff({ powerOffWaitMs: 7000 }, "\r\nOK\r\n");
  const sent = m.clock.t;
  m.urc("+CEREG: 1", 100);
  m.urc("+CEREG: 2", 200);
  m.run(8000, 1);
  assert.equal(m.presses, [sent + m.latency + 7000 + 1]);
});

test("a registration URC during the power cycle's backoff does not send the power-down early", () => {
  const m = new Keyed({ registrationDeadlineMs: 5000, linkCheckMs: 1e9, backoffMinMs: 4000 });
  m.script.push(["AT+CEREG?", DENIED], ["AT+CGREG?", DENIED], ["AT+CREG?", DENIED]);
  m.modem.start();
  while (m.modem.stateName !== "powering-off" && m.clock.t < 60000) m.run(1, 1);
  const decided = m.clock.t;
  m.urc("+CEREG: 0", 100);
  m.urc("+CEREG: 3", 200);
  while (!m.commands.includes("AT+QPOWD=1") && m.clock.t < 60000) m.run(1, 1);
  // random() is 0.5: the backoff's first delay is three quarters of the minimum.
  assert.is(m.clock.t - decided, 3000);
});

test("a POWERED DOWN nobody asked for: the module shows off, and PWRKEY is pressed after the minimum backoff", () => {
  const m = new Keyed({ linkCheckMs: 1e9, backoffMinMs: 1500 });
  m.modem.start();
  assert.ok(m.runUntilOnline());
  m.urc("POWERED DOWN");
  m.run(m.latency, 1);
  const heard = m.clock.t;
  m.powered = false;
  assert.equal([m.modem.stateName, m.modem.reason], ["off", "module powered down"]);
  assert.ok(m.logs.includes("info: modem off: module powered down"), m.logs.join("\n"));
  m.run(2000, 1);
  assert.equal(m.presses, [heard + 1500]);
  assert.is(m.modem.stats.powerCycles, 0);
});

test("after a power-down, URCs about the old link are stale", () => {
  const m = new Keyed({ linkCheckMs: 1e9 });
  m.modem.start();
  assert.ok(m.runUntilOnline());
  m.urc("POWERED DOWN");
  m.urc('+QIURC: "pdpdeact",1', 10);
  m.urc("+QMTSTAT: 0,1", 20);
  m.run(100, 1);
  assert.is(m.modem.stats.staleUrcs, 2);
  assert.is(m.modem.stats.pdpDrops + m.modem.stats.mqttDrops, 0);
});

test("once a power cycle starts, URCs about the old link are stale", () => {
  const m = new Keyed({ linkCheckMs: 1000 });
  m.modem.start();
  assert.ok(m.runUntilOnline());
  m.dead = true;
  while (m.modem.stateName !== "powering-off" && m.clock.t < 120000) m.run(10);
  assert.is(m.modem.reason, "module stopped answering");
  const drops = m.modem.stats.mqttDrops;
  m.urc('+QIURC: "pdpdeact",1');
  m.urc("+QMTSTAT: 0,1", 10);
  m.run(100, 1);
  assert.is(m.modem.stats.staleUrcs, 2);
  assert.equal([m.modem.stats.pdpDrops, m.modem.stats.mqttDrops], [0, drops]);
});

test.run();
