/** Power, echo, framing, result codes and the non-MQTT commands. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { DEFAULT_DELAYS, formatTrace, minimumPathMs } from "../../sim/ec600s";
import type { DialectAnswers } from "../../src/modem/answers";
import { QUECTEL_ANSWERS } from "../../src/modem/quectel/answers";
import { SIMCOM_ANSWERS } from "../../src/modem/simcom/answers";
import { rig } from "./rig";

test("silent while off; RDY exactly after the boot delay", async () => {
  const r = rig();
  r.sim.write("AT\r");
  await r.clock.advance(10000);
  assert.is(r.take(), "");
  r.sim.powerOn();
  await r.clock.advance(2999);
  assert.is(r.take(), "");
  r.sim.write("AT\r");
  await r.clock.advance(1);
  assert.is(r.take(), "\r\nRDY\r\n", "input before RDY is lost");
  assert.is(r.sim.power, "on");
});

test("echo is on after boot; ATE0 turns it off; framing is CRLF on both sides", async () => {
  const r = rig();
  await r.boot();
  assert.is(await r.at("AT"), "AT\r\r\nOK\r\n");
  assert.is(await r.at("ATE0"), "ATE0\r\r\nOK\r\n");
  assert.is(await r.at("AT"), "\r\nOK\r\n");
  assert.not.ok(r.sim.echo);
  assert.is(await r.at("ATE1"), "\r\nOK\r\n");
  assert.is(await r.at("AT"), "AT\r\r\nOK\r\n");
});

/** The answer table's reply to ATI (src/modem/<dialect>/answers.ts). */
function tableAti(table: DialectAnswers): string {
  const entry = table.answers.find((a) => new RegExp(a.match).test("ATI"));
  if (entry === undefined) throw new Error("no ATI in the table");
  return entry.reply;
}

test("ATI: each personality says what its dialect's answer table says (modem=auto identifies it by that)", async () => {
  for (const [model, table] of [["ec600s", QUECTEL_ANSWERS], ["a7670", SIMCOM_ANSWERS]] as const) {
    const r = rig({ model });
    await r.boot();
    await r.at("ATE0");
    assert.is(await r.at("ATI"), tableAti(table), model);
  }
});

test("LF and CRLF line endings work; the echo repeats what was sent", async () => {
  const r = rig();
  await r.boot();
  r.sim.write("AT\n");
  await r.clock.advance(100);
  assert.is(r.take(), "AT\n\r\nOK\r\n");
  r.sim.write("AT\r\n");
  await r.clock.advance(100);
  assert.is(r.take(), "AT\r\n\r\nOK\r\n");
});

test("unknown or malformed commands answer ERROR; non-AT lines are ignored", async () => {
  const r = rig();
  await r.boot();
  await r.at("ATE0");
  assert.is(await r.at("AT+NOPE"), "\r\nERROR\r\n");
  assert.is(await r.at('AT+QMTOPEN=0,"unterminated'), "\r\nERROR\r\n");
  assert.is(await r.at("hello"), "");
  assert.is(await r.at("AT+CSQ=1"), "\r\nERROR\r\n");
});

test("CMEE=1 gives numeric CME errors; CMEE=0 plain ERROR (no SIM: 10)", async () => {
  const r = rig({ simPresent: false });
  await r.boot();
  await r.at("ATE0");
  assert.is(await r.at("AT+CPIN?"), "\r\nERROR\r\n");
  assert.is(await r.at("AT+CMEE=1"), "\r\nOK\r\n");
  assert.is(await r.at("AT+CMEE?"), "\r\n+CMEE: 1\r\n\r\nOK\r\n");
  assert.is(await r.at("AT+CPIN?"), "\r\n+CME ERROR: 10\r\n");
  assert.is(await r.at("AT+CEREG?", 10000), "\r\n+CEREG: 0,0\r\n\r\nOK\r\n", "no SIM, no registration");
  assert.is(await r.at("AT+CMEE=3"), "\r\nERROR\r\n");
});

test("commands queue while one runs; each answers in order", async () => {
  const r = rig();
  await r.boot();
  r.sim.write("ATE0\rAT+QIACT=1\rAT+QIACT?\rAT\r");
  await r.clock.advance(999);
  assert.is(r.take(), "ATE0\r\r\nOK\r\n", "the echo of queued lines waits too; QIACT is still running");
  await r.clock.advance(100);
  assert.is(r.take(), '\r\nOK\r\n\r\n+QIACT: 1,1,1,"10.189.73.246"\r\n\r\nOK\r\n\r\nOK\r\n');
});

test("registration: searching (2) until the delay, then 1; URCs only when enabled", async () => {
  const r = rig();
  r.sim.powerOn();
  await r.clock.advance(3000);
  r.take();
  await r.at("ATE0", 10);
  assert.is(await r.at("AT+CREG?", 10), "\r\n+CREG: 0,2\r\n\r\nOK\r\n");
  assert.is(await r.at("AT+CEREG=1", 10), "\r\nOK\r\n");
  await r.clock.advance(2000);
  assert.is(r.take(), "\r\n+CEREG: 1\r\n");
  assert.is(await r.at("AT+CGREG?"), "\r\n+CGREG: 0,1\r\n\r\nOK\r\n");
  assert.is(await r.at("AT+CEREG?"), "\r\n+CEREG: 1,1\r\n\r\nOK\r\n");
});

