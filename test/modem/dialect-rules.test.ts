// What each dialect's table says beyond the happy path, on both dialects (mutation testing
// found it unguarded): the recovery commands' own timeouts (a recovery with a module that
// answers in time counts no timeout), whose answer a link check or a late subscription
// takes, and what a URC in the middle of an answer is.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Dialect } from "../../src/modem/dialect";
import { LateSubscription } from "../../src/modem/late-subscription";
import { NetworkTime } from "../../src/modem/network-time";
import { EC600S } from "../../src/modem/quectel/dialect";
import { quectelMessage } from "../../src/modem/quectel/answers";
import { parseQlts } from "../../src/modem/quectel/network-time";
import { A7670 } from "../../src/modem/simcom/dialect";
import { okThen, ScriptedModem } from "./scripted-modem";

const NTP_RESPONSE = "/ext/ntp/a1wFylTxYeD/co_0001/response";

interface Case {
  dialect: Dialect;
  /** A link check's answer for client `idx` in state `state`. */
  linkAnswer(idx: number, connected: boolean): string;
  linkCheck: string;
  /** What the module says to our late subscription, in the dialect's words: other client, other packet, refused. */
  refusals: string[];
  subscribe: string;
  timeQuery: string;
  timeAnswer: string;
}

const CASES: Case[] = [
  {
    dialect: EC600S,
    linkAnswer: (idx, connected) => `\r\n+QMTCONN: ${idx},${connected ? 3 : 1}\r\n\r\nOK\r\n`,
    linkCheck: "AT+QMTCONN?",
    refusals: ["+QMTSUB: 1,65535,0,0", "+QMTSUB: 0,7,0,0", "+QMTSUB: 0,65535,2", "+QMTSUB: 0,65535,1,0"],
    subscribe: "AT+QMTSUB=",
    timeQuery: "AT+QLTS=1",
    timeAnswer: '\r\n+QLTS: "2026/12/07,02:42:30+32,0"\r\n',
  },
  {
    dialect: A7670,
    linkAnswer: (idx, connected) => `\r\n+CMQTTDISC: ${idx},${connected ? 0 : 1}\r\n\r\nOK\r\n`,
    linkCheck: "AT+CMQTTDISC?",
    refusals: ["+CMQTTSUB: 1,0", "+CMQTTSUB: 0,11"],
    subscribe: "AT+CMQTTSUB=",
    timeQuery: "AT+CCLK?",
    timeAnswer: '\r\n+CCLK: "26/12/07,10:42:30+32"\r\n',
  },
];

function online(dialect: Dialect, overrides = {}): ScriptedModem {
  const m = new ScriptedModem({ linkCheckMs: 1e9, ...overrides }, { dialect, crypto: { hmacSha1Hex: () => "00".repeat(20) } });
  m.modem.start();
  assert.ok(m.runUntilOnline(), dialect.name + ": " + m.modem.stateName + " " + m.modem.reason);
  m.run(200);
  m.take();
  m.dataSeen.length = 0;
  return m;
}

