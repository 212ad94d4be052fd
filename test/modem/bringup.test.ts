import { test } from "uvu";
import * as assert from "uvu/assert";
import { LOGIN_PLAIN, MqttLogin } from "../../src/modem/login";
import { okThen, ScriptedModem } from "./scripted-modem";

// The seed's commands; settings that need no network go first, while the module registers,
// and both topics go in one QMTSUB.
const SEED_PATH = [
  "AT",
  "ATE0",
  "AT+CMEE=1",
  'AT+QURCCFG="urcport","uart1"',
  "AT+CPIN?",
  'AT+QMTCFG="version",0,4',
  'AT+QMTCFG="recv/mode",0,0,1',
  'AT+QMTCFG="keepalive",0,120',
  'AT+QMTCFG="aliauth",0,"a1wFylTxYeD","co_0001","7ab0c4b3532b5783df5fdc58a2895d7a"',
  'AT+QICSGP=1,1,"CMNET","","",1',
  "AT+CEREG=1",
  "AT+CEREG?",
  "AT+QIACT?",
  "AT+QIACT=1",
  'AT+QMTOPEN=0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883',
  'AT+QMTCONN=0,"co_0001"',
  'AT+QMTSUB=0,1,"/sys/a1wFylTxYeD/co_0001/thing/service/property/set",0,"/sys/a1wFylTxYeD/co_0001/thing/event/property/post_reply",0',
];

// The seed has no ATI: it was taken with the module named in the config. ScriptedModem's
// config says modem=ec600s (the product's default is auto), so this replays it one for one;
// the next test is the same session under modem=auto.
test("a running module: probe, then the seed's bring-up, command for command", () => {
  const m = new ScriptedModem({ modem: "ec600s" });
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.equal(m.take(), SEED_PATH);
  assert.is(m.pwrkeyPulses, 0);
  assert.is(m.modem.stateName, "online");
});

test("modem=auto (the default): the seed's bring-up with one ATI after the probe, and nothing else", () => {
  const m = new ScriptedModem({ modem: "auto" });
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.equal(m.take(), [SEED_PATH[0], "ATI", ...SEED_PATH.slice(1)]);
  assert.is(m.modem.dialect.name, "ec600s");
  assert.equal(m.modem.identity, { model: "EC600S", revision: "EC600SCNLAR01A01M08", imei: "" });
});

test("a silent module is powered with PWRKEY, then brought up after RDY", () => {
  const m = new ScriptedModem();
  m.powered = false;
  m.modem.start();
  m.run(1100);
  assert.equal(m.take(), ["AT", "AT"]);
  assert.is(m.pwrkeyPulses, 1);
  assert.is(m.modem.stateName, "booting");
  assert.ok(m.runUntilOnline());
  assert.equal(m.take()[0], "ATE0");
  assert.ok(m.states.some((s) => s.startsWith("powering-on")));
});

test("no RDY after a pulse: probe again, then pulse again", () => {
  const m = new ScriptedModem();
  m.dead = true;
  m.modem.start();
  m.run(m.config.bootTimeoutMs);
  assert.is(m.pwrkeyPulses, 1);
  assert.is(m.modem.stateName, "booting");
  m.run(5000);
  assert.is(m.pwrkeyPulses, 2);
  assert.equal(m.take(), ["AT", "AT", "AT", "AT"]);
});

test("the +QMTCONN success shape without a return code also connects", () => {
  const m = new ScriptedModem();
  m.script.push(["AT+QMTCONN=", okThen("+QMTCONN: 0,0")]);
  m.modem.start();
  assert.ok(m.runUntilOnline());
});

test("registration: searching is polled (rotating CEREG/CGREG/CREG) until registered", () => {
  const m = new ScriptedModem();
  let polls = 0;
  const searching = (cmd: string) => (++polls < 5 ? `\r\n${cmd.slice(2, -1)}: 0,2\r\n\r\nOK\r\n` : `\r\n${cmd.slice(2, -1)}: 0,5\r\n\r\nOK\r\n`);
  m.script.push(["AT+CEREG?", searching], ["AT+CGREG?", searching], ["AT+CREG?", searching]);
  m.modem.start();
  assert.ok(m.runUntilOnline());
  const regs = m.take().filter((c) => /REG\?$/.test(c));
  assert.equal(regs, ["AT+CEREG?", "AT+CGREG?", "AT+CREG?", "AT+CEREG?", "AT+CGREG?"]);
});

