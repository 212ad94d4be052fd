// What the runner shows: each state change once, logged as "modem <state>[: <reason>]" and
// reported to onState; steps of one state told apart by their reason; events that are not
// a command's answer never taken for one.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ScriptedModem } from "./scripted-modem";

test("bring-up shows each step once, by state and step name, in order", () => {
  const m = new ScriptedModem({ modem: "auto" });
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.equal(m.states.slice(0, 7), [
    "probing",
    "configuring identify",
    "configuring echo off",
    "configuring numeric errors",
    "configuring urc port",
    "sim sim",
    "mqtt-config mqtt version",
  ]);
  assert.is(m.states[m.states.length - 1], "online");
  assert.is(new Set(m.states).size, m.states.length, "nothing shown twice: " + m.states.join(", "));
});

test("each state change is logged once: the state, and the reason after a colon when there is one", () => {
  const m = new ScriptedModem();
  m.dead = true;
  m.modem.start();
  m.run(1000);
  const shown = m.logs.filter((l) => l.startsWith("info: modem "));
  assert.equal(shown, ["info: modem probing", "info: modem powering-on: PWRKEY", "info: modem booting: waiting for RDY"]);
});

test("without an onState listener the runner still runs", () => {
  const m = new ScriptedModem({}, { onState: undefined });
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.equal(m.states, []);
});

test("a URC while the probe waits is not the probe's answer: a silent module is still probed again, then pulsed", () => {
  const m = new ScriptedModem();
  m.dead = true;
  m.modem.start();
  m.urc("+CPIN: NOT READY", 10);
  m.urc("+CEREG: 0", 20);
  m.run(1000);
  assert.equal(m.take(), ["AT", "AT"]);
  assert.is(m.pwrkeyPulses, 1);
});

test("a URC between ATI tries is not ATI's answer: ATI is asked again, and the module identified", () => {
  const m = new ScriptedModem({ modem: "auto" });
  m.script.push([
    "ATI",
    (_cmd, s) => {
      s.script.length = 0;
      s.urc("+CEREG: 0", m.config.atTimeoutMs + 100);
      s.urc("+CPIN: NOT READY", m.config.atTimeoutMs + 200);
    },
  ]);
  m.modem.start();
  assert.ok(m.runUntilOnline());
  assert.is(m.take().filter((c) => c === "ATI").length, 2);
  assert.is(m.modem.identity.model, "EC600S");
  assert.not.ok(m.logs.some((l) => l.startsWith("warn: modem:")), m.logs.join("\n"));
});

test.run();
