import { test } from "uvu";
import * as assert from "uvu/assert";
import { okThen, ScriptedModem } from "./scripted-modem";

function online(overrides = {}): ScriptedModem {
  return new ScriptedModem(overrides).startOnline();
}

const REOPEN = ["AT+QMTCLOSE", "AT+QMTOPEN", "AT+QMTCONN", "AT+QMTSUB"];

for (const code of [1, 2, 3, 4, 5, 6, 7, 8]) {
  test(`+QMTSTAT: 0,${code} closes MQTT: close, reopen, reconnect, resubscribe`, () => {
    const m = online();
    m.urc(`+QMTSTAT: 0,${code}`);
    m.run(20);
    assert.is(m.modem.stateName, "recovering");
    assert.ok(m.runUntilOnline());
    assert.equal(m.take(true), REOPEN);
    assert.is(m.modem.stats.mqttDrops, 1);
  });
}

test("a stale +QMTSTAT (client already closed, or another client) is ignored", () => {
  const m = online();
  m.urc("+QMTSTAT: 3,1");
  m.run(100);
  assert.ok(m.modem.online);
  m.urc("+QMTSTAT: 0,1");
  m.run(20);
  m.urc("+QMTSTAT: 0,1");
  m.run(20);
  assert.ok(m.runUntilOnline());
  assert.equal(m.take(true), REOPEN);
  assert.is(m.modem.stats.staleUrcs, 2);
});

test('+QIURC: "pdpdeact": deactivate, check registration, reactivate, reopen MQTT', () => {
  const m = online();
  m.urc('+QIURC: "pdpdeact",1');
  m.run(20);
  assert.match(m.modem.reason, /reactivate pdp/);
  assert.ok(m.runUntilOnline());
  const cmds = m.take(true);
  assert.equal(cmds.slice(0, 4), ["AT+QIDEACT", "AT+CEREG?", "AT+QIACT?", "AT+QIACT"]);
  assert.ok(cmds.includes("AT+QMTOPEN"));
});

test("+CEREG loss: offline until registered again, then back online", () => {
  const m = online({ registrationPollMs: 1000 });
  let searching = true;
  const reg = (cmd: string) => `\r\n${cmd.slice(2, -1)}: 0,${searching ? 2 : 1}\r\n\r\nOK\r\n`;
  m.script.push(["AT+CEREG?", reg], ["AT+CGREG?", reg], ["AT+CREG?", reg]);
  m.urc("+CEREG: 2");
  m.run(5000);
  assert.is(m.modem.stateName, "registering");
  assert.is(m.modem.stats.registrationLosses, 1);
  searching = false;
  m.urc("+CEREG: 1");
  assert.ok(m.runUntilOnline());
});

test("+CEREG loss during a reopen's backoff: the close is still sent, then registration, then the reopen", () => {
  const m = online({ backoffMinMs: 4000 });
  m.urc("+QMTSTAT: 0,1");
  m.run(100);
  assert.is(m.modem.stateName, "recovering");
  assert.equal(m.take(), [], "still in the backoff");
  m.urc("+CEREG: 2");
  m.run(100);
  m.urc("+CEREG: 1");
  assert.ok(m.runUntilOnline());
  const cmds = m.take(true);
  assert.equal(cmds.slice(0, 2), ["AT+QMTCLOSE", "AT+CEREG?"], cmds.join(" "));
  assert.ok(cmds.indexOf("AT+QMTOPEN") > cmds.indexOf("AT+QIACT?"), "registration and PDP checked before the reopen");
  assert.is(m.modem.stats.registrationLosses, 1);
});

test("pdpdeact during a reopen's backoff: close, then deactivate, then bring-up from registration", () => {
  const m = online({ backoffMinMs: 4000 });
  m.urc("+QMTSTAT: 0,1");
  m.run(100);
  m.urc('+QIURC: "pdpdeact",1');
  assert.ok(m.runUntilOnline());
  assert.equal(m.take(true).slice(0, 4), ["AT+QMTCLOSE", "AT+QIDEACT", "AT+CEREG?", "AT+QIACT?"]);
  assert.is(m.modem.stats.pdpDrops, 1);
});

test("a spontaneous RDY (module rebooted) re-applies every setting", () => {
  const m = online();
  m.urc("RDY");
  m.run(10);
  assert.not.ok(m.modem.online);
  assert.ok(m.runUntilOnline());
  const cmds = m.take(true);
  for (const c of ["ATE0", "AT+CMEE", "AT+QICSGP", "AT+QMTCFG", "AT+QMTOPEN", "AT+QMTCONN"]) assert.ok(cmds.includes(c), c);
  assert.is(cmds.filter((c) => c === "AT+QMTCFG").length, 4);
  assert.is(m.modem.stats.reboots, 1);
});