test("registration deadline: the module is power-cycled", () => {
  const m = new ScriptedModem({ registrationDeadlineMs: 20000 });
  m.script.push(["AT+CEREG?", "\r\n+CEREG: 0,3\r\n\r\nOK\r\n"], ["AT+CGREG?", "\r\n+CGREG: 0,3\r\n\r\nOK\r\n"], ["AT+CREG?", "\r\n+CREG: 0,3\r\n\r\nOK\r\n"]);
  m.modem.start();
  m.run(25000);
  assert.ok(m.commands.includes("AT+QPOWD=1"));
  assert.ok(m.states.some((s) => s.startsWith("powering-off registration deadline")));
});

test("no SIM: a distinct state, retried slowly, no power cycling", () => {
  const m = new ScriptedModem({ simRetryMs: 10000 });
  m.script.push(["AT+CPIN?", "\r\n+CME ERROR: 10\r\n"]);
  m.modem.start();
  m.run(35000);
  assert.is(m.modem.stateName, "no-sim");
  assert.is(m.commands.filter((c) => c === "AT+CPIN?").length, 4);
  assert.not.ok(m.commands.includes("AT+QPOWD=1"));
  m.script.length = 0;
  assert.ok(m.runUntilOnline());
});

test("PDP already active: activation is skipped", () => {
  const m = new ScriptedModem();
  m.script.push(["AT+QIACT?", '\r\n+QIACT: 1,1,1,"10.189.73.246"\r\n\r\nOK\r\n']);
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.not.ok(m.take().includes("AT+QIACT=1"));
});

test("an APN that would inject a command is refused before the UART: config error, nothing sent", () => {
  const m = new ScriptedModem({ apn: 'CMNET"\rAT+QPOWD=1' });
  m.modem.start();
  m.run(5000);
  assert.not.ok(m.commands.some((c) => c.startsWith("AT+QICSGP") || c.startsWith("AT+QPOWD")));
  assert.is(m.modem.stateName, "config-error");
  assert.ok(m.logs.some((l) => /refused: string holds a quote/.test(l)));
});

test("a module that was on after all: the pulse powers it down, and it is pulsed on again", () => {
  const m = new ScriptedModem();
  m.script.push(["AT", () => undefined]);
  m.modem.start();
  m.run(1000);
  m.script.length = 0;
  assert.is(m.pwrkeyPulses, 1);
  assert.not.ok(m.powered, "the fake module toggled off");
  m.urc("POWERED DOWN");
  m.powered = true;
  m.run(20);
  m.powered = false;
  assert.ok(m.runUntilOnline(30000));
  assert.is(m.pwrkeyPulses, 2);
});

test("a login its owner is still preparing holds QMTCONN back; the connect goes once it is ready", () => {
  let ready = false;
  const login: MqttLogin = { kind: LOGIN_PLAIN, clientId: "mydev", username: "u", password: "p", productKey: "", deviceName: "", deviceSecret: "", prepare: () => ready };
  const m = new ScriptedModem({}, { login, subscriptions: ["/t"] });
  m.modem.start();
  m.run(20000);
  assert.not.ok(m.modem.online);
  assert.not.ok(m.commands.some((c) => c.startsWith("AT+QMTCONN")), "no connect with an unprepared login");
  ready = true;
  assert.ok(m.runUntilOnline());
  assert.ok(m.commands.includes('AT+QMTCONN=0,"mydev","u","p"'), m.commands.join("\n"));
});

test("a plain login (OneNET, Huawei, any broker): no aliauth, and QMTCONN carries username and password", () => {
  const login = { kind: LOGIN_PLAIN, clientId: "mydev", username: "123123", password: "version=2018-10-31&sign=a%2Bb", productKey: "", deviceName: "", deviceSecret: "" } as const;
  const m = new ScriptedModem({}, { login: { ...login }, subscriptions: ["$sys/123123/mydev/thing/property/set"] });
  m.modem.start();
  assert.ok(m.runUntilOnline());
  const sent = m.take();
  assert.not.ok(sent.some((c) => c.includes("aliauth")), "the step is passed over");
  assert.equal(sent.length, SEED_PATH.length - 1);
  assert.ok(sent.includes('AT+QMTCONN=0,"mydev","123123","version=2018-10-31&sign=a%2Bb"'), sent.join("\n"));
  assert.is(sent[sent.length - 1], 'AT+QMTSUB=0,1,"$sys/123123/mydev/thing/property/set",0');
});

test.run();
