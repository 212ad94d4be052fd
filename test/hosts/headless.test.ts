/** --headless prints what the cloud and the UART say: none of it may reach the terminal as control bytes. */
import { EventEmitter } from "node:events";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { RigEvents, RigEventBody } from "../../hosts/node/events";
import { printEvents } from "../../hosts/node/headless";
import { lineLog } from "../../hosts/node/log";
import { printable } from "../../hosts/node/printable";
import type { Rig } from "../../hosts/node/rig";

// A set id that retitles the window (OSC), rings the bell, clears the screen and moves the cursor.
const HOSTILE = "42\x1b]0;pwned\x07\x1b[2J\x1b[H\x9b31m\r\nfake line\u202e";
// Any C0 control, DEL, C1 control or bidi/line-separator override left in a line.
const CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function headlessLines(bodies: RigEventBody[]): string[] {
  const events = new EventEmitter<RigEvents>();
  const lines: string[] = [];
  printEvents({ events } as unknown as Rig, (line) => lines.push(line));
  for (const body of bodies) events.emit("event", { ...body, at: 1000, wall: 0 });
  return lines;
}

test("a hostile set id and log text are printed escaped, one line each", () => {
  const trip = { id: HOSTILE, value: 1 as const, relayMs: 5, replyMs: 9, replyCode: 200, postMs: 20, done: true, scale: 1 };
  const lines = headlessLines([
    { type: "roundtrip", trip },
    { type: "log", level: "warn", message: `set ${HOSTILE} refused` },
    { type: "offline", reason: HOSTILE },
    { type: "modem", state: "failed", reason: HOSTILE, step: false },
  ]);
  assert.is(lines.length, 4);
  for (const line of lines) {
    assert.not.match(line, CONTROL, JSON.stringify(line));
    assert.ok(line.includes("42\\x1b]0;pwned\\x07\\x1b[2J\\x1b[H\\u009b31m\\x0d\\x0afake line\\u202e"), line);
  }
  assert.match(lines[0], /^00:00:01\.000  set       PowerSwitch_1=1 \(id 42\\x1b/);
});

test("the firmware's log lines are escaped too", () => {
  const lines: string[] = [];
  lineLog((l) => lines.push(l), () => "00:00:00.000")("warn", `bad id ${HOSTILE}`);
  assert.is(lines.length, 1);
  assert.not.match(lines[0], CONTROL);
});

test("printable leaves ordinary text (and non-Latin text) alone", () => {
  assert.is(printable("relay ON (cloud) 23.5 °C 开关"), "relay ON (cloud) 23.5 °C 开关");
  assert.is(printable("\t\x00\x7f"), "\\x09\\x00\\x7f");
});

test.run();
