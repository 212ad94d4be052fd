/** Fault injection: the string forms, and what each fault does on the wire. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseFault, parseFaults } from "../../sim/ec600s";
import { rig, SET_TOPIC } from "./rig";

test("fault strings parse into data; bad ones throw", () => {
  assert.equal(parseFault("qmtstat:2"), { kind: "qmtstat", err: 2, client: 0 });
  assert.equal(parseFault("qmtstat:7:3"), { kind: "qmtstat", err: 7, client: 3 });
  assert.equal(parseFault("loss:3"), { kind: "loss", bytes: 3 });
  assert.equal(parseFault("loss:p=0.25"), { kind: "loss-probability", p: 0.25 });
  assert.equal(parseFault("loss:off"), { kind: "loss-probability", p: 0 });
  assert.equal(parseFault("reg-loss"), { kind: "reg-loss", stat: 2, ms: 5000 });
  assert.equal(parseFault("drop-urc:+QMTCONN"), { kind: "drop-urc", prefix: "+QMTCONN" });
  assert.equal(parseFault("nosim"), { kind: "sim", present: false });
  assert.equal(parseFault("reboot:silent"), { kind: "reboot", silent: true });
  assert.equal(parseFaults(" reboot; connack:5  drop-final "), [{ kind: "reboot", silent: false }, { kind: "connack", code: 5 }, { kind: "drop-final", count: 1 }]);
  for (const bad of ["explode", "loss", "loss:p=2", "delay-final", "qmtstat:x", "qmtstat:1:6", "pdpdeact:0", "toString", "reboot:loud"]) {
    assert.throws(() => parseFault(bad), undefined, bad);
  }
});

test("loss:N drops exactly N bytes of the next chunk only", async () => {
  const r = rig();
  await r.boot();
  await r.at("ATE0");
  r.sim.inject("loss:2");
  assert.is((await r.at("AT")).length, "\r\nOK\r\n".length - 2);
  assert.is(await r.at("AT"), "\r\nOK\r\n");
});

test("loss:p drops bytes until switched off", async () => {
  const r = rig({ seed: 7 });
  await r.boot();
  await r.at("ATE0");
  r.sim.inject("loss:p=0.5");
  let got = "";
  for (let i = 0; i < 20; i++) got += await r.at("AT");
  assert.ok(got.length > 20 && got.length < 100, `about half of 120 bytes, got ${got.length}`);
  r.sim.inject("loss:off");
  assert.is(await r.at("AT"), "\r\nOK\r\n");
});

test("garbage puts random bytes on the line at once", async () => {
  const r = rig();
  await r.boot();
  r.sim.inject("garbage:16");
  assert.is(r.take().length, 16);
});

test("drop-final and delay-final", async () => {
  const r = rig();
  await r.boot();
  await r.at("ATE0");
  r.sim.inject("drop-final");
  assert.is(await r.at("AT+CSQ"), "\r\n+CSQ: 24,99\r\n", "information without its OK");
  assert.is(await r.at("AT"), "\r\nOK\r\n", "the module still moved on");
  r.sim.inject({ kind: "delay-final", ms: 5000 });
  assert.is(await r.at("AT", 4000), "");
  assert.is(await r.at("AT", 100), "\r\nOK\r\n", "the next command's OK overtakes");
  await r.clock.advance(1000);
  assert.is(r.take(), "\r\nOK\r\n");
});

test("drop-urc swallows the next matching URC only", async () => {
  const r = rig();
  await r.connected();
  await r.at("AT+QMTDISC=0");
  r.sim.inject("drop-urc:+QMTOPEN");
  assert.is(await r.at('AT+QMTOPEN=0,"h",1883'), "\r\nOK\r\n");
  assert.is(r.sim.clientState(0), "open", "it happened, the host just never heard");
  assert.is(await r.at('AT+QMTOPEN=1,"h",1883'), "\r\nOK\r\n\r\n+QMTOPEN: 1,0\r\n");
});

test("reboot: silence, RDY, echo back on, PDP/MQTT/QMTCFG forgotten", async () => {
  const r = rig();
  await r.connected();
  await r.at('AT+QMTCFG="keepalive",0,30');
  r.sim.inject("reboot");
  assert.equal(r.network.sessions(), [], "the broker saw the connection go");
  assert.is(await r.at("AT", 2900), "", "deaf while booting");
  await r.clock.advance(100);
  assert.is(r.take(), "\r\nRDY\r\n");
  assert.ok(r.sim.echo);
  await r.clock.advance(2000);
  assert.is(await r.at("AT+QIACT?"), "AT+QIACT?\r\r\nOK\r\n");
  assert.is(await r.at("AT+QMTCONN?"), "AT+QMTCONN?\r\r\nOK\r\n");
  assert.is(await r.at('AT+QMTCFG="keepalive",0'), 'AT+QMTCFG="keepalive",0\r\r\n+QMTCFG: "keepalive",120\r\n\r\nOK\r\n');
});

test("reboot:silent: the same reset, but its RDY never reaches the host; the next RDY does", async () => {
  const r = rig();
  await r.connected();
  r.sim.inject("reboot:silent");
  await r.clock.advance(3000);
  assert.is(r.take(), "", "no RDY");
  assert.ok(r.sim.echo, "echo back on: the host can tell from its next command");
  assert.is(await r.at("AT+QMTCONN?"), "AT+QMTCONN?\r\r\nOK\r\n");
  r.sim.inject("reboot");
  await r.clock.advance(3000);
  assert.is(r.take(), "\r\nRDY\r\n", "only that one RDY was lost");
});

test("qmtstat:N closes the client and tells the host; stale ones come for idle clients too", async () => {
  const r = rig();
  await r.connected();
  r.sim.inject("qmtstat:2");
  assert.is(r.take(), "\r\n+QMTSTAT: 0,2\r\n");
  assert.equal([r.sim.clientState(0), r.network.sessions()], ["idle", []]);
  r.sim.inject("qmtstat:7:0");
  assert.is(r.take(), "\r\n+QMTSTAT: 0,7\r\n");
});

test("pdpdeact: URC, context down, MQTT gone", async () => {
  const r = rig();
  await r.connected();
  r.sim.inject("pdpdeact");
  assert.is(r.take(), '\r\n+QIURC: "pdpdeact",1\r\n\r\n+QMTSTAT: 0,1\r\n');
  assert.is(await r.at("AT+QIACT?"), "\r\nOK\r\n");
  assert.is(await r.at('AT+QMTOPEN=0,"h",1883'), "\r\nOK\r\n\r\n+QMTOPEN: 0,3\r\n");
});

test("reg-loss: stat drops (URC when enabled), QIACT fails, comes back after the delay", async () => {
  const r = rig();
  await r.boot();
  await r.at("ATE0");
  await r.at("AT+CEREG=1");
  r.sim.inject("reg-loss:0:3000");
  assert.is(r.take(), "\r\n+CEREG: 0\r\n");
  assert.is(await r.at("AT+CEREG?"), "\r\n+CEREG: 1,0\r\n\r\nOK\r\n");
  assert.is(await r.at("AT+QIACT=1"), "\r\nERROR\r\n");
  await r.clock.advance(2000);
  assert.is(r.take(), "\r\n+CEREG: 1\r\n");
  r.sim.inject("reg-loss:2:0");
  await r.clock.advance(60000);
  assert.is(r.take(), "\r\n+CEREG: 2\r\n", "0 ms: until restored");
  r.sim.inject("reg-restore");
  assert.is(r.take(), "\r\n+CEREG: 1\r\n");
});

test("connack:4 refuses the next QMTCONN only", async () => {
  const r = rig();
  await r.boot();
  await r.at("ATE0");
  await r.at("AT+QIACT=1", 2000);
  r.sim.inject("connack:4");
  await r.at('AT+QMTOPEN=0,"h",1883');
  assert.is(await r.at('AT+QMTCONN=0,"c"'), "\r\nOK\r\n\r\n+QMTCONN: 0,2,4\r\n");
  await r.at('AT+QMTOPEN=0,"h",1883');
  assert.is(await r.at('AT+QMTCONN=0,"c"'), "\r\nOK\r\n\r\n+QMTCONN: 0,0,0\r\n");
});

test("nosim / sim: CPIN URCs, no registration, then search and attach", async () => {
  const r = rig();
  await r.boot();
  await r.at("ATE0");
  r.sim.inject("nosim");
  assert.is(r.take(), "\r\n+CPIN: NOT READY\r\n");
  assert.is(await r.at("AT+CREG?"), "\r\n+CREG: 0,0\r\n\r\nOK\r\n");
  r.sim.inject("sim");
  assert.is(r.take(), "\r\n+CPIN: READY\r\n");
  assert.is(await r.at("AT+CREG?", 2000), "\r\n+CREG: 0,2\r\n\r\nOK\r\n");
  assert.is(await r.at("AT+CREG?"), "\r\n+CREG: 0,1\r\n\r\nOK\r\n");
});

test("messages for a client that was dropped are not delivered", async () => {
  const r = rig();
  await r.connected();
  await r.at(`AT+QMTSUB=0,1,"${SET_TOPIC}",0`);
  r.sim.inject("qmtstat:1");
  r.take();
  assert.is(r.network.publish(SET_TOPIC, "late"), 0);
  await r.clock.advance(10);
  assert.is(r.take(), "");
});

test.run();
