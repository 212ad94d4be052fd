import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Crypto } from "../../src/hal";
import { LateSubscription } from "../../src/modem/late-subscription";
import { LOGIN_PLAIN } from "../../src/modem/login";
import { PUBLISH_STATE } from "../../src/modem/queue";
import { A7670 } from "../../src/modem/simcom/dialect";
import { simcomMessage } from "../../src/modem/simcom/answers";
import { okThen, ScriptedModem } from "./scripted-modem";

const SET = "/sys/a1wFylTxYeD/co_0001/thing/service/property/set";
const REPLY = "/sys/a1wFylTxYeD/co_0001/thing/event/property/post_reply";
const NODE_CRYPTO: Crypto = { hmacSha1Hex: (key, message) => createHmac("sha1", key).update(message).digest("hex") };
// The test triple's password: hex HMAC-SHA1("7ab0...", "clientIdco_0001deviceNameco_0001productKeya1wFylTxYeD").
const PASSWORD = createHmac("sha1", "7ab0c4b3532b5783df5fdc58a2895d7a").update("clientIdco_0001deviceNameco_0001productKeya1wFylTxYeD").digest("hex");

const A7670_PATH = [
  "AT",
  "ATE0",
  "AT+CMEE=1",
  "AT+CTZU=1",
  "AT+CPIN?",
  'AT+CGDCONT=1,"IP","CMNET"',
  "AT+CEREG=1",
  "AT+CEREG?",
  "AT+CMQTTSTART",
  'AT+CMQTTACCQ=0,"co_0001|securemode=3,signmethod=hmacsha1|",0',
  `AT+CMQTTCONNECT=0,"tcp://iot-as-mqtt.cn-shanghai.aliyuncs.com:1883",120,1,"co_0001&a1wFylTxYeD","${PASSWORD}"`,
  `AT+CMQTTSUBTOPIC=0,${SET.length},0`,
  `AT+CMQTTSUBTOPIC=0,${REPLY.length},0`,
  "AT+CMQTTSUB=0",
];

function a7670(overrides = {}, crypto?: Crypto): ScriptedModem {
  return new ScriptedModem(overrides, { dialect: A7670, crypto });
}

function online(crypto?: Crypto): ScriptedModem {
  return a7670({ linkCheckMs: 1e9 }, crypto).startOnline();
}

test("A7670 bring-up: CMQTT start, client, a login the firmware signed, one SUBTOPIC per topic", () => {
  for (const crypto of [NODE_CRYPTO, undefined]) {
    const m = a7670({}, crypto);
    m.modem.start();
    assert.ok(m.runUntilOnline(), m.modem.reason);
    assert.equal(m.take(), A7670_PATH, crypto ? "native HMAC" : "TypeScript HMAC");
  }
});

test("without a native HMAC the signature is spread over turns: no turn hashes more than one block", () => {
  const m = a7670();
  let polls = 0;
  const modem = m.modem;
  m.attach({ receive: (b, l) => modem.receive(b, l), poll: () => (polls++, modem.poll()), get online() { return modem.online; } });
  modem.start();
  m.run(400);
  const before = m.commands.indexOf("AT+CMQTTACCQ");
  assert.ok(m.runUntilOnline());
  assert.ok(before < 0 || polls > 4);
  assert.ok(m.commands.some((c) => c.includes(PASSWORD)));
});

test("a login the TypeScript HMAC cannot sign is a config error, never sent with an empty password", () => {
  const m = a7670({ deviceSecret: "s".repeat(65) });
  m.modem.start();
  m.run(2000);
  assert.not.ok(m.modem.online);
  assert.equal(m.modem.stateName, "config-error");
  assert.match(m.modem.reason, "cannot sign the login: key longer than 64 bytes");
  assert.not.ok(m.commands.some((c) => c.startsWith("AT+CMQTTCONNECT") || c.startsWith("AT+CMQTTACCQ")), m.commands.join("\n"));
});

