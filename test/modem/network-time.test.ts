import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { daysFromCivil, modemClockUtc } from "../../src/modem/modem-clock";
import { parseQlts } from "../../src/modem/quectel/network-time";
import { parseCclk } from "../../src/modem/simcom/network-time";
import { civilMinute, newCivilMinute } from "../../src/app/civil-time";

test("QLTS: four- and two-digit years, as UTC", () => {
  assert.is(parseQlts('+QLTS: "2026/12/02,06:40:13+32,0"'), Date.UTC(2026, 11, 2, 6, 40, 13));
  assert.is(parseQlts('+QLTS: "26/12/02,06:40:13+32,0"'), Date.UTC(2026, 11, 2, 6, 40, 13));
});

test("QLTS: no network time yet, a module epoch, or garbage is no time", () => {
  for (const line of ['+QLTS: ""', '+QLTS: "1980/01/06,00:00:00+00,0"', '+QLTS: "80/01/06,00:00:00+00,0"', '+QLTS: "2026/13/02,06:40:13+32,0"', '+QLTS: "2026/12/02,25:40:13+32,0"', "+QLTS: 5", "OK", '+QLTS: "20261/12/02,06:40:13"']) {
    assert.ok(isNaN(parseQlts(line)), line);
  }
});

test("CCLK: local time less its zone (quarter hours, either sign) is UTC", () => {
  assert.is(parseCclk('+CCLK: "26/12/07,10:42:30+32"'), Date.UTC(2026, 11, 7, 2, 42, 30));
  assert.is(parseCclk('+CCLK: "26/12/07,01:42:30-04"'), Date.UTC(2026, 11, 7, 2, 42, 30));
  // Across midnight and a year.
  assert.is(parseCclk('+CCLK: "27/01/01,07:00:00+32"'), Date.UTC(2026, 11, 31, 23, 0, 0));
  assert.is(parseCclk('+CCLK: "26/12/07,02:42:30+00"'), Date.UTC(2026, 11, 7, 2, 42, 30));
});

test("CCLK: the module's epoch before NITZ, no zone, or garbage is no time", () => {
  for (const line of ['+CCLK: "70/01/01,08:00:05+32"', '+CCLK: "80/01/06,00:00:00+00"', '+CCLK: "26/12/07,10:42:30"', '+CCLK: "26/12/07,10:42:30+99"', '+CCLK: "26/13/07,10:42:30+32"', '+QLTS: "26/12/07,10:42:30+32"', "OK", "+CCLK: 5"]) {
    assert.ok(isNaN(parseCclk(line)), line);
  }
});

test("CCLK: a field out of its range, or a zone without a sign, is no time", () => {
  const lines = ['+CCLK: "26/00/07,10:42:30+32"', '+CCLK: "26/12/00,10:42:30+32"', '+CCLK: "26/12/32,10:42:30+32"', '+CCLK: "26/12/07,10:60:30+32"', '+CCLK: "26/12/07,10:42:61+32"', '+CCLK: "26/12/07,10:42:30 32"'];
  for (const line of lines) {
    assert.ok(isNaN(parseCclk(line)), line);
  }
});

test("CCLK: a leap second and the widest zone (+96 quarters, a day) are times", () => {
  assert.is(parseCclk('+CCLK: "26/12/31,23:59:60+00"'), Date.UTC(2027, 0, 1, 0, 0, 0));
  assert.is(parseCclk('+CCLK: "26/12/08,02:42:30+96"'), Date.UTC(2026, 11, 7, 2, 42, 30));
});

test("the zone's sign is the first sign in the text: a later one changes nothing", () => {
  assert.is(modemClockUtc("26/12/07,10:42:30+32 -1", true), Date.UTC(2026, 11, 7, 2, 42, 30));
  assert.is(modemClockUtc("26/12/07,01:42:30-04 +1", true), Date.UTC(2026, 11, 7, 2, 42, 30));
});

test("a UTC clock needs no zone, and its seconds may end the text", () => {
  assert.is(modemClockUtc("2026/12/02,06:40:13", false), Date.UTC(2026, 11, 2, 6, 40, 13));
});

test("the clock's numbers are runs of digits, however many characters part them", () => {
  assert.is(modemClockUtc("26/12/07, 10:42:30 +32", true), Date.UTC(2026, 11, 7, 2, 42, 30));
});

test("CCLK agrees with Date for any instant and zone (property)", () => {
  fc.assert(
    fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2069, 11, 31) }), fc.integer({ min: -48, max: 56 }), (utcS, zone) => {
      const ms = Math.floor(utcS / 1000) * 1000;
      const d = new Date(ms + zone * 900000);
      const two = (n: number): string => String(n).padStart(2, "0");
      const local = d.getUTCFullYear();
      if (local < 2020 || local > 2069) return true;
      const line = `+CCLK: "${two(local % 100)}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())},${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}${zone < 0 ? "-" : "+"}${two(Math.abs(zone))}"`;
      return parseCclk(line) === ms;
    }),
    { numRuns: 2000 },
  );
});

test("calendar arithmetic agrees with Date both ways (property)", () => {
  const c = newCivilMinute();
  fc.assert(
    fc.property(fc.integer({ min: -1e13, max: 4e12 }), (ms) => {
      const d = new Date(ms);
      civilMinute(Math.floor(ms / 60000), c);
      const days = daysFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
      return (
        c.year === d.getUTCFullYear() && c.month === d.getUTCMonth() + 1 && c.day === d.getUTCDate() && c.hour === d.getUTCHours() && c.minute === d.getUTCMinutes() && c.weekday === d.getUTCDay() && days === Math.floor(ms / 86400000)
      );
    }),
    { numRuns: 2000 },
  );
});

test.run();
