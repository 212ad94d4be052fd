// The runner's rules that its suites left unpinned (mutation testing found each one): what an
// IMEI is, what the runner shows before it starts, and URCs about a link it has not opened.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { NetworkTime } from "../../src/modem/network-time";
import * as O from "../../src/modem/outcome";
import { EC600S } from "../../src/modem/quectel/dialect";
import { PUBLISH_STATE } from "../../src/modem/queue";
import * as S from "../../src/modem/states";
import { Step, step } from "../../src/modem/step";
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

test("a pdpdeact during bring-up, before the context was activated, is stale: no recovery", () => {
  const m = new ScriptedModem();
  m.script.push([
    "AT+QICSGP",
    (_cmd, s) => {
      s.urc('+QIURC: "pdpdeact",1');
      return "\r\nOK\r\n";
    },
  ]);
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.is(m.modem.stats.staleUrcs, 1);
  assert.is(m.modem.stats.pdpDrops, 0);
});

test("the recovery delay is the backoff's with the given random source (jitter from the options, not Math.random)", () => {
  const m = new ScriptedModem({ linkCheckMs: 1e9 });
  m.modem.start();
  assert.ok(m.runUntilOnline());
  m.take();
  m.urc("+QMTSTAT: 0,1");
  m.run(m.latency);
  const dropped = m.clock.t;
  while (!m.commands.some((c) => c.startsWith("AT+QMTCLOSE"))) m.run(1, 1);
  // random() is 0.5: half the minimum fixed, a quarter of it from the jitter.
  assert.is(m.clock.t - dropped, m.config.backoffMinMs * 0.75);
});

test("MQTT failures before the link was ever up escalate to PDP, however late after start they come", () => {
  const m = new ScriptedModem();
  m.clock.t = 10 * m.config.stableOnlineMs;
  m.script.push(["AT+QMTOPEN", "\r\nERROR\r\n"]);
  m.modem.start();
  m.run(60000);
  assert.ok(m.take(true).includes("AT+QIDEACT"), "reactivated after " + m.config.mqttFailuresBeforePdp + " failed reopens");
});

test("an explicit dialect is used as given, even with modem=auto in the config: no ATI", () => {
  const m = new ScriptedModem({ modem: "auto" }, { dialect: EC600S });
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.equal(m.take().slice(0, 2), ["AT", "ATE0"]);
});

test("warnings name the command: a silent module's probe, a step's ERROR", () => {
  const silent = new ScriptedModem();
  silent.dead = true;
  silent.modem.start();
  silent.run(1000);
  assert.ok(silent.logs.includes("warn: AT probe timed out"), silent.logs.join("\n"));
  const m = new ScriptedModem();
  m.script.push(["AT+QICSGP", "\r\nERROR\r\n"]);
  m.modem.start();
  m.run(3000);
  assert.ok(m.logs.includes("warn: AT step -> ERROR"), m.logs.join("\n"));
});

test("stepName: the step in progress, none once online", () => {
  const m = new ScriptedModem();
  const names = new Set<string>();
  m.modem.start();
  while (!m.modem.online && m.clock.t < 60000) {
    m.run(5);
    names.add(m.modem.stepName);
  }
  assert.ok(names.has("registration") && names.has("mqtt open") && names.has("subscribe"), [...names].join(","));
  assert.is(m.modem.stepName, "");
});

test("writable(): a UART that took part of a line gets the rest at once, not at the next poll", () => {
  class SlowUart extends ScriptedModem {
    accept = 1;
    override write(bytes: Uint8Array, offset: number, length: number): number {
      const n = Math.min(length, this.accept);
      return super.write(bytes, offset, n);
    }
  }
  const m = new SlowUart();
  m.modem.start();
  assert.equal(m.commands, []);
  m.accept = 100;
  m.modem.writable();
  assert.equal(m.commands, ["AT"]);
});

test("a phase timer that comes due while a capability beside the runner holds the engine waits for it", () => {
  const m = new ScriptedModem({ registrationPollMs: 1000 });
  let searching = 3;
  m.script.push([
    "AT+CEREG?",
    () => `\r\n+CEREG: 0,${searching-- > 0 ? 2 : 1}\r\n\r\nOK\r\n`,
  ]);
  m.script.push([
    "AT+QLTS",
    (_cmd, s) => {
      s.say('\r\n+QLTS: "2026/12/07,02:42:30+32,0"\r\n\r\nOK\r\n', 2500);
      return undefined;
    },
  ]);
  const got: string[] = [];
  const nt = new NetworkTime(m.modem, 5000, (o) => got.push(o));
  m.modem.start();
  while ((m.modem.stepName !== "registration" || m.modem.engine.busy) && m.clock.t < 60000) m.run(5);
  assert.ok(nt.query(), "the engine is free between registration polls");
  m.run(3000);
  assert.equal(got, ["time"]);
  assert.ok(m.runUntilOnline());
  assert.not.ok(m.states.some((x) => x.startsWith("config-error")), m.states.join(", "));
});