for (const c of CASES) {
  const name = c.dialect.name;

  test(`${name}: recoveries whose commands answer in time count no timeout (each recovery command has its own)`, () => {
    const m = online(c.dialect);
    m.latency = 150; // slower than a poll, well within every timeout
    // The dialect's own fault URCs, from its answer table.
    m.urc(m.answers.mqttClosed);
    m.run(200);
    assert.not.ok(m.modem.online);
    assert.ok(m.runUntilOnline(), "after the reopen");
    m.urc(m.answers.pdpLost);
    m.run(200);
    assert.not.ok(m.modem.online);
    assert.ok(m.runUntilOnline(), "after the reactivation");
    assert.is(m.modem.stats.commandTimeouts, 0, m.logs.filter((l) => l.includes("timed out")).join("\n"));
    assert.is(m.modem.stats.powerCycles, 0);
    assert.equal([m.modem.stats.mqttDrops, m.modem.stats.pdpDrops], [1, 1]);
  });

  test(`${name}: a link check answered for another client is no answer for ours: the client is reopened`, () => {
    const m = online(c.dialect, { linkCheckMs: 60000 });
    m.script.push([c.linkCheck, c.linkAnswer(1, true)]);
    m.run(61000);
    assert.ok(m.take(true).includes(c.linkCheck.replace("?", "") + "?"));
    assert.ok(m.states.some((s) => s.includes("link check: mqtt state -1")), m.states.join("\n"));
    m.script.length = 0;
    assert.ok(m.runUntilOnline());
    m.script.push([c.linkCheck, c.linkAnswer(0, true)]);
    m.states.length = 0;
    m.run(61000);
    assert.ok(m.modem.online, "our client connected: nothing to do");
    assert.equal(m.states, []);
  });

  test(`${name}: a late subscription's result for another client or packet, or with an error, is no grant`, () => {
    for (const refusal of c.refusals) {
      const m = online(c.dialect);
      if (c.dialect === A7670) m.dataResults.push(refusal);
      else m.script.push([c.subscribe, okThen(refusal)]);
      const sub = new LateSubscription(m.modem, m.config);
      sub.poll(NTP_RESPONSE);
      m.run(300);
      assert.ok(m.take().some((cmd) => cmd.startsWith(c.subscribe)));
      assert.not.ok(sub.subscribed, refusal);
    }
  });

  test(`${name}: a URC between the time and OK is the URC table's, not the time`, () => {
    const m = online(c.dialect);
    m.script.push([c.timeQuery, c.timeAnswer + "\r\n+CSQ: 20,99\r\n\r\nOK\r\n"]);
    const got: string[] = [];
    const nt = new NetworkTime(m.modem, 300, (o) => got.push(o));
    assert.ok(nt.query());
    m.run(100);
    assert.equal(got, ["time"]);
    assert.is(nt.utcMs, Date.UTC(2026, 11, 7, 2, 42, 30));
  });
}

test("QLTS: another command's clock line is not +QLTS, however well formed its date", () => {
  assert.ok(isNaN(parseQlts('+CCLK: "2026/12/02,06:40:13+32,0"')));
  assert.ok(isNaN(parseQlts('"2026/12/02,06:40:13+32,0"')));
});

test("ec600s: a +QMTRECV as the answer table frames it is delivered; a lost or oversize one is logged by id and reason", () => {
  const m = online(EC600S, { payloadBytes: 64 });
  m.say(quectelMessage("/t", 7, '{"a":1}'));
  m.say('\r\n+QMTRECV: 0,7,"/t",20,"{"PowerSwitch_1":1}"\r\n\r\nOK\r\n');
  m.say('\r\n+QMTRECV: 0,8,"/t",900,"' + "x".repeat(900) + '"\r\n');
  m.run(100);
  assert.equal(m.messages, [["/t", '{"a":1}']]);
  assert.ok(m.logs.includes("warn: dropped +QMTRECV 0,7: corrupt (bytes lost)"), m.logs.join("\n"));
  assert.ok(m.logs.includes("warn: dropped +QMTRECV 0,8: too large"), m.logs.join("\n"));
  assert.ok(m.modem.online);
});

test("modem=auto: an EC600S is known by name: no warning, its own steps", () => {
  const m = new ScriptedModem({ modem: "auto" }); // ATI answered from the EC600S's table
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.is(m.modem.dialect, EC600S);
  assert.equal(m.modem.identity, { model: "EC600S", revision: "EC600SCNLAR01A01M08", imei: "" });
  assert.not.ok(m.logs.some((l) => l.startsWith("warn")), m.logs.join("\n"));
});

