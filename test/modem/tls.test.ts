import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CaFile, fieldIs, hexField } from "../../src/modem/ca-file";
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

test("CaFile: bytes, the 16-bit XOR checksum and the name, a slice per call; no name until the last slice", () => {
  const ca = new CaFile(CA);
  let calls = 1;
  while (!ca.prepare()) {
    assert.equal([ca.ready, ca.name], [false, ""], "no name from part of the PEM");
    calls++;
  }
  assert.is(calls, Math.ceil(CA.length / 256), "a slice of 256 characters per call, ready with the last");
  assert.ok(ca.ready);
  assert.is(Buffer.from(ca.bytes).toString("latin1"), CA);
  assert.is(ca.checksum, SUM);
  assert.is(ca.name, NAME);
  assert.ok(ca.prepare(), "a later bring-up's prepare finds it ready");
  assert.is(ca.name, NAME);
  // Quectel's forum trace: a 3-byte file "abc" -> 0x6162 ^ 0x6300 = 0x0262.
  const odd = new CaFile("abc");
  assert.ok(odd.prepare(), "one slice");
  assert.is(odd.checksum, 0x0262);
});

test("hexField reads +QFUPL's checksum as modules write it (either case, no leading zeros, up to 8 digits); anything else is -1", () => {
  const field = (text: string) => hexField(new Uint8Array(Buffer.from("," + text + ",", "latin1")), 1, text.length);
  for (const [text, value] of [
    ["0", 0],
    ["9", 9],
    ["a", 10],
    ["f", 15],
    ["A", 10],
    ["F", 15],
    ["10", 16],
    ["262", 0x262],
    ["beef", 0xbeef],
    ["BeEf", 0xbeef],
    ["ffffffff", 0xffffffff],
  ] as const) {
    assert.is(field(text), value, text);
  }
  for (const text of ["", "123456789", "g", "G", "1g", "/", ":", "@", "`", "1 ", "-1"]) assert.is(field(text), -1, JSON.stringify(text));
});

