import { test } from "uvu";
import * as assert from "uvu/assert";
import { encodeNtpRequest, ntpTime } from "../../src/cloud/ntp";
import { decideSet } from "../../src/cloud/set-decision";

test("NTP: the request carries the device's send time as a string", () => {
  assert.equal(JSON.parse(encodeNtpRequest(1234.7)), { deviceSendTime: "1234" });
});

test("NTP: Aliyun's four-timestamp formula gives the server's time at receipt", () => {
  // Sent at device 1000, server got it at 5000 and answered at 5002, received at device 1100:
  // (5000 + 5002 + 1100 - 1000) / 2 = 5051, i.e. 5002 plus half of the 98 ms round trip.
  const answer = JSON.stringify({ deviceSendTime: "1000", serverRecvTime: "5000", serverSendTime: "5002" });
  assert.is(ntpTime(answer, 1000, 1100), 5051);
  assert.is(ntpTime(JSON.stringify({ deviceSendTime: 1000, serverRecvTime: 5000, serverSendTime: 5002 }), 1000, 1100), 5051);
});

test("NTP: an answer to another request, or one that is not sound, is no time", () => {
  const ok = { deviceSendTime: "1000", serverRecvTime: "5000", serverSendTime: "5002" };
  assert.ok(isNaN(ntpTime(JSON.stringify(ok), 999, 1100)), "another request's answer");
  assert.ok(isNaN(ntpTime(JSON.stringify({ ...ok, serverRecvTime: "x" }), 1000, 1100)));
  assert.ok(isNaN(ntpTime(JSON.stringify({ ...ok, serverSendTime: "4000" }), 1000, 1100)), "sent before received");
  assert.ok(isNaN(ntpTime(JSON.stringify({ ...ok, serverSendTime: "12345678901234567" }), 1000, 1100)), "too many digits");
  assert.ok(isNaN(ntpTime("not json", 1000, 1100)));
});

test("NTP: a stamp is 1 to 16 digits or a whole number, 0 included; anything else is no time", () => {
  const at = (fields: Record<string, unknown>): number => ntpTime(JSON.stringify({ deviceSendTime: "1000", serverRecvTime: "5000", serverSendTime: "5002", ...fields }), 1000, 1100);
  assert.is(at({ serverRecvTime: "1000000000000000", serverSendTime: "1000000000000000" }), 1000000000000050, "16 digits");
  assert.is(ntpTime(JSON.stringify({ deviceSendTime: "0", serverRecvTime: "5000", serverSendTime: "5002" }), 0, 100), 5051, "sent at the device's first millisecond");
  assert.is(at({ serverRecvTime: 0 }), 2551, "(0 + 5002 + 1100 - 1000) / 2");
  for (const bad of ["x5000", "5000x", "5000 ", "50e2", "-5000", "50.5", "", " 5000"]) assert.ok(isNaN(at({ serverRecvTime: bad })), JSON.stringify(bad));
  for (const bad of [-2, 5000.5, true, null, ["5000"], { n: 5000 }]) assert.ok(isNaN(at({ serverRecvTime: bad })), JSON.stringify(bad));
});

test("a set with the timer properties is decided whole with the switch", () => {
  const entry = { Timer: "0 7 * * *", Enable: 1, IsValid: 1, Targets: "PowerSwitch_1", TimezoneOffset: 0, PowerSwitch: 1 };
  const both = decideSet({ PowerSwitch_1: 1, LocalTimer: [entry] }, true);
  assert.is(both.code, 200);
  if (both.code === 200) assert.is(both.changes.powerSwitch, 1);
  assert.is(decideSet({ PowerSwitch_1: 2, LocalTimer: [entry] }, true).code, 460, "a bad switch value refuses the schedules too");
  assert.is(decideSet({ PowerSwitch_1: 1, LocalTimer: [{ ...entry, Timer: "x" }] }, true).code, 460, "a bad schedule refuses the switch too");
  assert.is(decideSet({ LocalTimer: [entry] }, false).code, 460, "a device without timers does not know the property");
  assert.is(decideSet(JSON.parse('{"LocalTimer":[],"__proto__":{"PowerSwitch_1":1}}') as Record<string, unknown>, true).code, 460);
  const only = decideSet({ CountDown: { IsRunning: 0 } }, true);
  assert.is(only.code, 200);
  if (only.code === 200) assert.is(only.changes.powerSwitch, null);
});

test.run();
