import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseConfig } from "../../src/app/config";
import { MODEM_DEFAULTS } from "../../src/modem/config";
import type { DialectEnv } from "../../src/modem/dialect";
import { DIALECTS, MODEM_NAMES, dialectNamed, everyDialectsUrcs } from "../../src/modem/dialects";
import { MARK_MQTT_OPEN, MARK_REGISTRATION, MARK_SIM } from "../../src/modem/step";
import { LOGIN_PLAIN } from "../../src/modem/login";
import { PUBLISH_STATE } from "../../src/modem/queue";
import { simcomMessage, SIMCOM_ANSWERS } from "../../src/modem/simcom/answers";
import { ScriptedModem } from "./scripted-modem";

const SET = "/sys/a1wFylTxYeD/co_0001/thing/service/property/set";

const QUECTEL_ATI = (model: string, rev: string) => `\r\nQuectel\r\n${model}\r\nRevision: ${rev}\r\n\r\nOK\r\n`;

const TRIPLE = { productKey: "a1wFylTxYeD", deviceName: "co_0001", deviceSecret: "7ab0c4b3532b5783df5fdc58a2895d7a" };

test("the modem config key names exactly the dialects carried", () => {
  assert.equal(MODEM_NAMES, [...DIALECTS.map((d) => d.name), "auto"]);
  for (const name of MODEM_NAMES.filter((n) => n !== "auto")) assert.is(dialectNamed(name)?.name, name);
  assert.is(dialectNamed("sim800"), null);
});

test("before identification the runner hears every dialect's URC prefixes, each once, the first dialect's first", () => {
  // The tables only keep the env for their handlers, which this test does not call.
  const env = { config: MODEM_DEFAULTS, log: () => undefined } as unknown as DialectEnv;
  const text = (prefix: Uint8Array) => Buffer.from(prefix).toString("latin1");
  const heard = everyDialectsUrcs(env).map((u) => text(u.prefix));
  assert.equal(heard, [...new Set(DIALECTS.flatMap((d) => d.urcs(env).map((u) => text(u.prefix))))]);
  assert.equal(heard.slice(0, 3), ["RDY", "APP RDY", "POWERED DOWN"], "the EC600S's first");
  for (const own of ["*ATREADY:", "NORMAL POWER DOWN", "+CMQTTCONNLOST:"]) assert.ok(heard.includes(own), own);
});

test("every dialect marks one step of each resume point, and its steps are frozen", () => {
  for (const d of DIALECTS) {
    for (const mark of [MARK_SIM, MARK_REGISTRATION, MARK_MQTT_OPEN]) assert.is(d.steps.filter((s) => s.mark === mark).length, 1, `${d.name} mark ${mark}`);
    assert.ok(Object.isFrozen(d.steps), d.name);
  }
});

test("config: modem defaults to auto (ATI at boot); a7670 is taken; anything else is one clear error", () => {
  assert.is(parseConfig(TRIPLE).modem, "auto");
  assert.is(parseConfig({ ...TRIPLE, modem: "ec600s" }).modem, "ec600s");
  assert.is(parseConfig({ ...TRIPLE, modem: "a7670" }).modem, "a7670");
  assert.throws(() => parseConfig({ ...TRIPLE, modem: "sim800" }), (e: { message: string }) => /modem must be one of "ec600s", "ec200s", "ec800m", "ec200u", "eg912y", "a7670", "auto", got "sim800"/.test(e.message));
});

test("the runner takes its dialect from the config", () => {
  const m = new ScriptedModem({ modem: "a7670" });
  assert.is(m.modem.dialect.name, "a7670");
});

test("modem=auto: ATI after the probe picks the model's steps; the console gets model and revision", () => {
  const m = new ScriptedModem({ modem: "auto", pwrkeyPulseMs: 2000 });
  m.script.push(["ATI", QUECTEL_ATI("EC200U", "EC200UCNAAR03A14M08")]);
  m.modem.start();
  assert.ok(m.runUntilOnline());
  const cmds = m.take();
  assert.equal(cmds.slice(0, 3), ["AT", "ATI", "ATE0"]);
  assert.is(m.modem.dialect.name, "ec200u");
  assert.equal(m.modem.identity, { model: "EC200U", revision: "EC200UCNAAR03A14M08", imei: "" }, "the IMEI is read only when asked for");
  assert.not.ok(m.logs.some((l) => l.startsWith("warn")), m.logs.join("\n"));
  // A reboot does not identify again: it is the same module.
  m.urc("RDY");
  assert.ok(m.runUntilOnline());
  assert.not.ok(m.take().includes("ATI"));
});