test("a plain login goes as it is given", () => {
  const login = { kind: LOGIN_PLAIN, clientId: "dev1", username: "user", password: "pass", productKey: "", deviceName: "", deviceSecret: "" } as const;
  const m = new ScriptedModem({}, { dialect: A7670, login });
  m.modem.start();
  assert.ok(m.runUntilOnline());
  const cmds = m.take();
  assert.ok(cmds.includes('AT+CMQTTACCQ=0,"dev1",0'));
  assert.ok(cmds.some((c) => c.endsWith(',120,1,"user","pass"')));
});

test("publish: topic and payload through prompts, then CMQTTPUB and its result", () => {
  const m = online();
  const payload = '{"id":"1","params":{"PowerSwitch_1":1}}';
  assert.ok(m.modem.publish("/a/b", payload, PUBLISH_STATE));
  m.run(500);
  assert.equal(m.take(), ["AT+CMQTTTOPIC=0,4", `AT+CMQTTPAYLOAD=0,${payload.length}`, "AT+CMQTTPUB=0,0,60"]);
  assert.equal(m.payloads, [payload]);
  assert.is(m.modem.publisher.sent, 1);
  assert.is(m.modem.publisher.queue.length, 0);
});

test("a failed +CMQTTPUB keeps the message queued and checks the link", () => {
  const m = online();
  m.script.push(["AT+CMQTTPUB=", okThen("+CMQTTPUB: 0,11")]);
  m.modem.publish("/a/b", "{}", PUBLISH_STATE);
  m.run(500);
  m.script.length = 0;
  assert.is(m.modem.publisher.sent, 0);
  assert.is(m.modem.publisher.queue.length, 1);
  assert.is(m.modem.stats.commandTimeouts, 0);
  assert.ok(m.take().includes("AT+CMQTTDISC?"));
});

test("an incoming message in four parts is delivered whole, CR LF and OK inside the payload included", () => {
  const m = online();
  const payload = '{"a":"x\r\nOK\r\n+CMQTTRXEND: 0"}';
  m.say(simcomMessage(SET, SET.length, payload, payload.length));
  m.run(100);
  assert.equal(m.messages, [[SET, payload]]);
  assert.ok(m.modem.online);
});

test("a message whose payload lost bytes is dropped and reported, the link stays up", () => {
  const m = online();
  const text = simcomMessage(SET, SET.length, '{"a":1}', 9);
  m.say(text + "\r\n+CMQTTRXSTART: 0,1,1\r\n");
  m.run(3000);
  assert.equal(m.messages, []);
  assert.ok(m.modem.stats.badFrames >= 1, JSON.stringify(m.modem.stats));
  assert.ok(m.modem.online);
  m.say(simcomMessage(SET, SET.length, "{}", 2));
  m.run(100);
  assert.equal(m.messages, [[SET, "{}"]]);
});

// The fault run's 460 (seeds 39731, 47219 under load): one byte lost inside a payload chunk
// made its CR the chunk's last byte and its LF the line end, so the chunk checked out one byte
// short. Lost from a property name, the JSON still parsed, and the set was refused (460).
test("one byte lost inside a chunk: the CR after it is not taken for the body, the message is dropped", () => {
  const m = online();
  const payload = '{"id":"7","version":"1.0","params":{"powerswitch":1},"method":"thing.service.property.set"}';
  const lost = payload.replace("powerswitch", "powerswich");
  m.say(simcomMessage(SET, SET.length, lost, payload.length));
  m.run(100);
  const topicLost = SET.slice(0, 10) + SET.slice(11);
  m.say(simcomMessage(topicLost, SET.length, payload, payload.length));
  m.run(100);
  assert.equal(m.messages, []);
  assert.is(m.modem.stats.badFrames, 2, JSON.stringify(m.modem.stats));
  assert.ok(m.modem.online);
  m.say(simcomMessage(SET, SET.length, payload, payload.length));
  m.run(100);
  assert.equal(m.messages, [[SET, payload]], "the next whole message is delivered");
});