test("ec600s: only our context 1 active skips activation; another context's, an unreadable one, or ours inactive, does not", () => {
  for (const [answer, activates] of [
    ['+QIACT: 1,1,1,"10.189.73.246"', false],
    ['+QIACT: 2,1,1,"10.189.73.246"', true],
    ['+QIACT: 1,0,1,"0.0.0.0"', true],
    ['+QIACT: ,1,1,"10.189.73.246"', true], // whose context, unreadable
  ] as const) {
    const m = new ScriptedModem();
    m.script.push(["AT+QIACT?", "\r\n" + answer + "\r\n\r\nOK\r\n"]);
    m.modem.start();
    assert.ok(m.runUntilOnline());
    assert.is(m.take().includes("AT+QIACT=1"), activates, answer);
  }
});

/**
 * EC600S bring-up with one answer replaced (the first time only; the table answers after):
 * the bare command that follows the replaced one.
 */
function afterFirst(prefix: string, reply: (cmd: string, m: ScriptedModem) => string): string {
  const m = new ScriptedModem();
  m.script.push([
    prefix,
    (cmd, s) => {
      s.script.length = 0;
      return reply(cmd, s);
    },
  ]);
  m.modem.start();
  assert.ok(m.runUntilOnline(), prefix + ": " + m.modem.stateName + " " + m.modem.reason);
  const cmds = m.take(true);
  const at = cmds.indexOf(prefix);
  assert.ok(at >= 0, prefix);
  return cmds[at + 1];
}

/** OK, then the result URC `line` (a function of the command's message id, for QMTSUB). */
const okAnd = (line: string) => (cmd: string, m: ScriptedModem): string => {
  const msgId = /^AT\+QMTSUB=\d+,(\d+)/.exec(cmd)?.[1] ?? "";
  m.urc(line.replace("$ID", msgId), 30);
  return "\r\nOK\r\n";
};

test("ec600s bring-up: each answer to a step goes on, retries the step, or reopens the client", () => {
  const cases: Array<[string, (cmd: string, m: ScriptedModem) => string, string]> = [
    ["AT+QIACT?", () => "\r\nERROR\r\n", "AT+QIACT?"],
    ["AT+QMTOPEN", okAnd("+QMTOPEN: 0,0"), "AT+QMTCONN"],
    ["AT+QMTOPEN", okAnd("+QMTOPEN: 1,0"), "AT+QMTOPEN"],
    ["AT+QMTOPEN", okAnd("+QMTOPEN: 0"), "AT+QMTOPEN"],
    ["AT+QMTOPEN", () => "\r\nERROR\r\n", "AT+QMTCLOSE"],
    ["AT+QMTOPEN", () => "\r\n+CME ERROR: 3\r\n", "AT+QMTCLOSE"],
    ["AT+QMTOPEN", () => "", "AT+QMTOPEN"],
    ["AT+QMTCONN", okAnd("+QMTCONN: 0,1,0"), "AT+QMTCLOSE"],
    ["AT+QMTCONN", okAnd("+QMTCONN: 0,0,3"), "AT+QMTCLOSE"],
    ["AT+QMTCONN", okAnd("+QMTCONN: 1,0,0"), "AT+QMTCLOSE"],
    ["AT+QMTCONN", okAnd("+QMTCONN: 0"), "AT+QMTCLOSE"],
    ["AT+QMTSUB", okAnd("+QMTSUB: 0,$ID,0,0,0"), undefined as unknown as string],
    ["AT+QMTSUB", okAnd("+QMTSUB: 1,$ID,0,0,0"), "AT+QMTCLOSE"],
    ["AT+QMTSUB", okAnd("+QMTSUB: 0,999,0,0,0"), "AT+QMTCLOSE"],
    ["AT+QMTSUB", okAnd("+QMTSUB: 0,$ID,1,0,0"), "AT+QMTCLOSE"],
    ["AT+QMTSUB", okAnd("+QMTSUB: 0,$ID,0,0,128"), "AT+QMTCLOSE"],
    ["AT+QMTSUB", okAnd("+QMTSUB: 0,$ID,0,128,0"), "AT+QMTCLOSE"],
  ];
  cases.forEach(([prefix, reply, next], i) => assert.is(afterFirst(prefix, reply), next, "case " + i + ": " + prefix));
});