test("modem=auto: a PWRKEY pulse shorter than the model needs is warned about, and lengthened from then on", () => {
  const m = new ScriptedModem({ modem: "auto" });
  m.script.push(["ATI", QUECTEL_ATI("EG912Y", "EG912YEMAR01A01")]);
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.ok(m.logs.some((l) => /warn: modem: EG912Y needs a PWRKEY pulse of 2000 ms; pwrkeyPulseMs is 600: pulsing 2000 ms from now on/.test(l)), m.logs.join("\n"));
  m.powered = false;
  m.urc("POWERED DOWN");
  m.powered = true;
  m.run(20);
  m.powered = false;
  assert.ok(m.runUntilOnline(60000));
  assert.equal(m.pwrkeyHeldMs, [2000]);
});

test("a model named in the config gets its PWRKEY pulse from the first one: EC200U 2000 ms, EC600S the config's", () => {
  for (const [modem, held] of [["ec200u", 2000], ["ec600s", 600], ["ec800m", 600]] as const) {
    const m = new ScriptedModem({ modem });
    m.powered = false;
    m.modem.start();
    assert.ok(m.runUntilOnline(60000), modem);
    assert.equal(m.pwrkeyHeldMs, [held], modem);
  }
});

test("login strings: an EC200U takes a 256-byte client id in QMTCONN (its release notes); the others 128, longer is a config error", () => {
  const id = "d".repeat(200);
  const login = { kind: LOGIN_PLAIN, clientId: id, username: "u".repeat(256), password: "p", productKey: "", deviceName: "", deviceSecret: "" } as const;
  const ec200u = new ScriptedModem({ modem: "ec200u" }, { login: { ...login } });
  ec200u.modem.start();
  assert.ok(ec200u.runUntilOnline());
  assert.ok(ec200u.take().some((c) => c.startsWith(`AT+QMTCONN=0,"${id}","${"u".repeat(256)}","p"`)));
  for (const modem of ["ec600s", "ec200s", "ec800m", "eg912y"]) {
    const m = new ScriptedModem({ modem }, { login: { ...login } });
    m.modem.start();
    m.run(20000);
    assert.is(m.modem.stateName, "config-error", modem);
    assert.not.ok(m.commands.some((c) => c.startsWith("AT+QMTCONN")), modem);
    assert.ok(m.logs.includes("error: AT step refused: string longer than 128 bytes"), m.logs.join("\n"));
  }
});

test("modem=auto: an unknown Quectel runs as an EC600S, with a warning", () => {
  const m = new ScriptedModem({ modem: "auto" });
  m.script.push(["ATI", QUECTEL_ATI("EC999X", "X1")]);
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.is(m.modem.dialect.name, "ec600s");
  assert.ok(m.logs.some((l) => /warn: modem: unknown Quectel EC999X: run as an EC600S/.test(l)), m.logs.join("\n"));
});

test("modem=auto: another maker's module runs as an EC600S, with a warning", () => {
  const m = new ScriptedModem({ modem: "auto" });
  m.script.push(["ATI", "\r\nFibocom\r\nL610\r\n\r\nOK\r\n"]);
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.is(m.modem.dialect.name, "ec600s");
  assert.ok(m.logs.some((l) => /warn: modem: unknown module \(no model in ATI\): run as an EC600S/.test(l)), m.logs.join("\n"));
});

test("modem=auto on a SIMCom A7670: identified by its ATI (the table's), then the whole CMQTT dialect", () => {
  const m = new ScriptedModem({ modem: "auto", linkCheckMs: 1e9 }, { crypto: { hmacSha1Hex: () => "00".repeat(20) } }, SIMCOM_ANSWERS);
  m.modem.start();
  assert.ok(m.runUntilOnline(), m.modem.stateName + " " + m.modem.reason);
  const cmds = m.take();
  assert.equal(cmds.slice(0, 3), ["AT", "ATI", "ATE0"]);
  assert.ok(cmds.includes("AT+CMQTTSTART"), cmds.join("\n"));
  assert.not.ok(cmds.some((c) => c.startsWith("AT+QMT")), "no Quectel command after identification");
  assert.is(m.modem.dialect.name, "a7670");
  assert.equal(m.modem.identity, { model: "A7670C-LASE", revision: "A7670M7_V1.11.1", imei: "" });
  assert.not.ok(m.logs.some((l) => l.startsWith("warn")), m.logs.join("\n"));
  // Its URCs, message framing, publish and recovery are the A7670's from now on.
  const payload = '{"a":1}';
  m.say(simcomMessage(SET, SET.length, payload, payload.length));
  m.run(100);
  assert.equal(m.messages, [[SET, payload]]);
  assert.ok(m.modem.publish("/sys/a1wFylTxYeD/co_0001/thing/event/property/post", "{}", PUBLISH_STATE));
  m.run(1000);
  assert.ok(m.take().some((c) => c.startsWith("AT+CMQTTPUB=0")), "published by CMQTT");
  m.urc("+CMQTTCONNLOST: 0,1");
  m.run(30000);
  assert.ok(m.take().some((c) => c.startsWith("AT+CMQTTDISC=0")), "recovered by CMQTT");
  assert.ok(m.modem.online);
});