test("+CMQTTCONNLOST: disconnect, then client, login and subscriptions again", () => {
  const m = online();
  m.urc("+CMQTTCONNLOST: 0,1");
  m.run(20);
  assert.is(m.modem.stateName, "recovering");
  assert.ok(m.runUntilOnline());
  assert.equal(m.take(true), ["AT+CMQTTDISC", "AT+CMQTTACCQ", "AT+CMQTTCONNECT", "AT+CMQTTSUBTOPIC", "AT+CMQTTSUBTOPIC", "AT+CMQTTSUB"]);
  assert.is(m.modem.stats.mqttDrops, 1);
});

test("+CMQTTNONET: the MQTT service is stopped and started again after registration", () => {
  const m = online();
  m.urc("+CMQTTNONET");
  m.run(20);
  assert.match(m.modem.reason, /reactivate pdp/);
  assert.ok(m.runUntilOnline());
  assert.equal(m.take(true).slice(0, 4), ["AT+CMQTTSTOP", "AT+CEREG?", "AT+CMQTTSTART", "AT+CMQTTACCQ"]);
  assert.is(m.modem.stats.pdpDrops, 1);
});

test("CONNACK refusals (SIMCom 30 and 31): auth-failed with the long backoff", () => {
  for (const err of [30, 31]) {
    const m = a7670();
    m.script.push(["AT+CMQTTCONNECT=", okThen(`+CMQTTCONNECT: 0,${err}`)]);
    m.modem.start();
    m.run(60000);
    assert.is(m.modem.stateName, "auth-failed");
    assert.is(m.commands.filter((c) => c.startsWith("AT+CMQTTCONNECT=")).length, 1);
  }
});

test("link check: AT+CMQTTDISC? saying disconnected (1) reopens", () => {
  const m = a7670({ linkCheckMs: 10000 });
  m.modem.start();
  assert.ok(m.runUntilOnline());
  m.take();
  m.script.push(["AT+CMQTTDISC?", "\r\n+CMQTTDISC: 0,1\r\n\r\nOK\r\n"]);
  m.run(10100);
  m.script.length = 0;
  assert.ok(m.runUntilOnline());
  assert.equal(m.take(true).slice(0, 2), ["AT+CMQTTDISC?", "AT+CMQTTDISC"]);
});

test("a module that stops answering is powered off with AT+CPOF, then PWRKEY", () => {
  const m = a7670({ linkCheckMs: 1000 });
  m.modem.start();
  assert.ok(m.runUntilOnline());
  m.dead = true;
  m.run(40000);
  assert.ok(m.commands.includes("AT+CPOF"));
  assert.ok(m.pwrkeyPulses >= 1);
  m.dead = false;
  m.powered = false;
  assert.ok(m.runUntilOnline(200000));
});

// The answer table's own lines (src/modem/simcom/answers.ts) are what these lean on: a table
// that answered wrong would show here, not as a pass on a module no A7670 is.
test("registration on a network that answers only CGREG, or only CREG: polled round to it, then online", () => {
  const silent = "\r\nOK\r\n";
  for (const [unanswered, polls] of [
    [["AT+CEREG?"], ["AT+CEREG?", "AT+CGREG?"]],
    [["AT+CEREG?", "AT+CGREG?"], ["AT+CEREG?", "AT+CGREG?", "AT+CREG?"]],
  ]) {
    const m = a7670({ linkCheckMs: 1e9 });
    for (const q of unanswered) m.script.push([q, silent]);
    m.modem.start();
    assert.ok(m.runUntilOnline(), m.modem.reason);
    const seen = m.take();
    assert.equal(seen.filter((c) => /^AT\+C[EG]?REG\?$/.test(c)), polls);
    assert.is(seen[seen.indexOf(polls[polls.length - 1]) + 1], "AT+CMQTTSTART");
  }
});

