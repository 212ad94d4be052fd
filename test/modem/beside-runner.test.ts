/**
 * The two capabilities the firmware borrows the runner's engine for, on every dialect: the
 * module's network time and a subscription after bring-up (network-time.ts,
 * late-subscription.ts), each in the dialect's words, from its answer table.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { command } from "../../src/at/command";
import type { Dialect } from "../../src/modem/dialect";
import { LateSubscription } from "../../src/modem/late-subscription";
import { NetworkTime, NetworkTimeOutcome } from "../../src/modem/network-time";
import { EC600S } from "../../src/modem/quectel/dialect";
import { A7670 } from "../../src/modem/simcom/dialect";
import { okThen, ScriptedModem } from "./scripted-modem";

const NTP_RESPONSE = "/ext/ntp/a1wFylTxYeD/co_0001/response";
/** The instant both answer tables' clocks say. */
const NITZ_UTC = Date.UTC(2026, 11, 7, 2, 42, 30);

interface Case {
  dialect: Dialect;
  time: string;
  subscribe: string[];
  topicData: string[];
  refusal: [string, string];
}

const CASES: Case[] = [
  {
    dialect: EC600S,
    time: "AT+QLTS=1",
    subscribe: [`AT+QMTSUB=0,65535,"${NTP_RESPONSE}",0`],
    topicData: [],
    refusal: ["AT+QMTSUB=", "+QMTSUB: 0,65535,0,128"],
  },
  {
    dialect: A7670,
    time: "AT+CCLK?",
    subscribe: [`AT+CMQTTSUB=0,${NTP_RESPONSE.length},0`],
    topicData: [NTP_RESPONSE],
    refusal: ["AT+CMQTTSUB=", "+CMQTTSUB: 0,11"],
  },
];

function online(dialect: Dialect): ScriptedModem {
  const m = new ScriptedModem({ linkCheckMs: 1e9 }, { dialect, crypto: { hmacSha1Hex: () => "00".repeat(20) } });
  m.modem.start();
  assert.ok(m.runUntilOnline(), dialect.name + ": " + m.modem.stateName + " " + m.modem.reason);
  m.run(200);
  m.take();
  m.dataSeen.length = 0;
  return m;
}

for (const c of CASES) {
  const name = c.dialect.name;

  test(`${name}: network time is asked in the dialect's words and read as UTC`, () => {
    const m = online(c.dialect);
    const got: Array<[NetworkTimeOutcome, number]> = [];
    const nt = new NetworkTime(m.modem, 300, (o, utc) => got.push([o, utc]));
    assert.ok(nt.query());
    m.run(100);
    assert.equal(m.take(), [c.time]);
    assert.equal(got, [["time", NITZ_UTC]]);
  });

  test(`${name}: a module without network time says so, and a busy engine is not asked`, () => {
    const m = online(c.dialect);
    const got: NetworkTimeOutcome[] = [];
    const nt = new NetworkTime(m.modem, 300, (o) => got.push(o));
    m.script.push([c.time, c.dialect === A7670 ? '\r\n+CCLK: "70/01/01,00:01:05+00"\r\n\r\nOK\r\n' : '\r\n+QLTS: ""\r\n\r\nOK\r\n']);
    assert.ok(nt.query());
    assert.not.ok(nt.query(), "the engine is busy with the first");
    m.run(100);
    assert.equal(got, ["no-time"]);
    assert.ok(isNaN(nt.utcMs));
  });

  test(`${name}: the late subscription goes out once, and again after the link went down`, () => {
    const m = online(c.dialect);
    const sub = new LateSubscription(m.modem, m.config);
    sub.poll(NTP_RESPONSE);
    m.run(200);
    assert.equal(m.take(), c.subscribe);
    assert.equal(m.dataSeen, c.topicData);
    assert.ok(sub.subscribed);
    sub.poll(NTP_RESPONSE);
    m.run(100);
    assert.equal(m.take(), [], "granted: not again");
    sub.reset();
    sub.poll(NTP_RESPONSE);
    m.run(200);
    assert.equal(m.take(), c.subscribe);
    assert.ok(sub.subscribed);
  });

  test(`${name}: a refused subscription is not taken for granted, and is tried again`, () => {
    const m = online(c.dialect);
    const [prefix, refusal] = c.refusal;
    // Quectel's result is a command's; SIMCom's comes after the topic's data phase.
    if (c.topicData.length > 0) m.dataResults.push(refusal);
    else m.script.push([prefix, okThen(refusal)]);
    const sub = new LateSubscription(m.modem, m.config);
    sub.poll(NTP_RESPONSE);
    m.run(300);
    assert.not.ok(sub.subscribed);
    assert.equal(m.take(), c.subscribe);
    m.script.length = 0;
    sub.poll(NTP_RESPONSE);
    m.run(300);
    assert.equal(m.take(), c.subscribe, "tried again");
    assert.ok(sub.subscribed);
  });
}

