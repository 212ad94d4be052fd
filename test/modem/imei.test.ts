/** The IMEI on request (ModemOptions.readImei): AT+CGSN once before bring-up, then never again. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ScriptedModem } from "./scripted-modem";

test("readImei: AT+CGSN before ATE0, the IMEI in identity; a reboot does not ask again", () => {
  const m = new ScriptedModem({}, { readImei: true });
  m.script.push(["AT+CGSN", "\r\n861234567890123\r\n\r\nOK\r\n"]);
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.equal(m.take().slice(0, 3), ["AT", "AT+CGSN", "ATE0"]);
  assert.is(m.modem.identity.imei, "861234567890123");
  m.take();
  m.urc("RDY");
  m.run(20);
  assert.not.ok(m.modem.online, "the reboot was heard");
  assert.ok(m.runUntilOnline());
  const again = m.take();
  assert.is(again[0], "ATE0", again.join(" "));
  assert.not.ok(again.includes("AT+CGSN"));
});

test("readImei: an answer without an IMEI is one warning, and bring-up goes on (asked again at the next bring-up)", () => {
  const m = new ScriptedModem({}, { readImei: true });
  m.script.push(["AT+CGSN", "\r\nERROR\r\n"]);
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.is(m.modem.identity.imei, "");
  assert.ok(m.logs.some((l) => l === "warn: modem: no IMEI in the answer to AT+CGSN"), m.logs.join("\n"));
});

test.run();
