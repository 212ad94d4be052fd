import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CaFile } from "../../src/modem/ca-file";
import { A7670 } from "../../src/modem/simcom/dialect";
import { okThen, ScriptedModem, xorChecksum } from "./scripted-modem";

const CA = readFileSync(new URL("../fixtures/tls/ca.pem", import.meta.url), "utf8");
const SUM = xorChecksum(CA);
const NAME = "cat1ca_" + SUM.toString(16).padStart(4, "0") + ".pem";
const TLS = { tls: true, caCert: CA, mqttPort: 1883, linkCheckMs: 1e9 };

function quectel(overrides = {}): ScriptedModem {
  const m = new ScriptedModem({ ...TLS, ...overrides });
  m.modem.start();
  return m;
}

test("CaFile: bytes, the 16-bit XOR checksum and the name, a slice per call", () => {
  const ca = new CaFile(CA);
  let calls = 1;
  while (!ca.prepare()) calls++;
  assert.ok(calls >= Math.ceil(CA.length / 256), "sliced: " + calls + " calls");
  assert.is(Buffer.from(ca.bytes).toString("latin1"), CA);
  assert.is(ca.checksum, SUM);
  assert.is(ca.name, NAME);
  // Quectel's forum trace: a 3-byte file "abc" -> 0x6162 ^ 0x6300 = 0x0262.
  const odd = new CaFile("abc");
  odd.prepare();
  assert.is(odd.checksum, 0x0262);
});

test("Quectel TLS bring-up: CA listed, uploaded after CONNECT, SSL context, MQTT on it, then QMTOPEN", () => {
  const m = quectel();
  assert.ok(m.runUntilOnline(), m.modem.stateName + " " + m.modem.reason);
  const cmds = m.take();
  const tls = [
    `AT+QFLST="UFS:${NAME}"`,
    `AT+QFUPL="UFS:${NAME}",${CA.length},10`,
    'AT+QSSLCFG="sslversion",1,4',
    'AT+QSSLCFG="ciphersuite",1,0XFFFF',
    `AT+QSSLCFG="cacert",1,"UFS:${NAME}"`,
    'AT+QSSLCFG="seclevel",1,1',
    'AT+QMTCFG="ssl",0,1,1',
  ];
  const at = cmds.indexOf(tls[0]);
  assert.ok(at > 0, cmds.join("\n"));
  assert.equal(cmds.slice(at, at + tls.length), tls);
  assert.ok(cmds.indexOf('AT+QMTOPEN=0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883') > at + tls.length);
  assert.equal(m.dataSeen, [CA], "the PEM went out whole after CONNECT");
});

test("Quectel: a CA already on the module (same name, same size) is not sent again", () => {
  const m = new ScriptedModem(TLS);
  m.script.push(["AT+QFLST=", `\r\n+QFLST: "UFS:${NAME}",${CA.length}\r\n\r\nOK\r\n`]);
  m.modem.start();
  assert.ok(m.runUntilOnline(), m.modem.reason);
  const cmds = m.take(true);
  assert.not.ok(cmds.includes("AT+QFUPL"), cmds.join(" "));
  assert.not.ok(cmds.includes("AT+QFDEL"));
  assert.equal(m.dataSeen, []);
});

test("Quectel: a torn file under the CA's name (another size) is deleted, then uploaded", () => {
  const m = new ScriptedModem(TLS);
  m.script.push(["AT+QFLST=", `\r\n+QFLST: "UFS:${NAME}",100\r\n\r\nOK\r\n`]);
  m.modem.start();
  assert.ok(m.runUntilOnline(), m.modem.reason);
  const cmds = m.take(true);
  assert.ok(cmds.indexOf("AT+QFDEL") >= 0 && cmds.indexOf("AT+QFDEL") === cmds.indexOf("AT+QFUPL") - 1, cmds.join(" "));
});

test("Quectel: a wrong checksum is deleted and uploaded again; the second upload counts", () => {
  const m = new ScriptedModem(TLS);
  m.modem.start();
  // The first upload's answer says other bytes arrived (one lost on the UART): a wrong checksum.
  const original = m.say.bind(m);
  let corrupted = false;
  m.say = (text: string, delay = 0) => {
    if (!corrupted && text.includes("+QFUPL:")) {
      corrupted = true;
      text = text.replace(/\+QFUPL: (\d+),[0-9a-f]+/, "+QFUPL: $1,beef");
    }
    original(text, delay);
  };
  assert.ok(m.runUntilOnline(), m.modem.reason);
  const cmds = m.take(true);
  assert.equal(cmds.filter((c) => c === "AT+QFUPL").length, 2, cmds.join(" "));
  assert.ok(cmds.indexOf("AT+QFDEL") > cmds.indexOf("AT+QFUPL"), "deleted between the two uploads");
  assert.ok(m.states.some((s) => s.startsWith("backoff ca upload retry 1")), m.states.join("\n"));
});