test("link checks on a healthy link (+CMQTTDISC: 0,0, connected) change nothing", () => {
  const m = a7670({ linkCheckMs: 10000 });
  m.modem.start();
  assert.ok(m.runUntilOnline());
  m.take();
  m.states.length = 0;
  m.run(35000);
  assert.equal(m.take(), ["AT+CMQTTDISC?", "AT+CMQTTDISC?", "AT+CMQTTDISC?"]);
  assert.equal(m.states, []);
  assert.equal([m.modem.online, m.modem.stats.mqttDrops], [true, 0]);
});

test("a power cycle: AT+CPOF switches the module off, one PWRKEY pulse after the wait boots it, and it comes online", () => {
  const m = a7670({ registrationDeadlineMs: 5000, linkCheckMs: 1e9 });
  const denied = (cmd: string): string => `\r\n${cmd.slice(2, -1)}: 0,3\r\n\r\nOK\r\n`;
  m.script.push(["AT+CEREG?", denied], ["AT+CGREG?", denied], ["AT+CREG?", denied]);
  m.modem.start();
  while (!m.commands.includes("AT+CPOF") && m.clock.t < 60000) m.run(10);
  assert.ok(m.commands.includes("AT+CPOF"));
  m.script.length = 0;
  m.run(1000);
  assert.not.ok(m.powered, "off by its own command");
  assert.ok(m.runUntilOnline());
  assert.equal([m.pwrkeyPulses, m.modem.stats.powerCycles], [1, 1]);
  assert.is(m.modem.engine.strays, 0, "it said nothing the driver did not ask for");
});

test("bring-up and an hour online with the table's answers: every line is one the driver asked for", () => {
  const m = a7670({ linkCheckMs: 60000 });
  m.modem.start();
  assert.ok(m.runUntilOnline());
  m.run(3600000, 50);
  assert.ok(m.modem.online);
  assert.is(m.modem.engine.strays, 0);
});

test("warnings name the A7670's own commands: the publish's three, the close, the stop, the power off", () => {
  const warned = (m: ScriptedModem, line: string): void => assert.ok(m.logs.includes(line), line + " in:\n" + m.logs.join("\n"));
  for (const [cmd, name] of [["AT+CMQTTTOPIC=", "publish topic"], ["AT+CMQTTPAYLOAD=", "publish payload"], ["AT+CMQTTPUB=", "publish"]]) {
    const m = online();
    m.script.push([cmd, "\r\nERROR\r\n"]);
    m.modem.publish("/a/b", "{}", PUBLISH_STATE);
    m.run(300);
    warned(m, `warn: AT ${name} -> ERROR`);
  }
  for (const [urc, cmd, name] of [["+CMQTTCONNLOST: 0,1", "AT+CMQTTDISC=", "mqtt close"], ["+CMQTTNONET", "AT+CMQTTSTOP", "mqtt stop"]]) {
    const m = online();
    m.script.push([cmd, "\r\nERROR\r\n"]);
    m.urc(urc);
    m.run(5000);
    warned(m, `warn: AT ${name} -> ERROR`);
  }
  const dead = a7670({ linkCheckMs: 1000 });
  dead.modem.start();
  assert.ok(dead.runUntilOnline());
  dead.dead = true;
  dead.run(40000);
  warned(dead, "warn: AT power off timed out");
});

test("+CMQTTNONET: the service is started again only once the module says it stopped, whatever line comes first", () => {
  const m = online();
  m.script.push([
    "AT+CMQTTSTOP",
    (_cmd, s) => {
      s.urc("+CGEV: ME PDN DEACT 1", 30);
      s.urc("+CMQTTSTOP: 0", 2000);
      return "\r\nOK\r\n";
    },
  ]);
  m.urc("+CMQTTNONET");
  m.run(1500);
  assert.equal(m.take(), ["AT+CMQTTSTOP"], "still waiting for +CMQTTSTOP");
  m.script.length = 0;
  assert.ok(m.runUntilOnline());
  assert.equal(m.take(true).slice(0, 2), ["AT+CEREG?", "AT+CMQTTSTART"]);
});

