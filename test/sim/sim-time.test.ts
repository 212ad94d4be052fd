import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseQlts } from "../../src/modem/quectel/network-time";
import { parseCclk } from "../../src/modem/simcom/network-time";
import { rig } from "./rig";

// rig()'s wall clock: 1700000000000 = 2023-11-14 22:13:20 UTC.
test("QLTS: empty before registration; UTC (mode 1) and local (mode 2) after, with the zone in quarter hours", async () => {
  const r = rig();
  r.sim.powerOn();
  await r.clock.advance(3000);
  r.take();
  await r.at("ATE0", 10);
  assert.is(await r.at("AT+QLTS=1", 10), '\r\n+QLTS: ""\r\n\r\nOK\r\n');
  await r.clock.advance(2000);
  assert.is(await r.at("AT+QLTS=1", 10), '\r\n+QLTS: "2023/11/14,22:13:20+32,0"\r\n\r\nOK\r\n');
  assert.is(await r.at("AT+QLTS=2", 10), '\r\n+QLTS: "2023/11/15,06:13:20+32,0"\r\n\r\nOK\r\n');
  assert.is(await r.at("AT+QLTS", 10), '\r\n+QLTS: "2023/11/14,22:13:20+32,0"\r\n\r\nOK\r\n');
  assert.is(await r.at("AT+QLTS=?", 10), "\r\n+QLTS: (0-2)\r\n\r\nOK\r\n");
  assert.is(await r.at("AT+QLTS=3", 10), "\r\nERROR\r\n");
});

test("the firmware's reader takes the simulator's answer as the same instant", () => {
  assert.is(parseQlts('+QLTS: "2023/11/14,22:13:20+32,0"'), 1700000000000);
});

test("A7670 CCLK: the module's epoch until CTZU=1 and registration, then local time with its zone; a reboot forgets CTZU", async () => {
  const r = rig({ model: "a7670" });
  r.sim.powerOn();
  await r.clock.advance(3000);
  r.take();
  await r.at("ATE0", 10);
  assert.is(await r.at("AT+CTZU?", 10), "\r\n+CTZU: 0\r\n\r\nOK\r\n");
  await r.clock.advance(2000);
  assert.is(await r.at("AT+CCLK?", 10), '\r\n+CCLK: "70/01/01,00:00:00+00"\r\n\r\nOK\r\n', "registered, but CTZU is off");
  assert.is(await r.at("AT+CTZU=1", 10), "\r\nOK\r\n");
  const answer = await r.at("AT+CCLK?", 10);
  assert.is(answer, '\r\n+CCLK: "23/11/15,06:13:20+32"\r\n\r\nOK\r\n');
  assert.is(parseCclk(answer.split("\r\n")[1]), 1700000000000, "the firmware's reader takes it as the same instant");
  assert.is(await r.at("AT+CTZU=2", 10), "\r\nERROR\r\n");
  r.sim.inject("reboot");
  await r.clock.advance(8000);
  r.take();
  await r.at("ATE0", 10);
  assert.is(await r.at("AT+CCLK?", 10), '\r\n+CCLK: "70/01/01,00:00:00+00"\r\n\r\nOK\r\n');
});

test.run();