/** The module's answer with echo on: the command line comes back first. */
const echoed = (cmd: string): string => cmd + "\r\r\nOK\r\n";

test("a module that restarted unseen (its RDY lost) is known by its echo at the next link check, and every setting re-applied", () => {
  const m = online({ linkCheckMs: 60000 });
  m.script.push(["AT+QMTCONN?", echoed]);
  m.run(61000, 20);
  m.script.length = 0;
  assert.ok(m.logs.includes("warn: module restarted unseen (it echoes commands again): re-applying all settings"), m.logs.join("\n"));
  assert.is(m.modem.stats.reboots, 1);
  assert.ok(m.runUntilOnline());
  const cmds = m.take(true);
  assert.is(cmds.indexOf("ATE0"), 1, cmds.join(" "));
  assert.is(cmds.filter((c) => c === "AT+QMTCFG").length, 4, "recv mode and the rest, all again");
});

test("an echo in the middle of bring-up, past the SIM step, starts it over from ATE0", () => {
  const m = new ScriptedModem();
  m.script.push(["AT+QMTCFG", (cmd, s) => void (s.script.length = 0, s.say(echoed(cmd)))]);
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.is(m.modem.stats.reboots, 1);
  const cmds = m.take(true);
  assert.is(cmds.filter((c) => c === "ATE0").length, 2, cmds.join(" "));
});

test("echo before ATE0 has gone through is a module's default, not a restart", () => {
  const m = new ScriptedModem();
  m.script.push(["ATE0", echoed]);
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.is(m.modem.stats.reboots, 0);
  assert.not.ok(m.logs.some((l) => /unseen/.test(l)), m.logs.join("\n"));
});

test("RDY in the middle of a command aborts it and starts over; the aborted command is no failure of its step (no backoff before the settings are re-applied)", () => {
  const m = new ScriptedModem();
  m.script.push(["AT+QIACT=1", (_c, s) => void s.urc("RDY", 10)]);
  m.modem.start();
  m.run(200);
  m.script.length = 0;
  assert.ok(m.runUntilOnline());
  assert.ok(m.modem.stats.reboots >= 1);
  assert.ok(m.logs.some((l) => /module rebooted/.test(l)));
  assert.not.ok(m.states.some((x) => x.startsWith("backoff")), m.states.join("\n"));
});

test("a link check the runner aborts for a PDP loss is no MQTT failure: one recovery, no reopen from the check", () => {
  const m = online({ linkCheckMs: 60000 });
  m.script.push(["AT+QMTCONN?", (_c, s) => void s.urc('+QIURC: "pdpdeact",1', 10)]);
  m.run(61000, 20);
  m.script.length = 0;
  assert.ok(m.runUntilOnline());
  assert.not.ok(m.states.some((x) => x.includes("link check")), m.states.join("\n"));
  assert.equal([m.modem.stats.pdpDrops, m.modem.stats.mqttDrops], [1, 0]);
});

test("POWERED DOWN: the module is pulsed back on", () => {
  const m = online();
  m.urc("POWERED DOWN");
  m.run(20);
  m.powered = false;
  assert.is(m.modem.stateName, "off");
  assert.ok(m.runUntilOnline());
  assert.is(m.pwrkeyPulses, 1);
});

test("+CPIN: NOT READY: back to the SIM step", () => {
  const m = online({ simRetryMs: 2000 });
  m.urc("+CPIN: NOT READY");
  m.run(20);
  assert.is(m.modem.stateName, "no-sim");
  assert.ok(m.runUntilOnline());
  assert.equal(m.take(true)[0], "AT+CPIN?");
});

test("a module that stops answering is power-cycled (QPOWD, then PWRKEY)", () => {
  const m = online({ linkCheckMs: 1000 });
  m.dead = true;
  m.run(40000);
  assert.ok(m.modem.stats.commandTimeouts >= 4);
  assert.ok(m.states.some((s) => s.startsWith("powering-off module stopped answering")));
  assert.ok(m.pwrkeyPulses >= 1);
  m.dead = false;
  m.powered = false;
  assert.ok(m.runUntilOnline(200000));
});

test("QMTOPEN result 2 (identifier occupied): close then reopen", () => {
  const m = new ScriptedModem();
  m.script.push(["AT+QMTOPEN=", okThen((n) => `+QMTOPEN: 0,${n === 0 ? 2 : 0}`)]);
  m.modem.start();
  assert.ok(m.runUntilOnline());
  const cmds = m.take(true);
  const open = cmds.indexOf("AT+QMTOPEN");
  assert.equal(cmds.slice(open, open + 3), ["AT+QMTOPEN", "AT+QMTCLOSE", "AT+QMTOPEN"]);
});

