import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { checkLocalTimerList, cronMatches, encodeCountDown, encodeLocalTimer, newCronMasks, parseCountDown, parseCron, parseLocalTimer } from "../../src/cloud/timer-model";

const ENTRY = { Timer: "43 10 * * 1,2,3", Enable: 1, IsValid: 1, Targets: "PowerSwitch_1", TimezoneOffset: 28800, PowerSwitch: 1 };

function masks(text: string) {
  const m = newCronMasks();
  const why = parseCron(text, m);
  assert.is(why, "", text);
  return m;
}

test("cron: the issue's example matches 10:43 on Monday to Wednesday only", () => {
  const m = masks("43 10 * * 1,2,3");
  assert.ok(cronMatches(m, 43, 10, 7, 12, 1));
  assert.ok(cronMatches(m, 43, 10, 9, 12, 3));
  assert.not.ok(cronMatches(m, 43, 10, 10, 12, 4), "Thursday");
  assert.not.ok(cronMatches(m, 42, 10, 7, 12, 1));
  assert.not.ok(cronMatches(m, 43, 11, 7, 12, 1));
});

test("cron: ranges, steps, minutes past 29, weekday 7 is Sunday, and both day fields restricted means either", () => {
  assert.ok(cronMatches(masks("*/15 * * * *"), 45, 3, 1, 1, 0));
  assert.not.ok(cronMatches(masks("*/15 * * * *"), 46, 3, 1, 1, 0));
  assert.ok(cronMatches(masks("30-59/10 8-9 * * *"), 50, 9, 1, 1, 0));
  assert.not.ok(cronMatches(masks("30-59/10 8-9 * * *"), 55, 9, 1, 1, 0));
  assert.ok(cronMatches(masks("0 0 * * 7"), 0, 0, 6, 12, 0));
  const both = masks("0 12 1 * 5");
  assert.ok(cronMatches(both, 0, 12, 1, 3, 2), "the 1st, not a Friday");
  assert.ok(cronMatches(both, 0, 12, 4, 3, 5), "a Friday, not the 1st");
  assert.not.ok(cronMatches(both, 0, 12, 4, 3, 4));
  assert.ok(cronMatches(masks("0 0 31 12 *"), 0, 0, 31, 12, 3));
});

test("cron: malformed or out-of-range text is refused with the field named", () => {
  const bad: Array<[string, RegExp]> = [
    ["", /characters/],
    ["43 10 * *", /5 fields/],
    ["60 10 * * *", /minute/],
    ["0 24 * * *", /hour/],
    ["0 0 0 * *", /day/],
    ["0 0 * 13 *", /month/],
    ["0 0 * * 8", /weekday/],
    ["5-1 * * * *", /minute/],
    ["*/0 * * * *", /minute/],
    ["1,,2 * * * *", /minute/],
    ["a * * * *", /only digits/],
    ["100 * * * *", /minute/],
    ["0 0 * * *" + " ".repeat(60), /characters/],
  ];
  for (const [text, why] of bad) assert.match(parseCron(text, newCronMasks()), why, JSON.stringify(text));
});

test("cron agrees with a plain reading of the fields for any single values (property)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 23 }), (m, h, qm, qh) => {
      const c = masks(`${m} ${h} * * *`);
      return cronMatches(c, qm, qh, 15, 6, 2) === (m === qm && h === qh);
    }),
  );
});

/** The minutes a minute field fires at, as cronMatches sees them (hour 7, any day). */
function minutesFired(field: string): number[] {
  const m = masks(field + " 7 * * *");
  const out: number[] = [];
  for (let minute = 0; minute < 60; minute++) if (cronMatches(m, minute, 7, 15, 6, 2)) out.push(minute);
  return out;
}

function every(lo: number, hi: number, step: number): number[] {
  const out: number[] = [];
  for (let v = lo; v <= hi; v += step) out.push(v);
  return out;
}

