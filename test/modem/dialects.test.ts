import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseConfig } from "../../src/app/config";
import { DIALECTS, MODEM_NAMES, dialectNamed } from "../../src/modem/dialects";
import { MARK_MQTT_OPEN, MARK_REGISTRATION, MARK_SIM } from "../../src/modem/step";
import { ScriptedModem } from "./scripted-modem";

const TRIPLE = { productKey: "a1wFylTxYeD", deviceName: "co_0001", deviceSecret: "7ab0c4b3532b5783df5fdc58a2895d7a" };

test("the modem config key names exactly the dialects carried", () => {
  assert.equal(MODEM_NAMES, DIALECTS.map((d) => d.name));
  for (const name of MODEM_NAMES) assert.is(dialectNamed(name)?.name, name);
  assert.is(dialectNamed("sim800"), null);
});

test("every dialect marks one step of each resume point, and its steps are frozen", () => {
  for (const d of DIALECTS) {
    for (const mark of [MARK_SIM, MARK_REGISTRATION, MARK_MQTT_OPEN]) assert.is(d.steps.filter((s) => s.mark === mark).length, 1, `${d.name} mark ${mark}`);
    assert.ok(Object.isFrozen(d.steps), d.name);
  }
});

test("config: modem defaults to the EC600S; a7670 is taken; anything else is one clear error", () => {
  assert.is(parseConfig(TRIPLE).modem, "ec600s");
  assert.is(parseConfig({ ...TRIPLE, modem: "a7670" }).modem, "a7670");
  assert.throws(() => parseConfig({ ...TRIPLE, modem: "sim800" }), (e: { message: string }) => /modem must be one of "ec600s", "a7670", got "sim800"/.test(e.message));
});

test("the runner takes its dialect from the config", () => {
  const m = new ScriptedModem({ modem: "a7670" });
  assert.is(m.modem.dialect.name, "a7670");
});

test.run();
