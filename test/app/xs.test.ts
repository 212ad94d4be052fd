/** The app on the real engine: XS must produce Node's transcript line for line. */
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { bundleForXs } from "../../tools/xs/bundle";
import { startXs } from "../../tools/xs/worker";
import { runAppScenario } from "./fixtures/scenario";

const fixture = fileURLToPath(new URL("./fixtures/scenario.ts", import.meta.url));

test("the firmware scenario gives the same transcript on XS as on Node", async () => {
  const expected = runAppScenario();
  // On the device-shaped worker, src/ preloaded (frozen) as on the board.
  const xs = await startXs({ name: "app-scenario", device: true });
  try {
    await xs.evaluate(await bundleForXs(fixture, { preload: ["src/"] }));
    await xs.evaluate("preloadDone()");
    const onXs = await xs.evaluateJson<string[]>("JSON.stringify(appScenario())");
    assert.equal(onXs, expected);
  } finally {
    await xs.close();
  }
  // The transcript itself, so that both engines agreeing on nonsense still fails.
  assert.match(expected[0], /^ConfigError deviceName must be 4\.\.32 characters.*keepaliveS must be an integer 30\.\.1200, got "5"/);
  assert.is(expected[1], "relay 1", "restored before anything else");
  const cloudSwitch = expected.indexOf("relay 0");
  assert.ok(cloudSwitch > 0 && expected.indexOf("event relay cloud 0") === cloudSwitch + 2);
  const payloads = expected.filter((l) => l.startsWith("payload "));
  assert.is(payloads[0], 'payload {"id":"65537","version":"1.0","params":{"PowerSwitch_1":1},"method":"thing.event.property.post"}');
  assert.ok(payloads.indexOf('payload {"id":"220958108","code":200,"data":{}}') > 0);
  assert.ok(payloads.some((p) => p.indexOf('"CurrentTemperature":21.0,"CurrentHumidity":40.0') > 0));
  assert.ok(payloads.some((p) => p.indexOf('"CurrentTemperature":23.0,"CurrentHumidity":42.0') > 0), "smoothed 21 -> 25 at 0.5");
  assert.ok(payloads[payloads.length - 1].indexOf('"PowerSwitch_1":1') > 0, "the button switched it back on");
  assert.is(expected[expected.length - 3], "status online relay 1 24.984375 43.984375 presses 1");
  assert.is(expected[expected.length - 2], 'sensor {"samples":9,"startFailures":0,"readFailures":1,"implausible":0,"reports":4}');
  assert.is(expected[expected.length - 1], 'nvs {"relay":1,"boots":1}');
});

test.run();