test("modem=auto: ATI unanswered is asked again; a maker line damaged on the UART still leaves the model to go by", () => {
  const m = new ScriptedModem({ modem: "auto", linkCheckMs: 1e9 }, { crypto: { hmacSha1Hex: () => "00".repeat(20) } }, SIMCOM_ANSWERS);
  let atis = 0;
  m.script.push(["ATI", () => (++atis === 1 ? undefined : "\r\nManufacturer: SIMC\r\nModel: A7670C-LASE\r\nRevision: A7670M7_V1.11.1\r\n\r\nOK\r\n")]);
  m.modem.start();
  assert.ok(m.runUntilOnline(), m.modem.stateName + " " + m.modem.reason);
  assert.is(atis, 2);
  assert.is(m.modem.dialect.name, "a7670");
  assert.not.ok(m.logs.some((l) => l.startsWith("warn: modem:")), m.logs.join("\n"));
});

test("modem=auto: a module that never answers ATI is taken for an EC600S after three tries, with a warning", () => {
  const m = new ScriptedModem({ modem: "auto" });
  m.script.push(["ATI", () => undefined]);
  m.modem.start();
  m.run(30000);
  assert.is(m.commands.filter((c) => c === "ATI").length, 3);
  assert.is(m.modem.dialect.name, "ec600s");
  assert.ok(m.logs.some((l) => /warn: modem: unknown module \(no model in ATI\): run as an EC600S/.test(l)), m.logs.join("\n"));
  assert.ok(m.commands.includes("ATE0"), "bring-up goes on");
});

test("modem=auto: a SIMCom outside the A76xx series runs as an A7670, with a warning", () => {
  const m = new ScriptedModem({ modem: "auto", linkCheckMs: 1e9 }, { crypto: { hmacSha1Hex: () => "00".repeat(20) } }, SIMCOM_ANSWERS);
  m.script.push(["ATI", "\r\nManufacturer: SIMCOM INCORPORATED\r\nModel: SIMCOM_SIM7600E-H\r\nRevision: SIM7600M22_V1.1\r\n\r\nOK\r\n"]);
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.is(m.modem.dialect.name, "a7670");
  assert.ok(m.logs.some((l) => /warn: modem: SIMCom SIMCOM_SIM7600E-H: run as an A7670/.test(l)), m.logs.join("\n"));
});

test("modem=auto: an A7670 switched on by PWRKEY is heard booting (*ATREADY), before it is identified", () => {
  const m = new ScriptedModem({ modem: "auto", linkCheckMs: 1e9 }, { crypto: { hmacSha1Hex: () => "00".repeat(20) } }, SIMCOM_ANSWERS);
  m.powered = false;
  m.modem.start();
  m.run(8000);
  assert.is(m.pwrkeyPulses, 1);
  assert.ok(m.runUntilOnline(), m.modem.stateName + " " + m.modem.reason);
  assert.ok(m.clock.now() < 10000, `online at ${m.clock.now()} ms: the boot line was heard, not waited out (bootTimeoutMs 20000)`);
  assert.is(m.modem.dialect.name, "a7670");
});

test("every Quectel model's bring-up is the EC600S's but for its URC port step", () => {
  for (const name of ["ec200s", "ec800m", "ec200u", "eg912y"]) {
    const m = new ScriptedModem({ modem: name });
    m.modem.start();
    assert.ok(m.runUntilOnline(), name);
    assert.ok(m.take().includes('AT+QURCCFG="urcport","uart1"'), name);
  }
});

test.run();