test("cron: every minute n, a-b, a-b/s, a/s and */s fires at exactly the minutes cron gives, across the 29/30 mask split", () => {
  // Steps past 32 (the bit table's end) and past 59 still fire at their first minute.
  const steps = [1, 2, 3, 7, 10, 20, 29, 30, 31, 32, 33, 40, 59, 99];
  for (let a = 0; a < 60; a++) {
    assert.equal(minutesFired(String(a)), [a], String(a));
    for (const s of steps) {
      assert.equal(minutesFired(a + "/" + s), every(a, 59, s), a + "/" + s);
      if (a === 0) assert.equal(minutesFired("*/" + s), every(0, 59, s), "*/" + s);
    }
    for (let b = a; b < 60; b++) {
      assert.equal(minutesFired(a + "-" + b), every(a, b, 1), a + "-" + b);
      for (const s of steps) assert.equal(minutesFired(a + "-" + b + "/" + s), every(a, b, s), a + "-" + b + "/" + s);
    }
  }
});

test("cron: the masks hold only their documented bits (minutes 30-59 in minHi, nothing stray in minLo)", () => {
  assert.equal(masks("31-35,40-50/5 7 * * *"), {
    minLo: 0,
    minHi: 0b111110 | (1 << 10) | (1 << 15) | (1 << 20),
    hours: 1 << 7,
    days: 0xfffffffe,
    months: 0x1ffe,
    weekdays: 0x7f,
    daysAny: true,
    weekdaysAny: true,
  });
  assert.equal(masks("45 0 1 1 0"), { minLo: 0, minHi: 1 << 15, hours: 1, days: 2, months: 2, weekdays: 1, daysAny: false, weekdaysAny: false });
});

test("cron: a day of the month with any weekday fires on that day only; a weekday with any day on that weekday only", () => {
  const first = masks("0 12 1 * *");
  assert.ok(cronMatches(first, 0, 12, 1, 3, 2));
  assert.ok(cronMatches(first, 0, 12, 1, 4, 6));
  assert.not.ok(cronMatches(first, 0, 12, 2, 3, 3), "the 2nd");
  const friday = masks("0 12 * * 5");
  assert.ok(cronMatches(friday, 0, 12, 7, 3, 5));
  assert.not.ok(cronMatches(friday, 0, 12, 1, 3, 4), "the 1st, a Thursday");
});

test("cron: spaces around and between the fields are taken (the app's text may carry them)", () => {
  for (const text of [" 0 7 * * * ", "0  7 *   * *", "  0 7 * * *"]) {
    const m = masks(text);
    assert.ok(cronMatches(m, 0, 7, 9, 5, 4), JSON.stringify(text));
    assert.not.ok(cronMatches(m, 1, 7, 9, 5, 4), JSON.stringify(text));
  }
});

test("cron: the exact reasons a Timer text is refused, as the cloud receives them", () => {
  const longest = "00" + ",0".repeat(23) + " 7 * * *";
  assert.is(longest.length, 56);
  const m = masks(longest);
  assert.ok(cronMatches(m, 0, 7, 9, 5, 4));
  const cases: Array<[string, string]> = [
    [longest + " ", "must be 1 to 56 characters"],
    ["", "must be 1 to 56 characters"],
    ["0 0 * * 1a", "may hold only digits, spaces and * , - /"],
    ["0 0 * *", "must have 5 fields (minute hour day month weekday)"],
    ["60 10 * * *", "minute item '60' outside 0-59"],
    ["0 0 0 * *", "day item '0' outside 1-31"],
    ["0 0 5-1 * *", "day item '5-1' outside 1-31"],
    ["0 0 * * 8", "weekday item '8' outside 0-7"],
    ["*/0 * * * *", "minute item '*/0' outside 0-59"],
    ["1,,2 * * * *", "minute item '' is not n, a-b or *, with an optional /step"],
    ["5- * * * *", "minute item '5-' is not n, a-b or *, with an optional /step"],
    ["*/ * * * *", "minute item '*/' is not n, a-b or *, with an optional /step"],
    ["*/100 * * * *", "minute item '*/100' is not n, a-b or *, with an optional /step"],
    ["0 1-2-3 * * *", "hour item '1-2-3' is not n, a-b or *, with an optional /step"],
  ];
  for (const [text, why] of cases) assert.is(parseCron(text, newCronMasks()), why, JSON.stringify(text));
  assert.equal(parseLocalTimer([{ ...ENTRY, Timer: longest + "," }]), { ok: false, message: "LocalTimer[0]: Timer must be 1 to 56 characters" });
  assert.equal(parseLocalTimer([{ ...ENTRY, Timer: "0 0 * * 1a" }]), { ok: false, message: "LocalTimer[0]: Timer may hold only digits, spaces and * , - /" });
});

