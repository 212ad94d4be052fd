// modem=auto: ATI binds the identified dialect's URC table and recovery commands in place of
// the defaults the runner started with; the rebound ones must work like the defaults.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { ModemConfig } from "../../src/modem/config";
import { ScriptedModem } from "./scripted-modem";

function identified(overrides: Partial<ModemConfig> = {}): ScriptedModem {
  const m = new ScriptedModem({ modem: "auto", linkCheckMs: 1e9, ...overrides });
  m.modem.start();
  assert.ok(m.runUntilOnline(), "online");
  assert.ok(m.take().includes("ATI"));
  return m;
}

test("modem=auto: a line no URC of the identified dialect knows is passed over, and a close is answered", () => {
  const m = identified();
  m.urc("+QIND: SMS DONE");
  m.run(100);
  assert.ok(m.modem.online);
  m.take();
  m.urc("+QMTSTAT: 0,1");
  m.run(20);
  assert.ok(m.runUntilOnline(), "the table still works after it");
  assert.is(m.modem.stats.mqttDrops, 1);
  assert.equal(m.take(true).slice(0, 2), ["AT+QMTCLOSE", "AT+QMTOPEN"], "the identified dialect's close, answered");
});

test("modem=auto: a pdpdeact deactivates with the identified dialect's command and comes back online", () => {
  const m = identified();
  m.urc('+QIURC: "pdpdeact",1');
  m.run(100);
  assert.ok(m.runUntilOnline(60000));
  assert.equal(m.take(true).slice(0, 2), ["AT+QIDEACT", "AT+CEREG?"]);
});

test("modem=auto: a power-down answered OK without POWERED DOWN is followed by the PWRKEY pulse after powerOffWaitMs", () => {
  const deny = (cmd: string): string => `\r\n${cmd.slice(2, -1)}: 0,3\r\n\r\nOK\r\n`;
  const m = new ScriptedModem({ modem: "auto", registrationDeadlineMs: 5000, powerOffWaitMs: 7000 });
  m.script.push(["AT+CEREG?", deny], ["AT+CGREG?", deny], ["AT+CREG?", deny], ["AT+QPOWD", "\r\nOK\r\n"]);
  m.modem.start();
  while (!m.commands.includes("AT+QPOWD=1") && m.clock.t < 60000) m.run(1, 1);
  assert.ok(m.commands.includes("ATI"));
  m.run(6900, 1);
  assert.is(m.pwrkeyPulses, 0);
  m.run(1000, 1);
  assert.is(m.pwrkeyPulses, 1);
});

test.run();