test("release: the reason says so while it closes", () => {
  const m = new ScriptedModem({ linkCheckMs: 1e9 });
  m.modem.start();
  assert.ok(m.runUntilOnline());
  m.modem.release();
  assert.equal([m.modem.stateName, m.modem.reason], ["recovering", "release"]);
});

test("RDY after our own PWRKEY pulse is expected (no reboot counted, no warning); a pdpdeact for another context is stale", () => {
  const m = new ScriptedModem({ linkCheckMs: 1e9 });
  m.powered = false;
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.is(m.modem.stats.reboots, 0);
  assert.not.ok(m.logs.some((l) => l.includes("rebooted")), m.logs.join("\n"));
  m.urc('+QIURC: "pdpdeact",2');
  m.run(100);
  assert.ok(m.modem.online);
  assert.is(m.modem.stats.staleUrcs, 1);
  m.urc("RDY");
  m.run(100);
  assert.is(m.modem.stats.reboots, 1);
});

test("warnings name the runner's other commands: the link check, ATI, AT+CGSN", () => {
  const m = new ScriptedModem({ linkCheckMs: 1000 });
  m.modem.start();
  assert.ok(m.runUntilOnline());
  m.script.push(["AT+QMTCONN?", () => undefined]);
  m.run(1000 + m.config.atTimeoutMs + 100);
  assert.ok(m.logs.includes("warn: AT link check timed out"), m.logs.join("\n"));
  const auto = new ScriptedModem({ modem: "auto" });
  auto.script.push(["ATI", () => undefined]);
  auto.modem.start();
  auto.run(auto.config.atTimeoutMs + 500);
  assert.ok(auto.logs.includes("warn: AT identify timed out"), auto.logs.join("\n"));
  const imei = new ScriptedModem({}, { readImei: true });
  imei.script.push(["AT+CGSN", "\r\nERROR\r\n"]);
  imei.modem.start();
  imei.run(500);
  assert.ok(imei.logs.includes("warn: AT imei -> ERROR"), imei.logs.join("\n"));
});

test("message ids a step draws count 1 to 65535, then start again at 1", () => {
  const ids: number[] = [];
  const draw = step("ids", S.MODEM_CONFIGURING, (b) => b.begin("AT"), {
    prepare: (ctx) => {
      for (let i = 0; i < 65537; i++) ids.push(ctx.nextMsgId());
      return true;
    },
  });
  const m = new ScriptedModem({}, { dialect: { ...EC600S, steps: [draw] } });
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.equal(ids.slice(0, 2), [1, 2]);
  assert.equal(ids.slice(65533), [65534, 65535, 1, 2]);
});

test("the console's log says what was identified and which IMEI was read", () => {
  const m = new ScriptedModem({ modem: "auto" }, { readImei: true });
  m.script.push(["AT+CGSN", "\r\n861234567890123\r\n\r\nOK\r\n"]);
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.ok(m.logs.includes("info: modem identified: EC600S EC600SCNLAR01A01M08 (ec600s)"), m.logs.join("\n"));
  assert.ok(m.logs.includes("info: modem IMEI 861234567890123"), m.logs.join("\n"));
  assert.ok(m.states.includes("configuring imei"), m.states.join(", "));
});

test("an ATI that never ended OK is not trusted: after three, its lines are dropped and the module runs as an unknown EC600S", () => {
  const m = new ScriptedModem({ modem: "auto" });
  // A SIMCom's lines each time, but the OK lost: the answer may be cut short, or not ATI's.
  m.script.push(["ATI", "\r\nManufacturer: SIMCOM INCORPORATED\r\nModel: A7670C-LASE\r\nRevision: A7670M7_V1.11.1\r\n"]);
  m.modem.start();
  m.run(3 * (m.config.atTimeoutMs + m.config.backoffMinMs) + 500);
  assert.is(m.commands.filter((c) => c === "ATI").length, 3);
  assert.ok(m.logs.includes("warn: modem: unknown module (no model in ATI): run as an EC600S"), m.logs.join("\n"));
  assert.is(m.modem.dialect.name, "ec600s");
  assert.equal(m.modem.identity, { model: "", revision: "", imei: "" });
});

