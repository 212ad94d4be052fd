import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { daysFromCivil, parseQlts } from "../../src/modem/quectel/network-time";
import { civilMinute, newCivilMinute } from "../../src/app/civil-time";

test("QLTS: four- and two-digit years, as UTC", () => {
  assert.is(parseQlts('+QLTS: "2026/12/02,06:40:13+32,0"'), Date.UTC(2026, 11, 2, 6, 40, 13));
  assert.is(parseQlts('+QLTS: "26/12/02,06:40:13+32,0"'), Date.UTC(2026, 11, 2, 6, 40, 13));
});

test("QLTS: no network time yet, a module epoch, or garbage is no time", () => {
  for (const line of ['+QLTS: ""', '+QLTS: "1980/01/06,00:00:00+00,0"', '+QLTS: "2026/13/02,06:40:13+32,0"', '+QLTS: "2026/12/02,25:40:13+32,0"', "+QLTS: 5", "OK", '+QLTS: "20261/12/02,06:40:13"']) {
    assert.ok(isNaN(parseQlts(line)), line);
  }
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
