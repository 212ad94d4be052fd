/**
 * A module without aliauth (SIMCom) has its Aliyun login signed by the firmware. Without a
 * native HMAC the TypeScript one hashes one SHA-1 block per turn: each turn must stay well
 * inside the per-turn budget of turns.test.ts, on the device-shaped worker.
 */
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { bundleForXs } from "../../tools/xs/bundle";
import { startXs } from "../../tools/xs/worker";

/** turns.test.ts's budget for one turn (not imported: that would run its test here too). */
const MAX_TURN_COMPUTE = 20000;

const ENTRY = fileURLToPath(new URL("./fixtures/hmac-entry.ts", import.meta.url));

test("signing an Aliyun login in TypeScript: the known answer, no call over half a turn's budget", async () => {
  const xs = await startXs({ name: "hmac", device: true });
  try {
    await xs.evaluate(await bundleForXs(ENTRY, { preload: ["src/"] }));
    await xs.evaluate("preloadDone()");
    const r = await xs.evaluateJson<{ max: number; calls: number; password: string; costs: number[] }>("signerTurns()");
    assert.is(r.password, "cc4e388e7f1ea1e5bdaf15891b76f2dfcfeffb06");
    assert.ok(r.calls >= 4, `spread over turns: ${r.calls}`);
    assert.ok(r.max <= MAX_TURN_COMPUTE / 2, `longest call ${r.max} compute over ${r.calls} calls: ${r.costs.join(",")}`);
    console.log(`  signer on XS: ${r.calls} calls, longest ${r.max} compute`);
  } finally {
    await xs.close();
  }
});

test.run();