test("ec600s: a grant followed by ERROR is no subscription, and the failed command is logged by its name", () => {
  const m = online(EC600S);
  m.script.push(["AT+QMTSUB=", "\r\n+QMTSUB: 0,65535,0,0\r\n\r\nERROR\r\n"]);
  const sub = new LateSubscription(m.modem, m.config);
  sub.poll(NTP_RESPONSE);
  m.run(300);
  assert.equal(m.take(), CASES[0].subscribe);
  assert.not.ok(sub.subscribed);
  assert.ok(m.logs.includes("warn: AT late subscribe -> ERROR"), m.logs.join("\n"));
});

test("ec600s: a time followed by ERROR is no time, and the failed query is logged by its name", () => {
  const m = online(EC600S);
  m.script.push(["AT+QLTS", '\r\n+QLTS: "2026/12/07,02:42:30+32,0"\r\n\r\nERROR\r\n']);
  const got: NetworkTimeOutcome[] = [];
  const nt = new NetworkTime(m.modem, 300, (o) => got.push(o));
  assert.ok(nt.query());
  m.run(100);
  assert.equal(got, ["no-time"]);
  assert.ok(m.logs.includes("warn: AT network time -> ERROR"), m.logs.join("\n"));
});

test("ec600s: a query refused for a busy engine leaves the last time as it was", () => {
  const m = online(EC600S);
  const nt = new NetworkTime(m.modem, 300, () => undefined);
  assert.ok(nt.query());
  m.run(100);
  assert.is(nt.utcMs, NITZ_UTC);
  m.script.push(["AT+CSQ", () => undefined]);
  m.modem.engine.begin("AT+CSQ");
  assert.ok(m.modem.engine.send(command("csq", 1000, () => undefined)));
  assert.not.ok(nt.query());
  assert.is(nt.utcMs, NITZ_UTC, "not cleared by a query that never went out");
});

test("ec600s: a query cut off by the link going down ends aborted, with no time", () => {
  const m = online(EC600S);
  m.script.push(["AT+QLTS", () => undefined]);
  const got: Array<[NetworkTimeOutcome, number]> = [];
  const nt = new NetworkTime(m.modem, 300, (o, utc) => got.push([o, utc]));
  assert.ok(nt.query());
  m.run(50);
  m.modem.engine.abort(true);
  assert.is(got.length, 1);
  assert.is(got[0][0], "aborted");
  assert.ok(isNaN(got[0][1]));
});

test("modem=auto: both capabilities follow the dialect ATI bound, read at each use", () => {
  const m = new ScriptedModem({ linkCheckMs: 1e9, modem: "auto" });
  m.script.push(["ATI", "\r\nQuectel\r\nEC200U\r\nRevision: EC200UCNAAR02A08M08\r\n\r\nOK\r\n"]);
  const got: number[] = [];
  const nt = new NetworkTime(m.modem, 300, (_o, utc) => got.push(utc));
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.is(m.modem.dialect.name, "ec200u");
  m.run(200);
  m.take();
  assert.ok(nt.query());
  m.run(100);
  assert.equal(m.take(), ["AT+QLTS=1"]);
  assert.equal(got, [NITZ_UTC]);
});

test.run();