test("ec600s URCs: a failed ping or a bare pdpdeact is a lost link; other +QIURC kinds, a good ping, another client's are not", () => {
  for (const [urc, lost] of [
    ["+QMTPING: 0,1", true],
    ['+QIURC: "pdpdeact"', true],
    ["+QMTPING: 0,0", false],
    ["+QMTPING: 1,1", false],
    ['+QIURC: "recv",1', false],
    ['+QIURC: "closed",1', false],
  ] as const) {
    const m = online(EC600S);
    m.urc(urc);
    m.run(50);
    assert.is(!m.modem.online, lost, urc + ": " + m.modem.reason);
  }
});

test("ec600s URCs: a +QMTSTAT without its error code says so in the reason", () => {
  const m = online(EC600S);
  m.urc("+QMTSTAT: 0");
  m.run(50);
  assert.is(m.modem.reason, "reopen mqtt: closed by the module (-1)");
});

test("ec600s: RDY, APP RDY and POWERED DOWN end a publish waiting for its prompt at once (the module reset: no payload is owed)", () => {
  for (const urc of ["RDY", "APP RDY", "POWERED DOWN"]) {
    const m = online(EC600S);
    m.script.push(["AT+QMTPUBEX", () => undefined]); // no prompt
    m.modem.publish("/t", "{}", 1);
    m.run(100);
    m.take();
    m.urc(urc);
    m.run(100);
    assert.not.ok(m.modem.engine.busy && m.modem.engine.current === null, urc + ": nothing owed");
    m.script.length = 0;
  }
  // Another client's failed ping is not ours: the publish goes on waiting for its prompt.
  const m = online(EC600S);
  m.script.push(["AT+QMTPUBEX", () => undefined]);
  m.modem.publish("/t", "{}", 1);
  m.run(100);
  m.urc("+QMTPING: 1,1");
  m.run(100);
  assert.is(m.modem.engine.current, "publish");
  assert.is(m.modem.publisher.failed, 0, "not aborted and sent again");
});

/** As afterFirst, on the A7670. */
function afterFirstA7670(prefix: string, reply: (cmd: string, m: ScriptedModem) => string): string {
  const m = new ScriptedModem({}, { dialect: A7670, crypto: { hmacSha1Hex: () => "00".repeat(20) } });
  m.script.push([
    prefix,
    (cmd, s) => {
      s.script.length = 0;
      return reply(cmd, s);
    },
  ]);
  m.modem.start();
  assert.ok(m.runUntilOnline(), prefix + ": " + m.modem.stateName + " " + m.modem.reason);
  const cmds = m.take(true);
  const at = cmds.indexOf(prefix.replace(/=$/, ""));
  assert.ok(at >= 0, prefix);
  return cmds[at + 1];
}