test("a link check answered without the client's state is no connection: reopened, the state shown as unknown (-1)", () => {
  const m = a7670({ linkCheckMs: 10000 });
  m.modem.start();
  assert.ok(m.runUntilOnline());
  m.states.length = 0;
  m.script.push(["AT+CMQTTDISC?", "\r\n+CMQTTDISC: 0\r\n\r\nOK\r\n"]);
  m.run(10100);
  assert.ok(m.states.some((s) => s.endsWith("link check: mqtt state -1")), m.states.join("\n"));
});

// A byte lost on the UART can empty a result's client field: client 1's results must still name it.
test("client 1: a connect result, a link check, a publish result or a late subscription's result without a client index is not ours", () => {
  const connect = a7670({ clientIndex: 1, linkCheckMs: 1e9 });
  connect.script.push([
    "AT+CMQTTCONNECT=",
    (_cmd, s) => {
      s.script.length = 0;
      s.urc("+CMQTTCONNECT: ,0", 30);
      return "\r\nOK\r\n";
    },
  ]);
  connect.modem.start();
  assert.ok(connect.runUntilOnline());
  const cmds = connect.take(true);
  assert.is(cmds[cmds.indexOf("AT+CMQTTCONNECT") + 1], "AT+CMQTTDISC", "reopened");

  const c1 = (): ScriptedModem => a7670({ clientIndex: 1, linkCheckMs: 1e9 }).startOnline();
  const check = a7670({ clientIndex: 1, linkCheckMs: 10000 });
  check.script.push(["AT+CMQTTDISC?", "\r\n+CMQTTDISC: 1,0\r\n\r\nOK\r\n"]);
  check.startOnline();
  check.script.unshift(["AT+CMQTTDISC?", "\r\n+CMQTTDISC: ,0\r\n\r\nOK\r\n"]);
  check.run(10100);
  assert.ok(check.states.some((s) => s.endsWith("link check: mqtt state -1")), check.states.join("\n"));

  const pub = c1();
  pub.script.push(["AT+CMQTTPUB=", okThen("+CMQTTPUB: ,0")]);
  pub.modem.publish("/a/b", "{}", PUBLISH_STATE);
  pub.run(300);
  assert.equal([pub.modem.publisher.sent, pub.modem.publisher.queue.length], [0, 1]);

  const sub = c1();
  sub.dataResults.push("+CMQTTSUB: ,0");
  const late = new LateSubscription(sub.modem, sub.config);
  late.poll("/ext/ntp/a1wFylTxYeD/co_0001/response");
  sub.run(300);
  assert.ok(sub.take().some((cmd) => cmd.startsWith("AT+CMQTTSUB=1,")));
  assert.not.ok(late.subscribed);
});

test("a publish result 0 followed by ERROR is no send: the message stays queued and goes again (at least once, never lost)", () => {
  const m = online();
  m.script.push([
    "AT+CMQTTPUB=",
    (_cmd, s) => {
      s.script.length = 0;
      return "\r\n+CMQTTPUB: 0,0\r\n\r\nERROR\r\n";
    },
  ]);
  m.modem.publish("/a/b", "{}", PUBLISH_STATE);
  while (m.modem.publisher.failed === 0 && m.clock.t < 1e6) m.run(5);
  assert.equal([m.modem.publisher.sent, m.modem.publisher.failed, m.modem.publisher.queue.length], [0, 1, 1]);
  m.run(1000);
  assert.equal(m.payloads, ["{}", "{}"], "sent again");
  assert.equal([m.modem.publisher.sent, m.modem.publisher.queue.length], [1, 0]);
});