test("LocalTimer: the zone's limits (-43200, 50400) are taken; CountDown takes exactly a week", () => {
  for (const tz of [-43200, 50400]) {
    const d = parseLocalTimer([{ ...ENTRY, TimezoneOffset: tz }]);
    if (!d.ok) throw new Error(d.message);
    assert.is(d.entries[0].tzOffset, tz);
  }
  assert.equal(parseCountDown({ IsRunning: 1, TimeLeft: 604800, PowerSwitch: 1 }), { ok: true, set: { isRunning: 1, timeLeft: 604800, power: 1, timestamp: "" } });
  assert.is(parseCountDown({ IsRunning: 1, TimeLeft: 604801, PowerSwitch: 1 }).ok, false);
});

test("LocalTimer: a sound list is taken whole and encodes back as sent", () => {
  const second = { Timer: "0 22 * * *", Enable: 0, IsValid: 1, Targets: "PowerSwitch_1", TimezoneOffset: -18000, PowerSwitch_1: 0 };
  const d = parseLocalTimer([ENTRY, second]);
  if (!d.ok) throw new Error(d.message);
  assert.is(d.entries.length, 2);
  assert.equal(JSON.parse(encodeLocalTimer(d.entries, 2)), [ENTRY, second]);
});

test("LocalTimer: without TimezoneOffset the platform's default (28800) is used and reported", () => {
  const noZone: Record<string, unknown> = { ...ENTRY };
  delete noZone.TimezoneOffset;
  const d = parseLocalTimer([noZone]);
  if (!d.ok) throw new Error(d.message);
  assert.is(d.entries[0].tzOffset, 28800);
});

test("LocalTimer: one bad entry refuses the whole list, saying which and why", () => {
  const cases: Array<[unknown, RegExp]> = [
    [{}, /must be an array/],
    [[ENTRY, ENTRY, ENTRY, ENTRY, ENTRY, ENTRY], /at most 5/],
    [[ENTRY, { ...ENTRY, Timer: "99 10 * * *" }], /LocalTimer\[1\]: Timer minute/],
    [[{ ...ENTRY, Targets: "PowerSwitch_2" }], /Targets/],
    [[{ ...ENTRY, Enable: 2 }], /Enable/],
    [[{ ...ENTRY, TimezoneOffset: 28801 }], /TimezoneOffset/],
    [[{ ...ENTRY, TimezoneOffset: 90000 }], /TimezoneOffset/],
    [[{ ...ENTRY, PowerSwitch: "1" }], /PowerSwitch must be 0 or 1/],
    [[{ ...ENTRY, PowerSwitch_1: 1 }], /one of PowerSwitch or PowerSwitch_1/],
    [[{ ...ENTRY, Colour: 1 }], /unknown member Colour/],
    [["43 10 * * *"], /not an object/],
  ];
  for (const [value, why] of cases) {
    const d = parseLocalTimer(value);
    assert.is(d.ok, false, JSON.stringify(value));
    if (!d.ok) assert.match(d.message, why);
  }
});

