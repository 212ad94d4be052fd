import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseQlts } from "../../src/modem/quectel/network-time";
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

test.run();