test("readImei: digits in an AT+CGSN answer that never ended OK are not taken for the IMEI", () => {
  const m = new ScriptedModem({}, { readImei: true });
  m.script.push(["AT+CGSN", "\r\n861234567890123\r\n"]);
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.is(m.modem.identity.imei, "");
  assert.ok(m.logs.includes("warn: modem: no IMEI in the answer to AT+CGSN"), m.logs.join("\n"));
});

test("a URC while PWRKEY is held does not cut the pulse short", () => {
  const m = new ScriptedModem();
  // Hung: no answer to AT, but it still reports the SIM and the network.
  m.dead = true;
  m.modem.start();
  while (m.modem.stateName !== "powering-on" && m.clock.t < 10000) m.run(1, 1);
  m.urc("+CPIN: NOT READY", 100);
  m.urc("+CEREG: 0", 200);
  m.run(2000, 1);
  assert.equal(m.pwrkeyHeldMs, [m.config.pwrkeyPulseMs]);
});

test("a booting module's URCs before RDY do not start the probe: nothing is sent until RDY", () => {
  const m = new ScriptedModem();
  m.powered = false;
  m.modem.start();
  while (m.modem.stateName !== "booting" && m.clock.t < 10000) m.run(1, 1);
  m.take();
  m.urc("+CPIN: NOT READY", 500);
  m.urc("+CEREG: 0", 1000);
  m.run(m.bootMs - 100, 1);
  assert.equal(m.take(), [], "nothing before RDY");
  assert.ok(m.runUntilOnline());
  assert.is(m.modem.stats.reboots, 0);
  assert.not.ok(m.logs.some((l) => l.includes("re-applying")), m.logs.join("\n"));
});

test("a SIM lost during bring-up past the SIM step: no-sim, and the SIM is asked again after simRetryMs", () => {
  const m = new ScriptedModem({ simRetryMs: 4000, linkCheckMs: 1e9 });
  m.script.push(["AT+CEREG?", "\r\n+CEREG: 0,2\r\n\r\nOK\r\n"], ["AT+CGREG?", "\r\n+CGREG: 0,2\r\n\r\nOK\r\n"], ["AT+CREG?", "\r\n+CREG: 0,2\r\n\r\nOK\r\n"]);
  m.modem.start();
  while (m.modem.stepName !== "registration" && m.clock.t < 10000) m.run(1, 1);
  m.urc("+CPIN: NOT READY", 1500);
  m.run(1600, 1);
  assert.equal([m.modem.stateName, m.modem.reason], ["no-sim", "insert or unlock the SIM"]);
  m.take();
  m.script.splice(0);
  m.run(4100, 1);
  assert.is(m.take()[0], "AT+CPIN?");
  assert.ok(m.runUntilOnline());
});

test("a PDP context lost during bring-up, after activation: the context is reactivated, not waited out", () => {
  const m = new ScriptedModem({ linkCheckMs: 1e9 });
  m.script.push([
    "AT+QMTOPEN=",
    (_cmd, s) => {
      s.script.splice(0);
      s.urc('+QIURC: "pdpdeact",1', 50);
      return "\r\nOK\r\n";
    },
  ]);
  m.modem.start();
  while (!m.commands.some((c) => c.startsWith("AT+QMTOPEN=")) && m.clock.t < 20000) m.run(1, 1);
  m.run(100, 1);
  assert.is(m.modem.stats.pdpDrops, 1);
  assert.equal([m.modem.stateName, m.modem.reason], ["recovering", "reactivate pdp: network deactivated pdp"]);
  assert.ok(m.runUntilOnline());
  assert.ok(m.take(true).includes("AT+QIDEACT"));
});

test("our context listed active first and another after it: activation is skipped, and a pdpdeact once online is news", () => {
  const m = new ScriptedModem({ linkCheckMs: 1e9 });
  m.script.push(["AT+QIACT?", '\r\n+QIACT: 1,1,1,"10.189.73.246"\r\n+QIACT: 2,1,1,"10.7.0.1"\r\n\r\nOK\r\n']);
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.not.ok(m.take().includes("AT+QIACT=1"), "activation skipped");
  m.urc('+QIURC: "pdpdeact",1');
  m.run(100);
  assert.is(m.modem.stats.pdpDrops, 1);
  assert.is(m.modem.stats.staleUrcs, 0);
  assert.is(m.modem.stateName, "recovering");
});