test("a7670 bring-up: each answer to a step goes on, retries the step, or reopens the client", () => {
  const prompt = (cmd: string, m: ScriptedModem): string => {
    m.expectData(cmd);
    return "\r\n>";
  };
  const cases: Array<[string, (cmd: string, m: ScriptedModem) => string, string]> = [
    ["AT+CMQTTSTART", okAnd("+CMQTTSTART: 0"), "AT+CMQTTACCQ"],
    ["AT+CMQTTSTART", okAnd("+CMQTTSTART: 23"), "AT+CMQTTACCQ"],
    ["AT+CMQTTSTART", okAnd("+CMQTTSTART: 19"), "AT+CMQTTSTART"],
    ["AT+CMQTTSTART", okAnd("+CMQTTSTART:"), "AT+CMQTTSTART"],
    ["AT+CMQTTSTART", () => "\r\nERROR\r\n", "AT+CMQTTSTART"],
    // Its refusals carry the result before ERROR; 23 is "already started", which is what we want.
    ["AT+CMQTTSTART", () => "\r\n+CMQTTSTART: 23\r\n\r\nERROR\r\n", "AT+CMQTTACCQ"],
    ["AT+CMQTTSTART", () => "\r\n+CMQTTSTART: 19\r\n\r\nERROR\r\n", "AT+CMQTTSTART"],
    ["AT+CMQTTCONNECT", okAnd("+CMQTTCONNECT: 0,0"), "AT+CMQTTSUBTOPIC"],
    ["AT+CMQTTCONNECT", okAnd("+CMQTTCONNECT: 1,0"), "AT+CMQTTDISC"],
    ["AT+CMQTTCONNECT", okAnd("+CMQTTCONNECT: 0"), "AT+CMQTTDISC"],
    ["AT+CMQTTCONNECT", okAnd("+CMQTTCONNECT: 0,11"), "AT+CMQTTDISC"],
    // A refused command is not a connection, whatever result it printed first.
    ["AT+CMQTTCONNECT", () => "\r\n+CMQTTCONNECT: 0,0\r\n\r\nERROR\r\n", "AT+CMQTTDISC"],
    // Another client's result says nothing about ours, even after ours.
    ["AT+CMQTTCONNECT", () => "\r\n+CMQTTCONNECT: 0,0\r\n+CMQTTCONNECT: 1,11\r\n\r\nOK\r\n", "AT+CMQTTSUBTOPIC"],
    ["AT+CMQTTSUBTOPIC", () => "\r\nERROR\r\n", "AT+CMQTTDISC"],
    ["AT+CMQTTSUBTOPIC", prompt, "AT+CMQTTSUBTOPIC"],
    ["AT+CMQTTSUB=", okAnd("+CMQTTSUB: 0,0"), undefined as unknown as string],
    ["AT+CMQTTSUB=", okAnd("+CMQTTSUB: 1,0"), "AT+CMQTTDISC"],
    ["AT+CMQTTSUB=", okAnd("+CMQTTSUB: 0"), "AT+CMQTTDISC"],
    ["AT+CMQTTSUB=", okAnd("+CMQTTSUB: 0,11"), "AT+CMQTTDISC"],
    ["AT+CMQTTSUB=", () => "\r\n+CMQTTSUB: 0,0\r\n\r\nERROR\r\n", "AT+CMQTTDISC"],
    ["AT+CMQTTSUB=", () => "\r\n+CMQTTSUB: 0,0\r\n+CMQTTSUB: 1,11\r\n\r\nOK\r\n", undefined as unknown as string],
  ];
  cases.forEach(([prefix, reply, next], i) => assert.is(afterFirstA7670(prefix, reply), next, "case " + i + ": " + prefix));
});

test("a7670: CONNACK refusals 30 and 31 are the credentials' fault; others reopen", () => {
  for (const [err, state] of [
    [30, "auth-failed"],
    [31, "auth-failed"],
    [5, "recovering"],
  ] as const) {
    const m = new ScriptedModem({}, { dialect: A7670, crypto: { hmacSha1Hex: () => "00".repeat(20) } });
    m.script.push(["AT+CMQTTCONNECT", okAnd("+CMQTTCONNECT: 0," + err)]);
    m.modem.start();
    m.run(20000);
    assert.ok(m.states.some((x) => x.startsWith(state)), err + ": " + m.states.join(", "));
  }
});

test("a7670: a subscription topic's length is its UTF-8 bytes, the same the prompt then takes", () => {
  const topics = ["/t/\u00e9", "/t/\u07ff\u0800", "/t/\u5f00\u5173", "/t/\ud83d\ude00", "/t/\u007f\u0080", "/t/\ud7ff\ue000", "/t/\ud800\udc00", "/t/\udbff\udfff"];
  const m = new ScriptedModem({}, { dialect: A7670, crypto: { hmacSha1Hex: () => "00".repeat(20) }, subscriptions: topics });
  m.modem.start();
  assert.ok(m.runUntilOnline(), m.modem.stateName + " " + m.modem.reason);
  const lengths = m.take().filter((c) => c.startsWith("AT+CMQTTSUBTOPIC=")).map((c) => Number(c.split(",")[1]));
  assert.equal(lengths, topics.map((t) => Buffer.byteLength(t, "utf8")));
});

test.run();
