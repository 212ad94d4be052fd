// release(): the module left clean for another driver (dynamic registration hands it over):
// the MQTT client closed and the PDP context (or MQTT service) stopped, then nothing more.
// Only the e2e registration test drove it; the runner's own suites now do, on both dialects.
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Dialect } from "../../src/modem/dialect";
import { EC600S } from "../../src/modem/quectel/dialect";
import { A7670 } from "../../src/modem/simcom/dialect";
import { ScriptedModem } from "./scripted-modem";

const CASES: Array<[Dialect, string[]]> = [
  [EC600S, ["AT+QMTCLOSE", "AT+QIDEACT"]],
  [A7670, ["AT+CMQTTDISC", "AT+CMQTTSTOP"]],
];

for (const [dialect, commands] of CASES) {
  test(`${dialect.name}: release closes the client, stops the link, then stays idle`, () => {
    const m = new ScriptedModem({ linkCheckMs: 1e9 }, { dialect, crypto: { hmacSha1Hex: () => "00".repeat(20) } });
    m.modem.start();
    assert.ok(m.runUntilOnline());
    m.take();
    m.states.length = 0;
    m.modem.release();
    assert.not.ok(m.modem.online);
    assert.not.ok(m.modem.released, "not before the module did it");
    m.run(30000);
    assert.equal(m.take(true), commands);
    assert.ok(m.modem.released);
    assert.is(m.modem.stateName, "off");
    assert.is(m.modem.reason, "released");
    m.modem.release();
    m.urc(m.answers.mqttClosed);
    m.run(30000);
    assert.equal(m.take(), [], "nothing after it, whatever the module says");
  });
}

test("release() at clock zero, before start (a host whose clock starts with it), still closes, stops the link, and ends released", () => {
  const m = new ScriptedModem({ linkCheckMs: 1e9 });
  assert.is(m.clock.t, 0);
  m.modem.release();
  m.run(30000);
  assert.equal(m.take(true), ["AT+QMTCLOSE", "AT+QIDEACT"]);
  assert.ok(m.modem.released);
});

test.run();