test("QMTOPEN result 3 (PDP failed): reactivate PDP", () => {
  const m = new ScriptedModem();
  m.script.push(["AT+QMTOPEN=", okThen((n) => `+QMTOPEN: 0,${n === 0 ? 3 : 0}`)]);
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.ok(m.take(true).includes("AT+QIDEACT"));
});

for (const code of [-1, 4, 5]) {
  test(`QMTOPEN result ${code}: retried after a backoff`, () => {
    const m = new ScriptedModem();
    m.script.push(["AT+QMTOPEN=", okThen((n) => `+QMTOPEN: 0,${n < 2 ? code : 0}`)]);
    m.modem.start();
    assert.ok(m.runUntilOnline());
    assert.is(m.take(true).filter((c) => c === "AT+QMTOPEN").length, 3);
    assert.ok(m.states.some((s) => s.startsWith("backoff mqtt open retry 1")));
  });
}

test("QMTOPEN result 1 (wrong parameter): config-error state with a long backoff", () => {
  const m = new ScriptedModem();
  m.script.push(["AT+QMTOPEN=", okThen("+QMTOPEN: 0,1")]);
  m.modem.start();
  m.run(60000);
  assert.is(m.modem.stateName, "config-error");
  assert.is(m.commands.filter((c) => c.startsWith("AT+QMTOPEN")).length, 1);
});

for (const ret of [4, 5]) {
  test(`CONNACK ${ret}: auth-failed, long backoff, no hammering`, () => {
    const m = new ScriptedModem();
    m.script.push(["AT+QMTCONN=", okThen(`+QMTCONN: 0,2,${ret}`)]);
    m.modem.start();
    m.run(3600 * 1000, 1000);
    assert.is(m.modem.stateName, "auth-failed");
    const attempts = m.commands.filter((c) => c.startsWith("AT+QMTCONN=")).length;
    assert.ok(attempts >= 2 && attempts <= 6, "attempts in an hour: " + attempts);
    assert.is(m.modem.stats.authFailures, attempts);
    assert.is(m.modem.reason, "broker refused the device credentials");
    assert.is(m.pwrkeyPulses, 0);
  });
}

test("repeated MQTT failures escalate: reopen, then PDP, then power cycle", () => {
  const m = new ScriptedModem();
  m.script.push(["AT+QMTCONN=", okThen("+QMTCONN: 0,2,3")]);
  m.modem.start();
  m.run(30 * 60 * 1000, 100);
  assert.ok(m.commands.includes("AT+QMTCLOSE=0"));
  assert.ok(m.commands.includes("AT+QIDEACT=1"));
  assert.ok(m.commands.includes("AT+QPOWD=1"));
  assert.ok(m.modem.stats.powerCycles >= 1);
});

test("a link that drops right after connecting (second login) backs off more each time", () => {
  const m = online();
  const opens: number[] = [];
  m.script.push([
    "AT+QMTSUB=",
    (cmd, s) => {
      const id = cmd.split(",")[1];
      s.urc(`+QMTSUB: 0,${id},0,0`, 30);
      if (cmd.includes("post_reply")) s.urc("+QMTSTAT: 0,1", 200);
      return "\r\nOK\r\n";
    },
  ]);
  const openOk = okThen("+QMTOPEN: 0,0");
  m.script.push([
    "AT+QMTOPEN=",
    (cmd, s) => {
      opens.push(s.clock.t);
      return typeof openOk === "string" ? openOk : openOk(cmd, s);
    },
  ]);
  m.urc("+QMTSTAT: 0,1");
  m.run(10 * 60 * 1000, 50);
  const gaps = opens.slice(1).map((t, i) => t - opens[i]);
  assert.ok(gaps.length >= 4, String(gaps));
  assert.ok(gaps[3] > gaps[0] * 3, "gaps grow: " + gaps.join(","));
  assert.ok(opens.length < 40, "no hammering: " + opens.length + " opens in 10 minutes");
});

test("link check: +QMTCONN? not connected (state 1) reopens MQTT", () => {
  const m = online({ linkCheckMs: 10000 });
  m.script.push(["AT+QMTCONN?", "\r\n+QMTCONN: 0,1\r\n\r\nOK\r\n"]);
  m.run(10100);
  m.script.length = 0;
  assert.ok(m.runUntilOnline());
  assert.equal(m.take(true).slice(0, 2), ["AT+QMTCONN?", "AT+QMTCLOSE"]);
});

test("link check every linkCheckMs while idle", () => {
  const m = online({ linkCheckMs: 10000 });
  m.run(35000);
  assert.equal(m.take(true), ["AT+QMTCONN?", "AT+QMTCONN?", "AT+QMTCONN?"]);
  assert.ok(m.modem.online);
});

