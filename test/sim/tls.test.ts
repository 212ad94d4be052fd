/**
 * The simulated modules' TLS: Quectel's UFS upload and SSL contexts, SIMCom's certificate
 * store, and MQTT opened over node:tls to the embedded broker's TLS listener, verified
 * against the CA the module was given.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { startBroker, testTls, type RunningBroker } from "../../sim/broker";
import { SimTerminal as Terminal } from "./terminal";
import { fileChecksum } from "../../sim/ec600s/ssl";
import { DEVICE, rig } from "./rig";

const TLS = testTls();
const CA = TLS.ca;
const SUM = fileChecksum(new TextEncoder().encode(CA)).toString(16);

async function upload(r: ReturnType<typeof rig>, name: string, pem: string): Promise<string> {
  assert.is(await r.at(`AT+QFUPL="${name}",${pem.length},10`, 100), "\r\nCONNECT\r\n");
  r.sim.write(pem);
  await r.clock.advance(100);
  return r.take();
}

test("QFUPL: CONNECT, the bytes, size and XOR checksum; listed; 407 when it exists; kept across a reboot", async () => {
  const r = rig();
  await r.boot();
  await r.at("ATE0");
  await r.at("AT+CMEE=1");
  assert.is(await r.at('AT+QFLST="UFS:ca.pem"'), "\r\nOK\r\n");
  assert.is(await upload(r, "UFS:ca.pem", CA), `\r\n+QFUPL: ${CA.length},${SUM}\r\n\r\nOK\r\n`);
  assert.is(await r.at('AT+QFLST="UFS:ca.pem"'), `\r\n+QFLST: "UFS:ca.pem",${CA.length}\r\n\r\nOK\r\n`);
  assert.is(await r.at(`AT+QFUPL="ca.pem",${CA.length},10`), "\r\n+CME ERROR: 407\r\n");
  r.sim.inject("reboot");
  await r.clock.advance(r.sim.delays.boot + 100);
  r.take();
  await r.at("ATE0");
  assert.ok((await r.at('AT+QFLST="*"')).includes(`+QFLST: "UFS:ca.pem",${CA.length}`), "flash keeps files");
  await r.at("AT+CMEE=1");
  assert.is(await r.at('AT+QFDEL="UFS:ca.pem"'), "\r\nOK\r\n");
  assert.is(await r.at('AT+QFDEL="UFS:ca.pem"'), "\r\n+CME ERROR: 405\r\n");
});

test("QFUPL faults: bytes that stop coming (421), a refused upload, a corrupted one (wrong checksum)", async () => {
  const r = rig();
  await r.boot();
  await r.at("ATE0");
  await r.at("AT+CMEE=1");
  assert.is(await r.at(`AT+QFUPL="a.pem",100,2`, 100), "\r\nCONNECT\r\n");
  r.sim.write("only a few bytes");
  assert.is(await r.at("", 3000), "\r\n+CME ERROR: 421\r\n");
  r.sim.inject("upload-refuse:409");
  assert.is(await r.at(`AT+QFUPL="b.pem",10,2`), "\r\n+CME ERROR: 409\r\n");
  r.sim.inject("upload-corrupt");
  const answer = await upload(r, "c.pem", CA);
  assert.ok(answer.startsWith(`\r\n+QFUPL: ${CA.length},`) && !answer.includes(`,${SUM}\r\n`), answer);
});

test("QSSLCFG set and read back; unknown settings and bad values are ERROR", async () => {
  const r = rig();
  await r.boot();
  await r.at("ATE0");
  for (const line of ['AT+QSSLCFG="sslversion",1,4', 'AT+QSSLCFG="ciphersuite",1,0XFFFF', 'AT+QSSLCFG="cacert",1,"UFS:ca.pem"', 'AT+QSSLCFG="seclevel",1,1', 'AT+QSSLCFG="sni",1,1']) {
    assert.is(await r.at(line), "\r\nOK\r\n", line);
  }
  assert.is(await r.at('AT+QSSLCFG="cacert",1'), '\r\n+QSSLCFG: "cacert",1,"UFS:ca.pem"\r\n\r\nOK\r\n');
  assert.is(await r.at('AT+QSSLCFG="seclevel",1,7'), "\r\nERROR\r\n");
  assert.is(await r.at('AT+QSSLCFG="bogus",1,1'), "\r\nERROR\r\n");
  assert.is(await r.at('AT+QSSLCFG="sslversion",6,4'), "\r\nERROR\r\n");
});

async function sslOpen(r: ReturnType<typeof rig>, pem: string): Promise<string> {
  await r.boot();
  await r.at("ATE0");
  await upload(r, "UFS:ca.pem", pem);
  for (const line of ['AT+QSSLCFG="cacert",1,"UFS:ca.pem"', 'AT+QSSLCFG="seclevel",1,1', 'AT+QMTCFG="ssl",0,1,1', "AT+QIACT=1"]) await r.at(line, 2000);
  return r.at('AT+QMTOPEN=0,"broker",8883');
}

test("QMTOPEN over SSL: the right CA opens, another CA fails the handshake as -1, no CA file as -1", async () => {
  const good = rig({ network: { serverCa: CA } });
  assert.ok((await sslOpen(good, CA)).includes("+QMTOPEN: 0,0"));
  const bad = rig({ network: { serverCa: CA } });
  assert.ok((await sslOpen(bad, TLS.otherCa)).includes("+QMTOPEN: 0,-1"));
  const none = rig({ network: { serverCa: CA } });
  await none.boot();
  await none.at("ATE0");
  for (const line of ['AT+QSSLCFG="cacert",1,"UFS:missing.pem"', 'AT+QSSLCFG="seclevel",1,1', 'AT+QMTCFG="ssl",0,1,1', "AT+QIACT=1"]) await none.at(line, 2000);
  assert.ok((await none.at('AT+QMTOPEN=0,"broker",8883')).includes("+QMTOPEN: 0,-1"));
});


/** Asked, not awaited as a URC: registration may have finished before anyone asked for URCs. */
async function registered(term: Terminal): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if ((await term.at("AT+CEREG?")).includes("+CEREG: 0,1")) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("never registered");
}

