// The EC600S's own words beyond the happy path (mutation testing found them unguarded): what
// its steps and recovery commands are called in the log, which line ends a client close, how
// a line whose client or message id or result cannot be read is taken, the optional URC port
// setting, aliauth's client id limit, and the answers its table gives the queries the
// happy path does not ask (registration on CGREG or CREG only, the network's time, an HTTP URL).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { HttpDownload, DownloadOutcome } from "../../src/modem/http-download";
import { LateSubscription } from "../../src/modem/late-subscription";
import { NetworkTime } from "../../src/modem/network-time";
import { QUECTEL_ANSWERS } from "../../src/modem/quectel/answers";
import { okThen, ScriptedModem } from "./scripted-modem";

const NTP_RESPONSE = "/ext/ntp/a1wFylTxYeD/co_0001/response";
const SEARCHING = (cmd: string): string => `\r\n${cmd.slice(2, -1)}: 0,2\r\n\r\nOK\r\n`;

test("recovery commands are named in the log when the module refuses them: mqtt close, pdp deactivate, power off", () => {
  const m = new ScriptedModem({ linkCheckMs: 1e9 }).startOnline();
  m.script.push(["AT+QMTCLOSE", "\r\nERROR\r\n"], ["AT+QIDEACT", "\r\nERROR\r\n"]);
  m.urc(m.answers.mqttClosed);
  m.run(2000);
  assert.ok(m.logs.includes("warn: AT mqtt close -> ERROR"), m.logs.join("\n"));
  assert.ok(m.runUntilOnline());
  m.urc(m.answers.pdpLost);
  m.run(2000);
  assert.ok(m.logs.includes("warn: AT pdp deactivate -> ERROR"), m.logs.join("\n"));

  // Power off: a bring-up that never registers is power-cycled at its deadline.
  const p = new ScriptedModem({ registrationDeadlineMs: 5000, linkCheckMs: 1e9 });
  p.script.push(["AT+CEREG?", SEARCHING], ["AT+CGREG?", SEARCHING], ["AT+CREG?", SEARCHING], ["AT+QPOWD", "\r\nERROR\r\n"]);
  p.modem.start();
  while (!p.commands.includes("AT+QPOWD=1") && p.clock.t < 60000) p.run(10);
  p.run(100);
  assert.ok(p.commands.includes("AT+QPOWD=1"));
  assert.ok(p.logs.includes("warn: AT power off -> ERROR"), p.logs.join("\n"));
});

test("a client close ends on its +QMTCLOSE, not on another line after OK: the client is opened again only after it", () => {
  const m = new ScriptedModem({ linkCheckMs: 1e9 }).startOnline();
  m.script.push([
    "AT+QMTCLOSE",
    (_cmd, s) => {
      s.urc("+CSQ: 20,99", 20);
      s.urc("+QMTCLOSE: 0,0", 3000);
      return "\r\nOK\r\n";
    },
  ]);
  m.urc(m.answers.mqttClosed);
  m.run(2000, 1);
  assert.equal(m.take(true), ["AT+QMTCLOSE"]);
  m.run(1500, 1);
  assert.equal(m.take(), [], "still waiting for +QMTCLOSE");
  m.run(500, 1);
  assert.equal(m.take(true)[0], "AT+QMTOPEN");
});

test("client 1: a link check line whose client id cannot be read is not ours; our line without a state is no state", () => {
  const m = new ScriptedModem({ clientIndex: 1, linkCheckMs: 60000 }).startOnline();
  m.script.push(["AT+QMTCONN?", "\r\n+QMTCONN: ,3\r\n\r\nOK\r\n"]);
  m.run(61000);
  assert.ok(m.states.some((s) => s.includes("reopen mqtt: link check: mqtt state -1")), m.states.join("\n"));

  const n = new ScriptedModem({ clientIndex: 1, linkCheckMs: 60000 }).startOnline();
  n.script.push(["AT+QMTCONN?", "\r\n+QMTCONN: 1\r\n\r\nOK\r\n"]);
  n.run(61000);
  assert.ok(n.states.some((s) => s.includes("reopen mqtt: link check: mqtt state -1")), n.states.join("\n"));
});