test("bring-up with TLS and an APN login: each step shown by its name, the login by AT+CGAUTH", () => {
  const ca = readFileSync(new URL("../fixtures/tls/ca.pem", import.meta.url), "utf8");
  const m = a7670({ linkCheckMs: 1e9, tls: true, caCert: ca, apnUser: "u", apnPassword: "p", apnAuth: 2 }, NODE_CRYPTO);
  m.modem.start();
  assert.ok(m.runUntilOnline(), m.modem.reason);
  assert.equal(m.states, [
    "probing",
    "configuring echo off",
    "configuring numeric errors",
    "configuring network time updates",
    "configuring ca check",
    "configuring ca download",
    "configuring ssl version",
    "configuring ssl verify",
    "configuring ssl ca",
    "sim sim",
    "pdp apn",
    "pdp apn login",
    "registering registration urcs",
    "registering registration",
    "pdp mqtt start",
    "mqtt-opening mqtt client",
    "mqtt-opening mqtt ssl",
    "mqtt-connecting mqtt connect",
    "subscribing subscribe topics",
    "subscribing subscribe",
    "online",
  ]);
  const cmds = m.take();
  assert.is(cmds[cmds.indexOf('AT+CGDCONT=1,"IP","CMNET"') + 1], 'AT+CGAUTH=1,2,"u","p"');
});

test("a firmware without AT+CTZU (ERROR) still comes online: the clock setting is optional; silence is asked again", () => {
  const m = a7670({ linkCheckMs: 1e9 });
  m.script.push(["AT+CTZU=", "\r\nERROR\r\n"]);
  m.modem.start();
  assert.ok(m.runUntilOnline(), m.modem.reason);
  assert.equal(m.commands.filter((c) => c.startsWith("AT+CTZU")), ["AT+CTZU=1"]);
  assert.is(m.pwrkeyPulses, 0);
  const silent = a7670({ linkCheckMs: 1e9, atTimeoutMs: 2000 });
  silent.script.push([
    "AT+CTZU=",
    (_cmd, s) => {
      s.script.length = 0;
      return undefined;
    },
  ]);
  silent.modem.start();
  assert.ok(silent.runUntilOnline(), silent.modem.reason);
  assert.equal(silent.commands.filter((c) => c.startsWith("AT+CTZU")), ["AT+CTZU=1", "AT+CTZU=1"]);
});

test("a SIM that wants its PIN is no SIM: the step says so, it does not go on", () => {
  const m = a7670({ linkCheckMs: 1e9 });
  m.script.push(["AT+CPIN?", "\r\n+CPIN: SIM PIN\r\n\r\nOK\r\n"]);
  m.modem.start();
  m.run(20000);
  assert.is(m.modem.stateName, "no-sim");
  assert.not.ok(m.commands.some((c) => c.startsWith("AT+CGDCONT")));
});

test("a line that is not the registration's, between its answer and OK, does not undo it (CEREG, and CGREG and CREG in their turns)", () => {
  const tail = "\r\n+CSQ: 20,99\r\n\r\nOK\r\n";
  for (const [script, polls] of [
    [[["AT+CEREG?", "\r\n+CEREG: 0,1\r\n" + tail]], ["AT+CEREG?"]],
    [[["AT+CEREG?", "\r\nOK\r\n"], ["AT+CGREG?", "\r\n+CGREG: 0,1\r\n" + tail]], ["AT+CEREG?", "AT+CGREG?"]],
    [[["AT+CEREG?", "\r\nOK\r\n"], ["AT+CGREG?", "\r\nOK\r\n"], ["AT+CREG?", "\r\n+CREG: 0,1\r\n" + tail]], ["AT+CEREG?", "AT+CGREG?", "AT+CREG?"]],
  ] as Array<[Array<[string, string]>, string[]]>) {
    const m = a7670({ linkCheckMs: 1e9 });
    for (const s of script) m.script.push(s);
    m.modem.start();
    assert.ok(m.runUntilOnline(), m.modem.reason);
    assert.equal(m.commands.filter((c) => /^AT\+C[EG]?REG\?$/.test(c)), polls);
  }
});

