/** The QMT command set against the in-memory broker. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { aliyunAuthenticator } from "../../sim/ec600s";
import { DEVICE, POST_TOPIC, rig, SET_TOPIC } from "./rig";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

test("QMTCFG sets, reads back, and rejects bad values and options", async () => {
  const r = rig();
  await r.boot();
  await r.at("ATE0");
  assert.is(await r.at('AT+QMTCFG="keepalive",0,60'), "\r\nOK\r\n");
  assert.is(await r.at('AT+QMTCFG="keepalive",0'), '\r\n+QMTCFG: "keepalive",60\r\n\r\nOK\r\n');
  assert.is(await r.at('AT+QMTCFG="timeout",0,10'), "\r\nOK\r\n");
  assert.is(await r.at('AT+QMTCFG="timeout",0'), '\r\n+QMTCFG: "timeout",10,3,0\r\n\r\nOK\r\n');
  assert.is(await r.at('AT+QMTCFG="version",1,4'), "\r\nOK\r\n");
  assert.is(await r.at('AT+QMTCFG="session",0,1'), "\r\nOK\r\n");
  assert.is(await r.at('AT+QMTCFG="pdpcid",0,1'), "\r\nOK\r\n");
  assert.is(await r.at('AT+QMTCFG="will",0,0'), "\r\nOK\r\n");
  assert.is(await r.at('AT+QMTCFG="aliauth",0,"pk","dn","ds"'), "\r\nOK\r\n");
  assert.is(await r.at('AT+QMTCFG="aliauth",0'), '\r\n+QMTCFG: "aliauth","pk","dn","ds"\r\n\r\nOK\r\n');
  for (const bad of ['"keepalive",0,3601', '"version",0,5', '"recv/mode",0,2', '"recv/mode",0,0,1,1', '"timeout",0,0', '"keepalive",6,60', '"nonsense",0,1', "keepalive,0,60", '"aliauth",0,"pk","dn"']) {
    assert.is(await r.at(`AT+QMTCFG=${bad}`), "\r\nERROR\r\n", bad);
  }
});

test("QMTOPEN: 3 without PDP, 0 when up, 2 when already open; read form lists it", async () => {
  const r = rig();
  await r.boot();
  await r.at("ATE0");
  assert.is(await r.at('AT+QMTOPEN=0,"h",1883'), "\r\nOK\r\n\r\n+QMTOPEN: 0,3\r\n");
  await r.at("AT+QIACT=1", 2000);
  assert.is(await r.at('AT+QMTOPEN=0,"h",1883', 309), "\r\nOK\r\n", "result after the open delay");
  assert.is(r.take() + (await r.at("AT", 10)), "\r\n+QMTOPEN: 0,0\r\n\r\nOK\r\n");
  assert.is(await r.at('AT+QMTOPEN=0,"h",1883'), "\r\nOK\r\n\r\n+QMTOPEN: 0,2\r\n");
  assert.is(await r.at("AT+QMTOPEN?"), '\r\n+QMTOPEN: 0,"h",1883\r\n\r\nOK\r\n');
  assert.is(await r.at("AT+QMTCONN?"), "\r\n+QMTCONN: 0,1\r\n\r\nOK\r\n");
  assert.is(await r.at('AT+QMTOPEN=6,"h",1883'), "\r\nERROR\r\n");
  assert.is(await r.at('AT+QMTOPEN=1,"h",0'), "\r\nERROR\r\n");
  assert.is(await r.at(`AT+QMTOPEN=1,"${"h".repeat(101)}",1883`), "\r\nERROR\r\n");
});

test("QMTOPEN: DNS failure 4, TCP failure 5", async () => {
  const r = rig({ network: { knownHost: (e) => e.host !== "nowhere" } });
  await r.boot();
  await r.at("ATE0");
  await r.at("AT+QIACT=1", 2000);
  assert.is(await r.at('AT+QMTOPEN=0,"nowhere",1883'), "\r\nOK\r\n\r\n+QMTOPEN: 0,4\r\n");
  r.network.down = true;
  assert.is(await r.at('AT+QMTOPEN=0,"h",1883'), "\r\nOK\r\n\r\n+QMTOPEN: 0,5\r\n");
  r.network.down = false;
  assert.is(await r.at('AT+QMTOPEN=0,"h",1883'), "\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n");
});

test("QMTCONN with aliauth signs like Aliyun; a wrong secret is refused with CONNACK 4", async () => {
  const r = rig({ network: { authenticate: aliyunAuthenticator([DEVICE]) } });
  await r.boot();
  await r.at("ATE0");
  await r.at("AT+QIACT=1", 2000);
  await r.at('AT+QMTCFG="aliauth",0,"a1wFylTxYeD","co_0001","wrong"');
  await r.at('AT+QMTOPEN=0,"h",1883');
  assert.is(await r.at('AT+QMTCONN=0,"dev"'), "\r\nOK\r\n\r\n+QMTCONN: 0,2,4\r\n");
  assert.is(r.sim.clientState(0), "idle", "a refused client is closed");
  assert.is(await r.at('AT+QMTCONN=0,"dev"'), "\r\nERROR\r\n", "not open");
  await r.at(`AT+QMTCFG="aliauth",0,"a1wFylTxYeD","co_0001","${DEVICE.deviceSecret}"`);
  await r.at('AT+QMTOPEN=0,"h",1883');
  assert.is(await r.at('AT+QMTCONN=0,"dev"'), "\r\nOK\r\n\r\n+QMTCONN: 0,0,0\r\n");
  assert.equal(r.network.sessions(), [{ clientId: "dev|securemode=3,signmethod=hmacsha1,timestamp=1700000000000|", username: "co_0001&a1wFylTxYeD" }]);
  assert.is(await r.at("AT+QMTCONN?"), "\r\n+QMTCONN: 0,3\r\n\r\nOK\r\n");
});

test("QMTCONN without aliauth passes user and password; short success shape", async () => {
  const r = rig({ connSuccessShape: "0,0", network: { authenticate: (req) => (req.username === "u" && req.password === "p" ? 0 : 5) } });
  await r.boot();
  await r.at("ATE0");
  await r.at("AT+QIACT=1", 2000);
  await r.at('AT+QMTOPEN=2,"h",1883');
  assert.is(await r.at('AT+QMTCONN=2,"c","u","p"'), "\r\nOK\r\n\r\n+QMTCONN: 2,0\r\n");
  assert.equal(r.network.sessions(), [{ clientId: "c", username: "u" }]);
  assert.is(await r.at('AT+QMTCONN=2,"c","u"'), "\r\nERROR\r\n");
});

test("SUB and UNS: granted QoS per topic; rejected when not connected", async () => {
  const r = rig({ network: { grant: (qos, topic) => (topic.includes("forbidden") ? 128 : qos) } });
  await r.boot();
  await r.at("ATE0");
  assert.is(await r.at(`AT+QMTSUB=0,1,"${SET_TOPIC}",0`), "\r\nERROR\r\n");
  await r.connected();
  assert.is(await r.at(`AT+QMTSUB=0,7,"${SET_TOPIC}",1,"a/forbidden",0`), "\r\nOK\r\n\r\n+QMTSUB: 0,7,0,1,128\r\n");
  assert.is(await r.at(`AT+QMTSUB=0,0,"${SET_TOPIC}",0`), "\r\nERROR\r\n", "msgid 0");
  assert.is(await r.at(`AT+QMTSUB=0,1,"${SET_TOPIC}",3`), "\r\nERROR\r\n", "qos 3");
  assert.is(await r.at(`AT+QMTUNS=0,8,"${SET_TOPIC}"`), "\r\nOK\r\n\r\n+QMTUNS: 0,8,0\r\n");
  assert.is(r.network.publish(SET_TOPIC, "x"), 0, "unsubscribed");
});

test("QMTRECV carries the payload raw: quotes, commas, CR and LF; length counts bytes", async () => {
  const r = rig();
  await r.connected();
  await r.at(`AT+QMTSUB=0,1,"${SET_TOPIC}",1`);
  const payload = '{"a":"x\r\n\\"y",\r\n"b":1}';
  r.network.publish(SET_TOPIC, payload, 0);
  await r.clock.advance(1);
  assert.is(r.take(), `\r\n+QMTRECV: 0,0,"${SET_TOPIC}",${payload.length},"${payload}"\r\n`);
  r.network.publish(SET_TOPIC, "q1", 1);
  await r.clock.advance(1);
  assert.match(r.take(), /^\r\n\+QMTRECV: 0,[1-9]\d*,".*",2,"q1"\r\n$/);
});

test("recv/mode without length, and buffer mode read with QMTRECV", async () => {
  const r = rig();
  await r.connected();
  await r.at('AT+QMTCFG="recv/mode",0,0,0');
  await r.at(`AT+QMTSUB=0,1,"${SET_TOPIC}",0`);
  r.network.publish(SET_TOPIC, "p1");
  await r.clock.advance(1);
  assert.is(r.take(), `\r\n+QMTRECV: 0,0,"${SET_TOPIC}","p1"\r\n`);
  await r.at('AT+QMTCFG="recv/mode",0,1,1');
  r.network.publish(SET_TOPIC, "p2");
  await r.clock.advance(1);
  assert.is(r.take(), "\r\n+QMTRECV: 0,0\r\n");
  assert.is(await r.at("AT+QMTRECV?"), "\r\n+QMTRECV: 0,1,0,0,0,0\r\n\r\nOK\r\n");
  assert.is(await r.at("AT+QMTRECV=0,0"), `\r\n+QMTRECV: 0,0,"${SET_TOPIC}",2,"p2"\r\n\r\nOK\r\n`);
  assert.is(await r.at("AT+QMTRECV=0,0"), "\r\nOK\r\n", "read once");
});

test("PUBEX: prompt, exact-length raw payload (CR/LF inside), OK, then +QMTPUBEX", async () => {
  const r = rig();
  await r.connected();
  const payload = 'a"b\r\nc';
  assert.is(await r.at(`AT+QMTPUBEX=0,0,0,0,"${POST_TOPIC}",${payload.length}`), "\r\n> ");
  r.sim.write(payload.slice(0, 3));
  await r.clock.advance(100);
  assert.is(r.take(), "", "waits for the rest");
  r.sim.write(payload.slice(3) + "AT\r");
  await r.clock.advance(100);
  assert.is(r.take(), "\r\nOK\r\n\r\n+QMTPUBEX: 0,0,0\r\n\r\nOK\r\n", "bytes after the payload are the next command");
  assert.equal(r.network.published.map((p) => [p.topic, text(p.payload), p.qos]), [[POST_TOPIC, payload, 0]]);
});

test("PUBEX msgid rules and validation", async () => {
  const r = rig();
  await r.connected();
  for (const bad of ['0,1,0,0,"t",1', '0,0,1,0,"t",1', '0,65536,1,0,"t",1', '0,0,0,2,"t",1', '0,0,0,0,"t",0', '0,0,0,0,"t",4097', '1,0,0,0,"t",1', '0,0,0,0,t,1']) {
    assert.is(await r.at(`AT+QMTPUBEX=${bad}`), "\r\nERROR\r\n", bad);
  }
  assert.is(await r.at(`AT+QMTPUBEX=0,5,1,0,"${POST_TOPIC}",2`), "\r\n> ");
  assert.is(await r.at("xy"), "\r\nOK\r\n\r\n+QMTPUBEX: 0,5,0\r\n");
});

test("prompt shapes are configurable; payload echo follows ATE", async () => {
  const r = rig({ pubexPrompt: ">" });
  await r.connected();
  await r.at("ATE1");
  assert.is(await r.at(`AT+QMTPUBEX=0,0,0,0,"${POST_TOPIC}",2`), `AT+QMTPUBEX=0,0,0,0,"${POST_TOPIC}",2\r>`);
  r.sim.write("hi");
  await r.clock.advance(100);
  assert.is(r.take(), "hi\r\nOK\r\n\r\n+QMTPUBEX: 0,0,0\r\n");
});

test("a strict module takes the LF of CRLF as the first payload byte", async () => {
  const r = rig({ lfAfterCr: "payload" });
  await r.connected();
  r.sim.write(`AT+QMTPUBEX=0,0,0,0,"${POST_TOPIC}",3\r\n`);
  await r.clock.advance(100);
  r.sim.write("abc");
  await r.clock.advance(100);
  assert.is(r.take(), "\r\n> \r\nOK\r\n\r\n+QMTPUBEX: 0,0,0\r\n");
  assert.equal(r.network.published.map((p) => text(p.payload)), ["\nab"]);
  assert.is(await r.at("AT", 100), "", "the leftover 'c' makes the next line 'cAT', which is no command");
  assert.is(await r.at("AT", 100), "\r\nOK\r\n");
});

test("QMTDISC and QMTCLOSE end the client; ERROR on an idle one", async () => {
  const r = rig();
  await r.connected();
  assert.is(await r.at("AT+QMTDISC=0"), "\r\nOK\r\n\r\n+QMTDISC: 0,0\r\n");
  assert.equal([r.sim.clientState(0), r.network.sessions()], ["idle", []]);
  assert.is(await r.at("AT+QMTDISC=0"), "\r\nERROR\r\n");
  await r.at('AT+QMTOPEN=0,"h",1883');
  assert.is(await r.at("AT+QMTCLOSE=0"), "\r\nOK\r\n\r\n+QMTCLOSE: 0,0\r\n");
  assert.is(await r.at("AT+QMTCLOSE=0"), "\r\nERROR\r\n");
});

test("broker drop -> +QMTSTAT: 0,1; a second login of the same device kicks us", async () => {
  const r = rig();
  await r.connected();
  r.network.dropAll();
  await r.clock.advance(1);
  assert.is(r.take(), "\r\n+QMTSTAT: 0,1\r\n");
  assert.is(r.sim.clientState(0), "idle");
  await r.at('AT+QMTOPEN=0,"h",1883');
  await r.at('AT+QMTCONN=0,"dev"');
  const intruder = await r.network.open({ host: "h", port: 1883 }, { message: () => undefined, closed: () => undefined });
  assert.is(await intruder.connect({ clientId: "other", username: "co_0001&a1wFylTxYeD", keepalive: 60, clean: true, version: 4, timeoutMs: 1000 }), 0);
  await r.clock.advance(1);
  assert.is(r.take(), "\r\n+QMTSTAT: 0,1\r\n");
});

test("the module never hears its own publish back (Aliyun no-echo)", async () => {
  const r = rig();
  await r.connected();
  await r.at(`AT+QMTSUB=0,1,"${POST_TOPIC}",0`);
  await r.at(`AT+QMTPUBEX=0,0,0,0,"${POST_TOPIC}",2`);
  assert.is(await r.at("{}"), "\r\nOK\r\n\r\n+QMTPUBEX: 0,0,0\r\n");
});

test.run();