test("LocalTimer: a list of exactly 5 entries is taken, a sixth refuses it with the limit named", () => {
  const five = [ENTRY, ENTRY, ENTRY, ENTRY, ENTRY];
  assert.is(checkLocalTimerList(five), "");
  const d = parseLocalTimer(five);
  if (!d.ok) throw new Error(d.message);
  assert.is(d.entries.length, 5);
  const six = five.concat([ENTRY]);
  assert.is(checkLocalTimerList(six), "LocalTimer holds at most 5 entries");
  assert.equal(parseLocalTimer(six), { ok: false, message: "LocalTimer holds at most 5 entries" });
  assert.is(checkLocalTimerList({}), "LocalTimer must be an array");
});

test("LocalTimer: IsValid absent means valid, 0 is kept as sent, anything else is refused", () => {
  const noValid: Record<string, unknown> = { ...ENTRY };
  delete noValid.IsValid;
  const d = parseLocalTimer([noValid]);
  if (!d.ok) throw new Error(d.message);
  assert.is(d.entries[0].isValid, 1);
  const off = parseLocalTimer([{ ...ENTRY, IsValid: 0 }]);
  if (!off.ok) throw new Error(off.message);
  assert.is(off.entries[0].isValid, 0);
  assert.equal(JSON.parse(encodeLocalTimer(off.entries, 1)), [{ ...ENTRY, IsValid: 0 }]);
  assert.equal(parseLocalTimer([{ ...ENTRY, IsValid: 2 }]), { ok: false, message: "LocalTimer[0]: IsValid must be 0 or 1" });
});

test("LocalTimer: the reason texts the cloud receives for a bad Timer, Targets, zone or member", () => {
  const cases: Array<[unknown, string]> = [
    [{ ...ENTRY, Timer: 43 }, "LocalTimer[0]: Timer must be a string"],
    [{ ...ENTRY, Targets: 1 }, "LocalTimer[0]: Targets must be one of PowerSwitch_1"],
    [{ ...ENTRY, TimezoneOffset: 28801 }, "LocalTimer[0]: TimezoneOffset must be whole minutes, in seconds from -43200 to 50400"],
    [{ ...ENTRY, ["M".repeat(40)]: 1 }, "LocalTimer[0]: unknown member " + "M".repeat(32)],
  ];
  for (const [entry, message] of cases) assert.equal(parseLocalTimer([entry]), { ok: false, message: message }, JSON.stringify(entry));
});

test("CountDown: start, cancel without the rest, and refusals", () => {
  assert.equal(parseCountDown({ IsRunning: 1, TimeLeft: 600, PowerSwitch: 0, Timestamp: "1733121613000" }), {
    ok: true,
    set: { isRunning: 1, timeLeft: 600, power: 0, timestamp: "1733121613000" },
  });
  assert.equal(parseCountDown({ IsRunning: 0 }), { ok: true, set: { isRunning: 0, timeLeft: 0, power: 0, timestamp: "" } });
  for (const bad of [{ IsRunning: 1, TimeLeft: 0, PowerSwitch: 1 }, { IsRunning: 1, TimeLeft: 1.5, PowerSwitch: 1 }, { IsRunning: 1, TimeLeft: 700000, PowerSwitch: 1 }, { IsRunning: 1, TimeLeft: 5 }, { IsRunning: 2, TimeLeft: 5, PowerSwitch: 1 }, { IsRunning: 1, TimeLeft: 5, PowerSwitch: 1, Extra: 1 }, { IsRunning: 1, TimeLeft: 5, PowerSwitch: 1, Timestamp: "x" }, [1]]) {
    assert.is(parseCountDown(bad).ok, false, JSON.stringify(bad));
  }
  assert.equal(JSON.parse(encodeCountDown(1, 42, 1, "")), { IsRunning: 1, TimeLeft: 42, PowerSwitch: 1 });
});

test.run();
