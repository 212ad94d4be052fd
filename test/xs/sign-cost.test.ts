/**
 * Signing a login on the device: one HMAC-SHA256 step (one block) must fit a turn with room
 * to spare, since the firmware runs one step per poll (src/cloud/login-signer.ts).
 */
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { bundleForXs } from "../../tools/xs/bundle";
import { startXs } from "../../tools/xs/worker";
/** test/xs/turns.test.ts's gate on one turn (not imported: that would run its test here too). */
const MAX_TURN_COMPUTE = 20000;

const ENTRY = fileURLToPath(new URL("./fixtures/sign-entry.ts", import.meta.url));

test("an HMAC-SHA256 step costs at most half a turn's budget on the device-shaped worker, and signs right", async () => {
  const xs = await startXs({ name: "sign-cost", device: true });
  try {
    await xs.evaluate(await bundleForXs(ENTRY, { preload: ["src/"] }));
    await xs.evaluate("preloadDone()");
    const r = await xs.evaluateJson<{ max: number; total: number; steps: number; hex: string }>('signCost("2025041401", "12345678")');
    assert.is(r.hex, "c75150e6cb841417396819e4d2ee4358a416344a03a083e3a8567074ddec820a");
    assert.is(r.steps, 4 * 5, "four blocks, each a schedule and four slices of rounds");
    assert.ok(r.max <= MAX_TURN_COMPUTE / 2, `longest step ${r.max} compute (whole signature ${r.total})`);
    console.log(`  hmac-sha256: longest step ${r.max} compute, whole signature ${r.total} in ${r.steps} steps`);
  } finally {
    await xs.close();
  }
});

test.run();