test("a link check answered ERROR is no confirmation, whatever line came before it: MQTT is reopened", () => {
  const m = online({ linkCheckMs: 10000 });
  m.script.push(["AT+QMTCONN?", "\r\n+QMTCONN: 0,3\r\n\r\nERROR\r\n"]);
  m.run(10100);
  m.script.length = 0;
  assert.is(m.modem.stats.mqttDrops, 1);
  assert.ok(m.runUntilOnline());
  assert.equal(m.take(true).slice(0, 2), ["AT+QMTCONN?", "AT+QMTCLOSE"]);
});

test("a link check reads our client's line only: another client's state after it does not drop the link", () => {
  const m = online({ linkCheckMs: 10000 });
  m.script.push(["AT+QMTCONN?", "\r\n+QMTCONN: 0,3\r\n+QMTCONN: 1,1\r\n\r\nOK\r\n"]);
  m.run(10100);
  assert.ok(m.modem.online);
  assert.is(m.modem.stats.mqttDrops, 0);
  assert.equal(m.take(true), ["AT+QMTCONN?"]);
});

test("the reopen after a failed link check says which state the module reported (-1: none)", () => {
  const m = online({ linkCheckMs: 10000, backoffMinMs: 4000 });
  m.script.push(["AT+QMTCONN?", "\r\n+QMTCONN: 0,1\r\n\r\nOK\r\n"]);
  m.run(10100);
  assert.equal([m.modem.stateName, m.modem.reason], ["recovering", "reopen mqtt: link check: mqtt state 1"]);
  const n = online({ linkCheckMs: 10000, backoffMinMs: 4000 });
  n.script.push(["AT+QMTCONN?", "\r\nOK\r\n"]);
  n.run(10100);
  assert.equal([n.modem.stateName, n.modem.reason], ["recovering", "reopen mqtt: link check: mqtt state -1"]);
});

test("an echo to the SIM query (ATE0 went through before it) is a module that restarted: ATE0 again", () => {
  const m = new ScriptedModem();
  m.script.push(["AT+CPIN?", (cmd, s) => void (s.script.length = 0, s.say(echoed(cmd)))]);
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.is(m.modem.stats.reboots, 1);
  assert.is(m.take(true).filter((c) => c === "ATE0").length, 2);
});

test("an echo while recovering (to the close) is a module that restarted: every setting again", () => {
  const m = online({ backoffMinMs: 4000 });
  m.script.push(["AT+QMTCLOSE", (cmd, s) => void (s.script.length = 0, s.say(echoed(cmd)))]);
  m.urc("+QMTSTAT: 0,1");
  m.run(20);
  assert.ok(m.runUntilOnline());
  assert.is(m.modem.stats.reboots, 1);
  const cmds = m.take(true);
  assert.equal(cmds.slice(0, 2), ["AT+QMTCLOSE", "ATE0"]);
});

test("an echo to the probe is a module's default, not a restart", () => {
  const m = new ScriptedModem();
  m.script.push(["AT", (cmd, s) => void (s.script.length = 0, s.say(echoed(cmd)))]);
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.is(m.modem.stats.reboots, 0);
});

test("RDY while the probe waits is the module booting: expected, no reboot counted", () => {
  const m = new ScriptedModem();
  m.script.push(["AT", (_cmd, s) => void (s.script.length = 0, s.urc("RDY", 50))]);
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.is(m.modem.stats.reboots, 0);
  assert.not.ok(m.logs.some((l) => l.includes("re-applying")), m.logs.join("\n"));
});

test("RDY while waiting to press PWRKEY is a module that came back by itself (a reboot); RDY while the key is held is ours", () => {
  const m = online({ backoffMinMs: 1500 });
  m.urc("POWERED DOWN");
  m.run(100);
  m.urc("RDY");
  m.run(100);
  assert.is(m.modem.stats.reboots, 1, "before the press");
  assert.is(m.pwrkeyPulses, 0);
  assert.ok(m.runUntilOnline());
  m.urc("POWERED DOWN");
  m.run(100);
  m.powered = false;
  while (m.modem.stateName !== "powering-on") m.run(1, 1);
  m.urc("RDY");
  m.run(50, 1);
  assert.is(m.modem.stats.reboots, 1, "during the press");
});

test("a registration loss while a step's command waits for its result drops the command: no retry of it is shown", () => {
  const m = new ScriptedModem({ registrationPollMs: 1000 });
  m.script.push(["AT+QMTCONN=", okThen("+QMTCONN: 0,0,0", 5000)]);
  m.modem.start();
  while (!m.commands.some((c) => c.startsWith("AT+QMTCONN=")) && m.clock.t < 60000) m.run(1, 1);
  m.run(100);
  m.states.length = 0;
  m.script.length = 0;
  m.urc("+CEREG: 2");
  m.run(100);
  assert.equal(m.states, ["registering registration lost (stat 2)"]);
  assert.ok(m.runUntilOnline());
});

test.run();
