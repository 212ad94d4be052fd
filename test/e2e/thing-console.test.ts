/**
 * The console driven by the firmware's thing-model table: a 2-gang switch (`--gangs 2`) shows
 * a row per property and sets each writable one from the cloud side; read-only and unknown
 * properties are refused.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ONLINE_MS, STEP_MS, until } from "./helpers";
import { startConsoleRig, stateUntil, type ConsoleRig } from "./console-rig";

let c: ConsoleRig;
const post = (path: string): Promise<Response> => fetch(c.web.url + path, { method: "POST", headers: { "X-Console": "1" } });

test.before(async () => {
  c = await startConsoleRig(["--gangs", "2"]);
});

test.after(async () => {
  await c?.stop();
});

test("a row per property of the 2-gang model, with the device's values", async () => {
  const state = await stateUntil(c.web, (s) => s.status.online && s.status.consoleConnected, ONLINE_MS, "online with the console connected");
  assert.equal(
    state.status.properties.map((p) => [p.id, p.type, p.writable]),
    [
      ["PowerSwitch_1", "bool", true],
      ["PowerSwitch_2", "bool", true],
      ["CurrentTemperature", "float", false],
      ["CurrentHumidity", "float", false],
    ],
  );
  assert.equal(
    state.status.properties.slice(0, 2).map((p) => p.value),
    [0, 0],
  );
});

test("PowerSwitch_2 is set from the cloud side: the second relay switches, the first does not", async () => {
  const res = await post("api/set/PowerSwitch_2");
  assert.is(res.status, 200, await res.clone().text());
  assert.equal(((await res.json()) as { value: number }).value, 1);
  await until(() => c.session.rig.relay2.level === 1, STEP_MS, "the second relay on");
  assert.is(c.session.rig.relay.level, 0);
  const state = await stateUntil(c.web, (s) => s.status.properties[1].value === 1, STEP_MS, "the row shows it");
  assert.is(state.status.properties[0].value, 0);
});

test("read-only and unknown properties are refused with a reason", async () => {
  const readOnly = await post("api/set/CurrentTemperature");
  assert.is(readOnly.status, 400);
  assert.match(((await readOnly.json()) as { error: string }).error, /not a writable bool/);
  const unknown = await post("api/set/PowerSwitch_9");
  assert.is(unknown.status, 404);
  assert.match(((await unknown.json()) as { error: string }).error, /no property "PowerSwitch_9"/);
});

test.run();