/** The bring-up's bare command after the first `prefix`, answered `reply` that once. */
function afterFirst(prefix: string, reply: string, overrides = {}): string {
  const m = new ScriptedModem(overrides);
  m.script.push([
    prefix,
    (_cmd, s) => {
      s.script.length = 0;
      return reply;
    },
  ]);
  m.modem.start();
  assert.ok(m.runUntilOnline(), prefix + ": " + m.modem.stateName + " " + m.modem.reason);
  const cmds = m.take(true);
  return cmds[cmds.indexOf(prefix) + 1];
}

test("+QMTOPEN: an unreadable client id (client 1) or result is no answer: the open is tried again, not taken or reopened", () => {
  assert.is(afterFirst("AT+QMTOPEN", "\r\nOK\r\n\r\n+QMTOPEN: ,0\r\n", { clientIndex: 1 }), "AT+QMTOPEN");
  assert.is(afterFirst("AT+QMTOPEN", "\r\nOK\r\n\r\n+QMTOPEN: 0,x\r\n"), "AT+QMTOPEN");
});

test("+QMTOPEN before OK: a second line without a result does not undo the result that came", () => {
  assert.is(afterFirst("AT+QMTOPEN", "\r\n+QMTOPEN: 0,0\r\n\r\n+QMTOPEN: 0\r\n\r\nOK\r\n"), "AT+QMTCONN");
});

test("+QMTCONN: an unreadable client id (client 1) is no answer: the client is reopened, not taken as connected", () => {
  assert.is(afterFirst("AT+QMTCONN", "\r\nOK\r\n\r\n+QMTCONN: ,0,0\r\n", { clientIndex: 1 }), "AT+QMTCLOSE");
});

test("+QMTCONN before OK: a second line without a result does not undo the result that came", () => {
  assert.is(afterFirst("AT+QMTCONN", "\r\n+QMTCONN: 0,0,0\r\n\r\n+QMTCONN: 0\r\n\r\nOK\r\n"), "AT+QMTSUB");
});

test("+QMTSUB: an unreadable message id is no answer, even for the first subscribe's id 1: the client is reopened", () => {
  assert.is(afterFirst("AT+QMTSUB", "\r\nOK\r\n\r\n+QMTSUB: 0,,0,0\r\n"), "AT+QMTCLOSE");
});

test("the bring-up names each step in the state it shows (and logs)", () => {
  const m = new ScriptedModem();
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.equal(m.states.slice(m.states.indexOf("configuring echo off")), [
    "configuring echo off",
    "configuring numeric errors",
    "configuring urc port",
    "sim sim",
    "mqtt-config mqtt version",
    "mqtt-config mqtt recv mode",
    "mqtt-config mqtt keepalive",
    "mqtt-config aliauth",
    "pdp apn",
    "registering registration urcs",
    "registering registration",
    "pdp pdp state",
    "pdp pdp activate",
    "mqtt-opening mqtt open",
    "mqtt-connecting mqtt connect",
    "subscribing subscribe",
    "online",
  ]);
});

test("a module without the URC port setting (ERROR) goes on to the SIM: the setting is optional", () => {
  assert.is(afterFirst("AT+QURCCFG", "\r\nERROR\r\n"), "AT+CPIN?");
});

test("with aliauth the client id is at most 64 bytes (the module signs it), whatever the model takes otherwise", () => {
  const ok = new ScriptedModem({ clientId: "d".repeat(64) });
  ok.modem.start();
  assert.ok(ok.runUntilOnline());
  assert.ok(ok.commands.includes(`AT+QMTCONN=0,"${"d".repeat(64)}"`));
  const long = new ScriptedModem({ clientId: "d".repeat(65) });
  long.modem.start();
  long.run(20000);
  assert.is(long.modem.stateName, "config-error");
  assert.not.ok(long.commands.some((c) => c.startsWith("AT+QMTCONN")));
  assert.ok(long.logs.includes("error: AT step refused: string longer than 64 bytes"), long.logs.join("\n"));
});

test("APP RDY while online is a module reboot: counted, logged, and every setting applied again", () => {
  const m = new ScriptedModem({ linkCheckMs: 1e9 }).startOnline();
  m.urc("APP RDY");
  m.run(100);
  assert.is(m.modem.stats.reboots, 1);
  assert.ok(m.logs.includes("warn: module rebooted: re-applying all settings"), m.logs.join("\n"));
  assert.ok(m.runUntilOnline());
  assert.is(m.take()[0], "ATE0", "from the first setting");
});