async function withBroker(model: "ec600s" | "a7670", body: (broker: RunningBroker, term: Terminal) => Promise<void>): Promise<void> {
  const broker = await startBroker({ devices: [DEVICE], tls: TLS });
  const term = new Terminal(broker, model, 5000);
  try {
    await body(broker, term);
  } finally {
    term.sim.close();
    await broker.close();
  }
}

async function quectelOverTls(term: Terminal, pem: string): Promise<string> {
  term.sim.powerOn();
  await term.expect("RDY");
  await term.at("ATE0");
  await term.at(`AT+QFUPL="UFS:ca.pem",${pem.length},10`, "CONNECT\r\n");
  term.sim.write(pem);
  await term.expect("\r\nOK\r\n");
  for (const line of ['AT+QSSLCFG="cacert",1,"UFS:ca.pem"', 'AT+QSSLCFG="seclevel",1,1', 'AT+QMTCFG="ssl",0,1,1']) await term.at(line);
  await registered(term);
  await term.at("AT+QIACT=1");
  await term.at(`AT+QMTCFG="aliauth",0,"${DEVICE.productKey}","${DEVICE.deviceName}","${DEVICE.deviceSecret}"`);
  return term.at('AT+QMTOPEN=0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883', "+QMTOPEN: 0,");
}

test("EC600S over real TLS: the test CA opens and logs in (securemode=2); another CA is refused (-1)", async () => {
  await withBroker("ec600s", async (broker, term) => {
    await quectelOverTls(term, CA);
    assert.is(await term.expect("\r\n"), "0\r\n");
    let clientId = "";
    broker.events.once("deviceOnline", (_d, id) => (clientId = id));
    await term.at('AT+QMTCONN=0,"clientExample_0"', "+QMTCONN: 0,0,0");
    for (let i = 0; i < 500 && clientId === ""; i++) await new Promise((resolve) => setTimeout(resolve, 2));
    assert.ok(clientId.includes("securemode=2"), clientId);
  });
  await withBroker("ec600s", async (_broker, term) => {
    await quectelOverTls(term, TLS.otherCa);
    assert.is(await term.expect("\r\n"), "-1\r\n");
  });
});

async function simcomOverTls(term: Terminal, pem: string): Promise<string> {
  term.sim.powerOn();
  await term.expect("*ATREADY: 1");
  await term.at("ATE0");
  await term.at(`AT+CCERTDOWN="ca.pem",${pem.length}`, ">");
  term.sim.write(pem);
  await term.expect("\r\nOK\r\n");
  assert.ok((await term.at("AT+CCERTLIST")).includes('+CCERTLIST: "ca.pem"'));
  for (const line of ['AT+CSSLCFG="sslversion",0,4', 'AT+CSSLCFG="authmode",0,1', 'AT+CSSLCFG="cacert",0,"ca.pem"']) await term.at(line);
  await registered(term);
  await term.at("AT+CMQTTSTART", "+CMQTTSTART: 0");
  // Started already: the real module's answer, 23 and then ERROR (the driver goes on).
  assert.match(await term.at("AT+CMQTTSTART", "\r\nERROR\r\n"), "\r\n+CMQTTSTART: 23\r\n\r\nERROR\r\n");
  await term.at('AT+CMQTTACCQ=0,"c",1');
  await term.at("AT+CMQTTSSLCFG=0,0");
  return term.at('AT+CMQTTCONNECT=0,"tcp://iot-as-mqtt.cn-shanghai.aliyuncs.com:1883",60,1,"u","p"', "+CMQTTCONNECT: 0,");
}

test("A7670 over real TLS: CCERTDOWN'd CA reaches the broker (a refused login, 30, proves the TLS link); another CA is 32", async () => {
  await withBroker("a7670", async (_broker, term) => {
    await simcomOverTls(term, CA);
    assert.is(await term.expect("\r\n"), "30\r\n");
  });
  await withBroker("a7670", async (_broker, term) => {
    await simcomOverTls(term, TLS.otherCa);
    assert.is(await term.expect("\r\n"), "32\r\n");
  });
});

test.run();