test("fieldIs: the whole field equals the text, not a prefix of it nor the same length with other characters", () => {
  const bytes = new Uint8Array(Buffer.from('"cat1ca_0262.pem"', "latin1"));
  assert.ok(fieldIs(bytes, 1, 15, "cat1ca_0262.pem"));
  assert.not.ok(fieldIs(bytes, 1, 14, "cat1ca_0262.pem"), "shorter field");
  assert.not.ok(fieldIs(bytes, 1, 15, "cat1ca_0262.pe"), "longer field");
  assert.not.ok(fieldIs(bytes, 1, 15, "cat1ca_0263.pem"), "same length, another checksum");
  assert.not.ok(fieldIs(bytes, 1, 15, "dat1ca_0262.pem"), "same length, first character differs");
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

test("Quectel TLS steps are named in the states shown, between aliauth and the APN", () => {
  const m = quectel();
  assert.ok(m.runUntilOnline(), m.modem.reason);
  const from = m.states.indexOf("mqtt-config aliauth");
  assert.equal(m.states.slice(from, from + 9), [
    "mqtt-config aliauth",
    "mqtt-config ca check",
    "mqtt-config ca upload",
    "mqtt-config ssl version",
    "mqtt-config ssl ciphers",
    "mqtt-config ssl ca",
    "mqtt-config ssl verify",
    "mqtt-config mqtt ssl",
    "pdp apn",
  ]);
});

test("Quectel: an upload answered within the module's own wait for the bytes (10 s) is no timeout, however slow", () => {
  const m = new ScriptedModem(TLS);
  const original = m.say.bind(m);
  m.say = (text: string, delay = 0) => original(text, text.includes("+QFUPL:") ? delay + 9000 : delay);
  m.modem.start();
  assert.ok(m.runUntilOnline(), m.modem.reason);
  assert.is(m.modem.stats.commandTimeouts, 0);
  assert.equal(m.take(true).filter((c) => c.startsWith("AT+QF")), ["AT+QFLST", "AT+QFUPL"]);
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

test("Quectel: the delete of a torn file is a plain command: its OK ends it, and the upload follows at once", () => {
  const m = new ScriptedModem(TLS);
  m.script.push(["AT+QFLST=", `\r\n+QFLST: "UFS:${NAME}",100\r\n\r\nOK\r\n`]);
  m.modem.start();
  while (!m.commands.some((c) => c.startsWith("AT+QFDEL=")) && m.clock.t < 60000) m.run(5);
  const deleted = m.clock.t;
  while (!m.commands.some((c) => c.startsWith("AT+QFUPL=")) && m.clock.t < 60000) m.run(5);
  assert.ok(m.clock.t - deleted < 1000, "the upload came " + (m.clock.t - deleted) + " ms after the delete");
  assert.ok(m.runUntilOnline(), m.modem.reason);
  assert.not.ok(m.logs.some((l) => l.startsWith("warn:")), m.logs.join("\n"));
  assert.is(m.modem.stats.commandTimeouts, 0);
  assert.equal(m.dataSeen, [CA], "the PEM went out once, after the upload's CONNECT");
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

/** A Quectel TLS bring-up whose first answer to `prefix` is `reply` (then the table's): run until online. */
function answeredOnce(prefix: string, reply: string | (() => undefined), overrides = {}): ScriptedModem {
  const m = new ScriptedModem({ ...TLS, ...overrides });
  m.script.push([
    prefix,
    (_cmd, s) => {
      s.script.length = 0;
      return typeof reply === "string" ? reply : reply();
    },
  ]);
  m.modem.start();
  assert.ok(m.runUntilOnline(), prefix + ": " + m.modem.stateName + " " + m.modem.reason);
  return m;
}

/** The module's answers after an upload's bytes, rewritten once by `edit`. */
function editUploadAnswer(m: ScriptedModem, edit: (text: string) => string): void {
  const original = m.say.bind(m);
  let done = false;
  m.say = (text: string, delay = 0) => {
    if (!done && text.includes("+QFUPL:")) {
      done = true;
      text = edit(text);
    }
    original(text, delay);
  };
}

const uploadCommands = (m: ScriptedModem): string[] => m.take(true).filter((c) => c.startsWith("AT+QF"));

test("Quectel: the file errors no retry cures (400, 403, 406, 423) are a config error at once: one upload, nothing deleted", () => {
  for (const code of [400, 403, 406, 423]) {
    const m = new ScriptedModem(TLS);
    m.script.push(["AT+QFUPL=", `\r\n+CME ERROR: ${code}\r\n`]);
    m.modem.start();
    while (m.modem.stateName !== "config-error" && m.clock.t < 60000) m.run(5);
    assert.is(m.modem.reason, "ca upload", String(code));
    assert.equal(uploadCommands(m), ["AT+QFLST", "AT+QFUPL"], String(code));
  }
});

test("Quectel: a file already there (407) or an error that is no file's (CMS 403) is retried: deleted, then uploaded again", () => {
  for (const answer of ["\r\n+CME ERROR: 407\r\n", "\r\n+CMS ERROR: 403\r\n"]) {
    const m = answeredOnce("AT+QFUPL=", answer);
    assert.equal(uploadCommands(m), ["AT+QFLST", "AT+QFUPL", "AT+QFDEL", "AT+QFUPL"], answer);
    assert.ok(m.states.some((s) => s.startsWith("backoff ca upload retry 1")), m.states.join("\n"));
  }
});

test("Quectel: a URC during the CA check is no listing: nothing is deleted, the upload follows", () => {
  const m = answeredOnce("AT+QFLST=", "\r\n+QIND: PB DONE\r\n\r\nOK\r\n");
  assert.equal(uploadCommands(m), ["AT+QFLST", "AT+QFUPL"]);
});

test("Quectel: a CA check that times out is asked again, not taken for an absent file", () => {
  const m = answeredOnce("AT+QFLST=", () => undefined);
  assert.equal(uploadCommands(m), ["AT+QFLST", "AT+QFLST", "AT+QFUPL"]);
});

test("Quectel: a delete that times out is retried after the backoff, not at once; the upload follows", () => {
  const m = new ScriptedModem(TLS);
  m.script.push(["AT+QFLST=", `\r\n+QFLST: "UFS:${NAME}",100\r\n\r\nOK\r\n`]);
  m.script.push([
    "AT+QFDEL=",
    (_cmd, s) => {
      s.script.length = 0;
    },
  ]);
  m.modem.start();
  assert.ok(m.runUntilOnline(), m.modem.reason);
  assert.equal(uploadCommands(m), ["AT+QFLST", "AT+QFDEL", "AT+QFUPL"]);
  assert.ok(m.states.some((s) => s.startsWith("backoff ca upload retry 1")), m.states.join("\n"));
});

test("Quectel: an upload answered with another size, or ERROR after a good line, is not our CA: deleted and uploaded again", () => {
  for (const edit of [(t: string) => t.replace(/\+QFUPL: \d+,/, "+QFUPL: 1234,"), (t: string) => t.replace("OK", "ERROR")]) {
    const m = new ScriptedModem(TLS);
    editUploadAnswer(m, edit);
    m.modem.start();
    assert.ok(m.runUntilOnline(), m.modem.reason);
    assert.equal(uploadCommands(m), ["AT+QFLST", "AT+QFUPL", "AT+QFDEL", "AT+QFUPL"], edit("+QFUPL: 5,ab\r\nOK"));
  }
});

test("Quectel: a +QFUPL line with the size alone confirms nothing, not even with a good line just before it", () => {
  const m = new ScriptedModem(TLS);
  editUploadAnswer(m, (t) => t.replace(/(\+QFUPL: (\d+),\w+\r\n)/, "$1+QFUPL: $2\r\n"));
  m.modem.start();
  assert.ok(m.runUntilOnline(), m.modem.reason);
  assert.equal(uploadCommands(m), ["AT+QFLST", "AT+QFUPL", "AT+QFDEL", "AT+QFUPL"]);
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

test("A7670: a store listing only an older CA (same name length, another checksum) gets this one downloaded", () => {
  const m = new ScriptedModem(TLS, { dialect: A7670 });
  const older = "cat1ca_" + ((SUM ^ 0x8000) >>> 0).toString(16).padStart(4, "0") + ".pem";
  m.script.push(["AT+CCERTLIST", `\r\n+CCERTLIST: "${older}"\r\n\r\nOK\r\n`]);
  m.modem.start();
  assert.ok(m.runUntilOnline(), m.modem.reason);
  const cmds = m.take();
  assert.ok(cmds.includes(`AT+CCERTDOWN="${NAME}",${CA.length}`), cmds.join("\n"));
  assert.ok(cmds.includes(`AT+CSSLCFG="cacert",0,"${NAME}"`));
  assert.equal(m.dataSeen.slice(0, 1), [CA]);
});

test("A7670: a SIM loss during a failed CA download's long backoff still resumes at the download (it comes before the SIM step)", () => {
  const m = new ScriptedModem({ ...TLS, credentialBackoffMs: 20000, backoffMinMs: 100 }, { dialect: A7670 });
  m.script.push(["AT+CCERTDOWN=", "\r\nERROR\r\n"]);
  m.modem.start();
  while (m.modem.stateName !== "config-error" && m.clock.t < 60000) m.run(5);
  assert.is(m.modem.reason, "ca download failed");
  m.urc("+CPIN: NOT READY", 100);
  m.run(200);
  m.script.splice(0);
  m.take();
  assert.ok(m.runUntilOnline(), m.modem.reason);
  assert.is(m.take(true)[0], "AT+CCERTDOWN");
});

test("A7670: a certificate list that goes unanswered is asked again, not taken for an empty store", () => {
  const m = new ScriptedModem({ ...TLS, atTimeoutMs: 2000 }, { dialect: A7670 });
  m.script.push([
    "AT+CCERTLIST",
    (_cmd, s) => {
      s.script.length = 0;
      return undefined;
    },
  ]);
  m.modem.start();
  assert.ok(m.runUntilOnline(), m.modem.reason);
  assert.equal(m.take(true).filter((c) => c.startsWith("AT+CCERT")), ["AT+CCERTLIST", "AT+CCERTLIST", "AT+CCERTDOWN"]);
});

test("A7670: an empty list line after a list that named the CA and went unfinished: the CA is downloaded", () => {
  const m = new ScriptedModem({ ...TLS, atTimeoutMs: 2000 }, { dialect: A7670 });
  let lists = 0;
  m.script.push(["AT+CCERTLIST", () => (++lists === 1 ? `\r\n+CCERTLIST: "${NAME}"\r\n` : "\r\n+CCERTLIST:\r\n\r\nOK\r\n")]);
  m.modem.start();
  while (lists < 2 && m.clock.t < 60000) m.run(5);
  m.script.length = 0;
  assert.ok(m.runUntilOnline(), m.modem.reason);
  assert.ok(m.take(true).includes("AT+CCERTDOWN"), "the store's last word was empty");
});

test("A7670: a listed CA is not downloaded again; handshake fail (32) or no certificate set (33) is a TLS refusal, not a reopen loop", () => {
  for (const err of [32, 33]) {
    const m = new ScriptedModem(TLS, { dialect: A7670 });
    m.script.push(["AT+CCERTLIST", `\r\n+CCERTLIST: "other.pem"\r\n+CCERTLIST: "${NAME}"\r\n\r\nOK\r\n`]);
    m.script.push(["AT+CMQTTCONNECT=", okThen("+CMQTTCONNECT: 0," + err)]);
    m.modem.start();
    m.run(60000);
    const cmds = m.take(true);
    assert.not.ok(cmds.includes("AT+CCERTDOWN"), cmds.join(" "));
    assert.is(m.modem.stateName, "config-error", String(err));
    assert.ok(m.modem.reason.includes("TLS handshake failed"), m.modem.reason);
    assert.is(cmds.filter((c) => c === "AT+CMQTTCONNECT").length, 2, "one quick retry, then the long wait");
    assert.is(m.modem.stats.powerCycles, 0);
  }
});

test.run();