test("a step's bytes that do not fit (none to send) are a config error: the command is not sent", () => {
  for (const extra of [{ data: () => 0 }, { file: () => new Uint8Array(0) }] as Partial<Step>[]) {
    const m = new ScriptedModem({}, { dialect: { ...EC600S, steps: [step("topic", S.MODEM_SUBSCRIBING, (b) => b.begin("AT+TOPIC"), extra)] } });
    m.modem.start();
    m.run(1000);
    assert.equal([m.modem.stateName, m.modem.reason], ["config-error", "topic"]);
    assert.not.ok(m.commands.includes("AT+TOPIC"), m.commands.join(" "));
  }
});

test("a dialect bug (an outcome or escalation the runner does not know) power-cycles the module rather than hang, naming the step", () => {
  const unknown = 99 as unknown as O.Escalation;
  const outcome = new ScriptedModem({}, { dialect: { ...EC600S, steps: [step("odd", S.MODEM_CONFIGURING, (b) => b.begin("AT"), { done: () => unknown })] } });
  outcome.modem.start();
  outcome.run(1000);
  assert.ok(outcome.states.includes("powering-off odd: unknown outcome"), outcome.states.join(", "));
  const escalation = new ScriptedModem({ stepRetries: 1, backoffMinMs: 100 }, { dialect: { ...EC600S, steps: [step("odd", S.MODEM_CONFIGURING, (b) => b.begin("AT"), { escalation: unknown, done: () => O.OUTCOME_RETRY })] } });
  escalation.modem.start();
  escalation.run(1000);
  assert.ok(escalation.states.includes("powering-off odd failed"), escalation.states.join(", "));
});

test("a waiting step escalates at its deadline exactly, counted from when the step began (however late that is)", () => {
  // The kth answer comes 5k + 1000(k-1) ms after the step began: the second at the deadline.
  const waiting = step("wait", S.MODEM_REGISTERING, (b) => b.begin("AT+WAIT"), { done: () => O.OUTCOME_WAIT, waitMs: () => 1000, waitDeadlineMs: () => 1010 });
  const m = new ScriptedModem({ linkCheckMs: 1e9 }, { dialect: { ...EC600S, steps: [waiting] } });
  m.clock.t = 50000;
  m.modem.start();
  m.run(1500, 1);
  assert.is(m.commands.filter((c) => c === "AT+WAIT").length, 2);
  assert.equal([m.modem.stateName, m.modem.reason], ["powering-off", "wait deadline"]);
});

test("a close that times out once too often power-cycles after the backoff, not at once", () => {
  const m = new ScriptedModem({ commandTimeoutsBeforePower: 1, backoffMinMs: 4000, linkCheckMs: 1e9 }).startOnline();
  m.script.push(["AT+QMTCLOSE", () => undefined]);
  m.urc("+QMTSTAT: 0,1");
  while (m.modem.stateName !== "powering-off" && m.clock.t < 120000) m.run(1, 1);
  assert.is(m.modem.reason, "module stopped answering");
  const decided = m.clock.t;
  while (!m.commands.includes("AT+QPOWD=1") && m.clock.t < 120000) m.run(1, 1);
  assert.ok(m.clock.t - decided >= 4000, "QPOWD " + (m.clock.t - decided) + " ms after the decision");
});

test("a repeated pdpdeact during the reactivation's backoff is stale: one drop, one reactivation", () => {
  const m = new ScriptedModem({ backoffMinMs: 4000, linkCheckMs: 1e9 }).startOnline();
  m.urc('+QIURC: "pdpdeact",1');
  m.urc('+QIURC: "pdpdeact",1', 500);
  m.run(1000);
  assert.is(m.modem.stats.pdpDrops, 1);
  assert.is(m.modem.stats.staleUrcs, 1);
  assert.not.ok(m.logs.some((l) => l.includes("also")), m.logs.join("\n"));
  assert.ok(m.runUntilOnline());
  assert.is(m.take(true).filter((c) => c === "AT+QIDEACT").length, 1);
});

test("a pdpdeact after a registration loss is stale: the context went with the registration, nothing to reactivate", () => {
  const m = new ScriptedModem({ linkCheckMs: 1e9 }).startOnline();
  m.urc("+CEREG: 0");
  m.urc('+QIURC: "pdpdeact",1', 50);
  m.run(200);
  assert.is(m.modem.stats.staleUrcs, 1);
  assert.is(m.modem.stats.pdpDrops, 0);
  assert.equal([m.modem.stateName, m.modem.reason], ["registering", "registration lost (stat 0)"]);
  assert.ok(m.runUntilOnline());
  assert.not.ok(m.take(true).includes("AT+QIDEACT"));
});