test("Quectel: an upload the module refuses for good (drive full, 403) is a config error with the long backoff, not a power cycle", () => {
  const m = new ScriptedModem(TLS);
  m.script.push(["AT+QFUPL=", "\r\n+CME ERROR: 403\r\n"]);
  m.modem.start();
  m.run(60000);
  assert.is(m.modem.stateName, "config-error");
  assert.ok(m.modem.reason.includes("ca upload"), m.modem.reason);
  assert.is(m.pwrkeyPulses, 0, "never pulsed: the module was on and stays on");
  assert.is(m.modem.stats.powerCycles, 0);
});

test("Quectel: bad CA -> +QMTOPEN: 0,-1 over TLS: retried once (it may be the network), then a TLS refusal: config-error, long backoff, no power-cycle loop", () => {
  const m = new ScriptedModem(TLS);
  m.script.push(["AT+QMTOPEN=", okThen("+QMTOPEN: 0,-1")]);
  m.modem.start();
  m.run(30000);
  assert.is(m.modem.stateName, "config-error");
  assert.ok(m.modem.reason.includes("TLS handshake failed"), m.modem.reason);
  assert.is(m.modem.stats.tlsRefusals, 2);
  const opens = m.take(true).filter((c) => c === "AT+QMTOPEN").length;
  assert.is(opens, 2);
  // Ten minutes on: the credential backoff (5 min, then doubling) allows one more try, no more.
  m.run(600000);
  const later = m.take(true);
  assert.is(later.filter((c) => c === "AT+QMTOPEN").length, 1, later.join(" "));
  assert.is(m.modem.stats.tlsRefusals, 3);
  assert.is(m.modem.stats.powerCycles, 0);
  assert.not.ok(later.includes("AT+QPOWD"));
});

test("Quectel without TLS: -1 stays a network failure (retried), and no TLS command is sent", () => {
  const m = new ScriptedModem({ linkCheckMs: 1e9 });
  m.modem.start();
  assert.ok(m.runUntilOnline());
  const cmds = m.take(true);
  for (const c of ["AT+QFLST", "AT+QFUPL", "AT+QSSLCFG"]) assert.not.ok(cmds.includes(c), c);
  assert.not.ok(cmds.some((c) => c.startsWith('AT+QMTCFG="ssl"')));
});

test("A7670 TLS bring-up: CCERTDOWN after the prompt, CSSLCFG, ACCQ for SSL, CMQTTSSLCFG, securemode=2", () => {
  const m = new ScriptedModem(TLS, { dialect: A7670 });
  m.modem.start();
  assert.ok(m.runUntilOnline(), m.modem.stateName + " " + m.modem.reason);
  const cmds = m.take();
  const tls = ["AT+CCERTLIST", `AT+CCERTDOWN="${NAME}",${CA.length}`, 'AT+CSSLCFG="sslversion",0,4', 'AT+CSSLCFG="authmode",0,1', `AT+CSSLCFG="cacert",0,"${NAME}"`];
  const at = cmds.indexOf(tls[0]);
  assert.equal(cmds.slice(at, at + tls.length), tls, cmds.join("\n"));
  const accq = cmds.findIndex((c) => c.startsWith("AT+CMQTTACCQ="));
  assert.ok(cmds[accq].endsWith('|securemode=2,signmethod=hmacsha1|",1'), cmds[accq]);
  assert.is(cmds[accq + 1], "AT+CMQTTSSLCFG=0,0");
  assert.ok(cmds[accq + 2].startsWith('AT+CMQTTCONNECT=0,"tcp://iot-as-mqtt.cn-shanghai.aliyuncs.com:1883"'));
  assert.equal(m.dataSeen.slice(0, 1), [CA]);
});

test("A7670: a listed CA is not downloaded again; handshake fail (32) is a TLS refusal, not a reopen loop", () => {
  const m = new ScriptedModem(TLS, { dialect: A7670 });
  m.script.push(["AT+CCERTLIST", `\r\n+CCERTLIST: "other.pem"\r\n+CCERTLIST: "${NAME}"\r\n\r\nOK\r\n`]);
  m.script.push(["AT+CMQTTCONNECT=", okThen("+CMQTTCONNECT: 0,32")]);
  m.modem.start();
  m.run(60000);
  const cmds = m.take(true);
  assert.not.ok(cmds.includes("AT+CCERTDOWN"), cmds.join(" "));
  assert.is(m.modem.stateName, "config-error");
  assert.ok(m.modem.reason.includes("TLS handshake failed"), m.modem.reason);
  assert.is(cmds.filter((c) => c === "AT+CMQTTCONNECT").length, 2, "one quick retry, then the long wait");
  assert.is(m.modem.stats.powerCycles, 0);
});

test.run();
