/**
 * An update over the air on the device-shaped worker: the whole firmware, the image streamed
 * through the parser's raw answer into the partition while the digest runs (native on the
 * device: one call per piece here), each turn metered. The download must keep every turn
 * within the budget and the heap fixed: a 64 KB image is 512 full UART reads.
 */
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { bundleForXs } from "../../tools/xs/bundle";
import { startXs } from "../../tools/xs/worker";

/** The turn budget of turns.test.ts (importing it would run its test here too). */
const MAX_TURN_COMPUTE = 20000;

const ENTRY = fileURLToPath(new URL("./fixtures/app-entry.ts", import.meta.url));

interface OtaTurns {
  max: number;
  mean: number;
  turns: number;
  written: number;
  state: string;
  error: string;
  completed: string;
}

test(`a 64 KB update downloads, verifies and completes with no turn over ${MAX_TURN_COMPUTE} compute and the heap where it was`, async () => {
  const xs = await startXs({ name: "ota-turns", device: true });
  try {
    await xs.evaluate(await bundleForXs(ENTRY, { preload: ["src/"] }));
    await xs.evaluate("preloadDone(); appInit(); appRunUntilOnline(20000)");
    const before = (await xs.evaluate("gc()")).currentHeapCount;
    const t = await xs.evaluateJson<OtaTurns>("appOtaTurns(65536)");
    const after = (await xs.evaluate("gc()")).currentHeapCount;
    assert.is(t.state, "rebooting", JSON.stringify(t));
    assert.is(t.written, 65536);
    assert.is(t.completed, "2.0.0");
    assert.ok(t.turns > 512, `the meter saw the reads: ${JSON.stringify(t)}`);
    assert.ok(t.max <= MAX_TURN_COMPUTE, `longest turn ${t.max} compute (mean ${t.mean}, ${t.turns} turns)`);
    // The offer, its parse and the progress reports come and go; nothing per byte stays.
    assert.ok(after - before < 200, `live heap ${before} -> ${after}`);
    console.log(`ota: ${JSON.stringify(t)}, heap ${before} -> ${after}`);
  } finally {
    await xs.close();
  }
});

test.run();
