/** The cloud layer on the real engine: XS must produce Node's transcript byte for byte. */
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { bundleForXs } from "../../tools/xs/bundle";
import { startXs } from "../../tools/xs/worker";
import { PUBLISH_REPLY, PUBLISH_STATE, PUBLISH_TELEMETRY } from "../../src/cloud/transport";
import { runScenario } from "./fixtures/scenario";
import { registrationCredentials } from "../../sim/aliyun/register";

const fixture = fileURLToPath(new URL("./fixtures/scenario.ts", import.meta.url));

test("the client scenario gives the same transcript on XS as on Node", async () => {
  const expected = runScenario();
  // On the device-shaped worker, src/ preloaded (frozen) as on the board.
  const xs = await startXs({ name: "cloud-scenario", device: true });
  try {
    await xs.evaluate(await bundleForXs(fixture, { preload: ["src/"] }));
    await xs.evaluate("preloadDone()");
    const onXs = await xs.evaluateJson<string[]>("JSON.stringify(alinkScenario())");
    assert.equal(onXs, expected);
  } finally {
    await xs.close();
  }
  // The transcript itself, so that both engines agreeing on nonsense still fails.
  assert.equal(expected.slice(0, 4), [
    "relay 1",
    `${PUBLISH_REPLY} set_reply {"id":"220958108","code":200,"data":{}}`,
    `${PUBLISH_STATE} post {"id":"1","version":"1.0","params":{"PowerSwitch_1":1},"method":"thing.event.property.post"}`,
    `${PUBLISH_REPLY} set_reply {"id":"220958108","code":200,"data":{}}`,
  ]);
  assert.ok(expected.includes("relay 0"), "brackets inside strings do not count as nesting");
  assert.ok(expected.includes(`${PUBLISH_TELEMETRY} post {"id":"5","version":"1.0","params":{"CurrentTemperature":23.0,"CurrentHumidity":40.0},"method":"thing.event.property.post"}`));
  assert.ok(expected.includes("23.0 0.0 23.46 55.3 "));
  assert.is(expected.filter((l) => l.startsWith("warn alink: set dropped")).length, 3);
});

test("the dynamic registration credential (HMAC-SHA256) is the same on the device-shaped XS worker as node:crypto's", async () => {
  const entry = fileURLToPath(new URL("./fixtures/registration-entry.ts", import.meta.url));
  // A product secret as long as a key may be (one SHA-256 block): the worst case the device signs.
  const secret = "pSecret0123456789-a-product-secret-as-long-as-one-sha256-block!!";
  assert.is(secret.length, 64);
  const xs = await startXs({ name: "cloud-registration", device: true });
  try {
    await xs.evaluate(await bundleForXs(entry, { preload: ["src/"] }));
    await xs.evaluate("preloadDone()");
    const onXs = await xs.evaluateJson<{ login: { password: string; clientId: string }; error: string; steps: number; secret: string }>("registrationOnXs(" + JSON.stringify(secret) + ")");
    assert.is(onXs.error, "");
    assert.equal(onXs.login, registrationCredentials({ productKey: "a1Prod0001", productSecret: secret }, "861234567890123", "4711"));
    assert.ok(onXs.steps > 1, "signed in slices");
    assert.is(onXs.secret, "abc");
  } finally {
    await xs.close();
  }
});

test.run();