test("the first link check goes exactly linkCheckMs after coming online", () => {
  const m = new ScriptedModem({ linkCheckMs: 30000 });
  m.modem.start();
  while (!m.modem.online && m.clock.t < 60000) m.run(1, 1);
  const up = m.clock.t;
  m.take();
  while (!m.commands.includes("AT+QMTCONN?") && m.clock.t < 120000) m.run(1, 1);
  assert.is(m.clock.t - up, 30000);
});

test("a link check that times out once too often power-cycles the module, with no MQTT reopen on top", () => {
  const m = new ScriptedModem({ commandTimeoutsBeforePower: 1, linkCheckMs: 1000 }).startOnline();
  m.script.push(["AT+QMTCONN?", () => undefined]);
  m.run(1000 + m.config.atTimeoutMs + 100, 1);
  assert.equal([m.modem.stateName, m.modem.reason], ["powering-off", "module stopped answering"]);
  assert.is(m.modem.stats.mqttDrops, 0);
  assert.not.ok(m.take(true).includes("AT+QMTCLOSE"));
});

test("a publish that times out counts toward commandTimeoutsBeforePower: the last one power-cycles the module", () => {
  const m = new ScriptedModem({ commandTimeoutsBeforePower: 1, linkCheckMs: 1e9 }).startOnline();
  m.script.push(["AT+QMTPUBEX", () => undefined]);
  m.modem.publish("/sys/a1wFylTxYeD/co_0001/thing/event/property/post", "{}", PUBLISH_STATE);
  m.run(m.config.atTimeoutMs + 100, 1);
  assert.is(m.modem.stats.commandTimeouts, 1);
  assert.equal([m.modem.stateName, m.modem.reason], ["powering-off", "module stopped answering"]);
  assert.not.ok(m.take(true).includes("AT+QMTCONN?"), "no link check: the module is being power-cycled");
});

test("after a reboot, a pdpdeact during the new bring-up, before activation, is stale: the old context went with the reboot", () => {
  const m = new ScriptedModem({ linkCheckMs: 1e9 }).startOnline();
  m.script.push([
    "AT+QICSGP",
    (_cmd, s) => {
      s.urc('+QIURC: "pdpdeact",1');
      return "\r\nOK\r\n";
    },
  ]);
  m.urc("RDY");
  m.run(20);
  assert.not.ok(m.modem.online, "the reboot was heard");
  assert.ok(m.runUntilOnline());
  assert.is(m.modem.stats.staleUrcs, 1);
  assert.is(m.modem.stats.pdpDrops, 0);
  assert.not.ok(m.take(true).includes("AT+QIDEACT"));
});

test("an echo to the power-down command is no restart: the module is being powered down anyway", () => {
  const m = new ScriptedModem({ commandTimeoutsBeforePower: 1, linkCheckMs: 1000 }).startOnline();
  m.script.push(["AT+QMTCONN?", () => undefined]);
  m.script.push(["AT+QPOWD", (cmd, s) => void (s.script.length = 0, s.say(cmd + "\r\r\nOK\r\n"))]);
  while (!m.commands.includes("AT+QPOWD=1") && m.clock.t < 60000) m.run(1, 1);
  m.take();
  m.run(500, 1);
  assert.is(m.modem.stats.reboots, 0);
  assert.equal(m.take(), [], "no settings re-applied to a module going down");
  assert.is(m.modem.stateName, "powering-off");
});

test("an echo to a publish (a module restarted unseen): the settings are re-applied without waiting out the prompt the publish would have owed", () => {
  const m = new ScriptedModem({ linkCheckMs: 1e9 }).startOnline();
  // The echo, and no answer after it (the restarted module is still busy).
  m.script.push(["AT+QMTPUBEX", (cmd, s) => void (s.script.length = 0, s.say(cmd + "\r\r\n"))]);
  m.modem.publish("/sys/a1wFylTxYeD/co_0001/thing/event/property/post", "{}", PUBLISH_STATE);
  while (!m.commands.some((c) => c.startsWith("AT+QMTPUBEX")) && m.clock.t < 60000) m.run(1, 1);
  const sent = m.clock.t;
  while (!m.commands.includes("ATE0") && m.clock.t < 60000) m.run(1, 1);
  // At most the engine's wait for a late final code (1 s), never the 5 s an owed prompt holds it.
  assert.ok(m.clock.t - sent < 2000, "ATE0 " + (m.clock.t - sent) + " ms after the echoed publish");
  assert.is(m.modem.stats.reboots, 1);
});

test.run();