// The module's own URCs (simcom/urcs.ts): boot lines and a power down reset it, so what was in
// flight is over at once; a lost connection or network leaves a prompt the module may still answer.
test("a boot line (*ATREADY on the A7670, RDY on the A7600) while a topic waits for its prompt: no prompt is owed, bring-up starts within a second", () => {
  for (const boot of ["*ATREADY: 1", "RDY"]) {
    const m = online();
    m.script.push(["AT+CMQTTTOPIC", () => undefined]);
    m.modem.publish("/a/b", "{}", PUBLISH_STATE);
    m.run(50);
    m.take();
    m.script.length = 0;
    m.urc(boot);
    m.run(1500);
    assert.ok(m.take().length > 0, boot + ": nothing owed to a module that reset (an owed prompt holds the engine for 5 s)");
    assert.ok(m.runUntilOnline());
    assert.is(m.modem.stats.reboots, 1, boot);
    assert.equal(m.payloads, ["{}"], boot + ": sent after bring-up");
  }
});

test("NORMAL POWER DOWN nobody asked for while a topic waits for its prompt: the module shows off, nothing owed", () => {
  const m = online();
  m.script.push(["AT+CMQTTTOPIC", () => undefined]);
  m.modem.publish("/a/b", "{}", PUBLISH_STATE);
  m.run(50);
  m.urc("NORMAL POWER DOWN");
  m.run(20);
  m.powered = false;
  assert.equal([m.modem.stateName, m.modem.reason], ["off", "module powered down"]);
  assert.is(m.modem.engine.busy, false);
});

test("the connection or the network lost while a topic waits for its prompt: the module still gets the topic, not the next command", () => {
  for (const [lost, recovery] of [["+CMQTTCONNLOST: 0,1", "AT+CMQTTDISC=0,60"], ["+CMQTTNONET", "AT+CMQTTSTOP"]]) {
    const m = online();
    m.script.push([
      "AT+CMQTTTOPIC",
      (cmd, s) => {
        s.expectData(cmd);
        s.urc(lost);
        s.say("\r\n> ", 20);
        return undefined;
      },
    ]);
    m.dataSeen.length = 0;
    m.modem.publish("/a/b", "{}", PUBLISH_STATE);
    m.run(200);
    assert.equal(m.dataSeen.slice(0, 1), ["/a/b"], lost);
    m.script.length = 0;
    assert.ok(m.runUntilOnline(20000), m.modem.stateName);
    assert.ok(m.commands.includes(recovery), lost);
    assert.is(m.modem.stats.commandTimeouts, 0, lost);
  }
});

test("+CMQTTCONNLOST without its cause, or for another client, is told apart", () => {
  const m = online();
  m.urc("+CMQTTCONNLOST: 0");
  m.run(20);
  assert.is(m.modem.reason, "reopen mqtt: closed by the module (-1)");
  const c1 = a7670({ clientIndex: 1, linkCheckMs: 1e9 }).startOnline();
  c1.urc("+CMQTTCONNLOST:");
  c1.run(20);
  assert.ok(c1.modem.online, "a loss that names no client is not ours");
  assert.is(c1.modem.stats.staleUrcs, 1);
});

test("the 27.007 URCs work on the A7670 too: +CPIN: NOT READY goes back to the SIM step", () => {
  const m = online();
  m.urc("+CPIN: NOT READY");
  m.run(20);
  assert.not.ok(m.modem.online);
  assert.ok(m.runUntilOnline());
  assert.is(m.take(true)[0], "AT+CPIN?");
});

test("*ATREADY after a spontaneous reset re-applies everything", () => {
  const m = online();
  m.urc("*ATREADY: 1");
  m.run(10);
  assert.not.ok(m.modem.online);
  assert.ok(m.runUntilOnline());
  assert.is(m.modem.stats.reboots, 1);
  assert.ok(m.take(true).includes("AT+CMQTTSTART"));
});

test.run();