test("QIACT: ERROR before registration (CME 30), OK after the PDP delay, ERROR when active", async () => {
  const r = rig();
  r.sim.powerOn();
  await r.clock.advance(3000);
  r.take();
  await r.at("ATE0", 10);
  await r.at("AT+CMEE=1", 10);
  assert.is(await r.at("AT+QIACT=1", 10), "\r\n+CME ERROR: 30\r\n");
  await r.clock.advance(2000);
  assert.is(await r.at("AT+QIACT?"), "\r\nOK\r\n");
  assert.is(await r.at("AT+QIACT=1", 999), "");
  assert.is(await r.at("AT", 20), "\r\nOK\r\n\r\nOK\r\n");
  assert.is(await r.at("AT+QIACT=1"), "\r\nERROR\r\n");
  assert.is(await r.at("AT+QIDEACT=1"), "\r\nOK\r\n");
  assert.is(await r.at("AT+QIACT?"), "\r\nOK\r\n");
});

test("QICSGP reads the default context and stores a new one", async () => {
  const r = rig({ apn: "CMIOT" });
  await r.boot();
  await r.at("ATE0");
  assert.is(await r.at("AT+QICSGP=1"), '\r\n+QICSGP: 1,"CMIOT","","",1\r\n\r\nOK\r\n');
  assert.is(await r.at('AT+QICSGP=1,1,"UNINET","u","p",2'), "\r\nOK\r\n");
  assert.is(await r.at("AT+QICSGP=1"), '\r\n+QICSGP: 1,"UNINET","u","p",2\r\n\r\nOK\r\n');
  assert.is(await r.at('AT+QICSGP=1,4,"x"'), "\r\nERROR\r\n");
  assert.is(await r.at("AT+QICSGP=17"), "\r\nERROR\r\n");
});

test("QPOWD=1: OK, POWERED DOWN, then silence", async () => {
  const r = rig();
  await r.boot();
  assert.is(await r.at("AT+QPOWD=1"), "AT+QPOWD=1\r\r\nOK\r\n\r\nPOWERED DOWN\r\n");
  assert.is(r.sim.power, "off");
  assert.is(await r.at("AT"), "");
});

test("PWRKEY held for the hold time turns the module on, and later off", async () => {
  const r = rig();
  r.sim.pwrkey(0);
  await r.clock.advance(100);
  r.sim.pwrkey(1);
  await r.clock.advance(5000);
  assert.is(r.take(), "", "a short pulse does nothing");
  r.sim.pwrkey(0);
  await r.clock.advance(DEFAULT_DELAYS.pwrkeyHold);
  r.sim.pwrkey(1);
  await r.clock.advance(3000);
  assert.is(r.take(), "\r\nRDY\r\n");
  r.sim.pwrkey(0);
  await r.clock.advance(2000);
  r.sim.pwrkey(1);
  assert.is(r.take(), "\r\nPOWERED DOWN\r\n");
  assert.is(r.sim.power, "off");
});

test("boot URCs follow RDY when configured", async () => {
  const r = rig({ bootUrcs: ["+CPIN: READY", "+QIND: SMS DONE"] });
  r.sim.powerOn();
  await r.clock.advance(3500);
  assert.is(r.take(), "\r\nRDY\r\n\r\n+CPIN: READY\r\n\r\n+QIND: SMS DONE\r\n");
});

test("ATI, CSQ and CFUN", async () => {
  const r = rig();
  await r.boot();
  await r.at("ATE0");
  assert.ok((await r.at("ATI")).startsWith("\r\nQuectel\r\nEC600S\r\n"));
  assert.is(await r.at("AT+CSQ"), "\r\n+CSQ: 24,99\r\n\r\nOK\r\n");
  assert.is(await r.at("AT+CFUN?"), "\r\n+CFUN: 1\r\n\r\nOK\r\n");
  assert.is(await r.at("AT+CFUN=1,1", 4000), "\r\nOK\r\n\r\nRDY\r\n", "CFUN=1,1 resets");
});

test("minimumPathMs sums the delays on the power-on -> subscribed path", () => {
  const r = rig({ delays: { boot: 1000, response: 1 } });
  assert.is(r.sim.minimumPathMs(), 500 + 1000 + 2000 + 1000 + 3 + 300 + 300 + 100);
  assert.is(minimumPathMs(DEFAULT_DELAYS), 7230);
});

test("trace records both directions with simulated time", async () => {
  const r = rig();
  await r.boot();
  r.sim.write("AT\r");
  await r.clock.advance(100);
  const lines = r.trace.map(formatTrace);
  assert.is(lines[0], "[    3000.000] rx  \\r\\nRDY\\r\\n");
  assert.ok(lines.includes("[    5000.000] tx  AT\\r"));
  assert.ok(lines.includes("[    5010.000] rx  \\r\\nOK\\r\\n"));
});

test.run();