test("client 1: a +QMTSTAT or failed +QMTPING whose client id cannot be read is not ours: the link stays up", () => {
  for (const urc of ["+QMTSTAT: ,1", "+QMTPING: ,1"]) {
    const m = new ScriptedModem({ clientIndex: 1, linkCheckMs: 1e9 }).startOnline();
    m.urc(urc);
    m.run(100);
    assert.ok(m.modem.online, urc + ": " + m.modem.reason);
    assert.is(m.modem.stats.staleUrcs, 1, urc);
  }
});

test("a failed +QMTPING carries no +QMTSTAT code: the reason says none (-1)", () => {
  const m = new ScriptedModem({ linkCheckMs: 1e9 }).startOnline();
  m.urc("+QMTPING: 0,1");
  m.run(100);
  assert.is(m.modem.reason, "reopen mqtt: closed by the module (-1)");
});

test("a +QIURC without fields is no pdpdeact, even right after one (the fields read are not that line's)", () => {
  const m = new ScriptedModem({ linkCheckMs: 1e9 }).startOnline();
  m.say('\r\n+QIURC: "pdpdeact",1\r\n\r\n+QIURC:\r\n');
  m.run(100);
  assert.is(m.modem.stats.pdpDrops, 1);
  assert.is(m.modem.stats.staleUrcs, 0);
});

test("client 1: a late subscription's result whose client id cannot be read is no grant", () => {
  const m = new ScriptedModem({ clientIndex: 1, linkCheckMs: 1e9 }).startOnline();
  m.script.push(["AT+QMTSUB=", okThen("+QMTSUB: ,65535,0,0")]);
  const sub = new LateSubscription(m.modem, m.config);
  sub.poll(NTP_RESPONSE);
  m.run(300);
  assert.ok(m.take().some((cmd) => cmd.startsWith("AT+QMTSUB=1,65535,")));
  assert.not.ok(sub.subscribed);
});

test("a network that says registered only to CGREG, or only to CREG, is registered (the table's answers)", () => {
  for (const searching of [["AT+CEREG?"], ["AT+CEREG?", "AT+CGREG?"]]) {
    const m = new ScriptedModem({ linkCheckMs: 1e9 });
    for (const q of searching) m.script.push([q, SEARCHING]);
    m.modem.start();
    assert.ok(m.runUntilOnline(), searching.join(",") + ": " + m.modem.stateName + " " + m.modem.reason);
    const regs = m.take().filter((c) => /^AT\+C[EG]?REG\?$/.test(c));
    assert.equal(regs, [...searching, searching.length === 1 ? "AT+CGREG?" : "AT+CREG?"]);
  }
});

test("the table's network time is the NITZ time as UTC", () => {
  const m = new ScriptedModem({ linkCheckMs: 1e9 }).startOnline();
  const got: string[] = [];
  const nt = new NetworkTime(m.modem, 300, (o) => got.push(o));
  assert.ok(nt.query());
  m.run(100);
  assert.equal(m.take(), ["AT+QLTS=1"]);
  assert.equal(got, ["time"]);
  assert.is(nt.utcMs, Date.UTC(2026, 11, 7, 2, 42, 30));
});

test("the table's entries are each for their own command: one it does not list matches none (the fakes answer it OK alone)", () => {
  const matching = (cmd: string): string[] => QUECTEL_ANSWERS.answers.filter((a) => new RegExp(a.match).test(cmd)).map((a) => a.match);
  for (const cmd of ["ATE0", "AT+QIDEACT=1", 'AT+QMTCFG="version",0,4']) assert.equal(matching(cmd), [], cmd);
  assert.equal(matching("AT+QLTS=1"), ["^AT\\+QLTS=1$"]);
});

test("the table takes a download's URL after CONNECT and answers OK: the GET follows", () => {
  const url = "http://ota.example.com/fw.bin";
  const m = new ScriptedModem({ linkCheckMs: 1e9 }).startOnline();
  m.script.push(["AT+QHTTPGET=", okThen("+QHTTPGET: 0,404,0")]);
  const d = new HttpDownload(m.modem, m.clock, 2048);
  const ends: Array<[DownloadOutcome, number]> = [];
  d.start(url, { begin: () => false, data: () => undefined, end: (o, n) => ends.push([o, n]) });
  for (let i = 0; i < 400 && ends.length === 0; i++) {
    d.poll();
    m.run(5);
  }
  assert.equal(m.dataSeen, [url]);
  assert.ok(m.take().includes("AT+QHTTPGET=80"));
  assert.equal(ends, [["refused", 404]]);
});

test.run();
