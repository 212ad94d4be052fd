/**
 * Dynamic registration signs with HMAC-SHA256 under the product secret. Without a native HMAC
 * the TypeScript one hashes one SHA-256 block per turn: each turn must stay well inside the
 * per-turn budget of turns.test.ts, on the device-shaped worker.
 */
import { createHmac } from "node:crypto";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { bundleForXs } from "../../tools/xs/bundle";
import { startXs } from "../../tools/xs/worker";

/** turns.test.ts's budget for one turn (not imported: that would run its test here too). */
const MAX_TURN_COMPUTE = 20000;

const ENTRY = fileURLToPath(new URL("./fixtures/register-entry.ts", import.meta.url));

test("signing a registration in TypeScript: Node's HMAC-SHA256, no call over half a turn's budget", async () => {
  const xs = await startXs({ name: "register", device: true });
  try {
    await xs.evaluate(await bundleForXs(ENTRY, { preload: ["src/"] }));
    await xs.evaluate("preloadDone()");
    const r = await xs.evaluateJson<{ max: number; calls: number; password: string; costs: number[] }>("registerTurns()");
    const expected = createHmac("sha256", "pSecret0123456789").update("deviceName861234567890123productKeya1Prod0001random8812").digest("hex");
    assert.is(r.password, expected);
    assert.ok(r.calls >= 4, `spread over turns: ${r.calls}`);
    assert.ok(r.max <= MAX_TURN_COMPUTE / 2, `longest call ${r.max} compute over ${r.calls} calls: ${r.costs.join(",")}`);
    console.log(`  registration signer on XS: ${r.calls} calls, longest ${r.max} compute (${r.costs.join(",")})`);
  } finally {
    await xs.close();
  }
});

test.run();
