/**
 * The gate on turn length: on the ESP32 the UART's 128-byte FIFO is all the buffer there is,
 * so no firmware turn (one UART chunk or one poll) may run long. Measured on the
 * device-shaped worker by XS's own meter, which is exact: the figure does not depend on
 * the machine's load. `npm run bench` prints the exact figure (app.maxTurnCompute).
 */
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { bundleForXs } from "../../tools/xs/bundle";
import { startXs } from "../../tools/xs/worker";

/** The budget of one turn, in XS compute; measured 18,394 when this gate was set. */
export const MAX_TURN_COMPUTE = 20000;

const ENTRY = fileURLToPath(new URL("./fixtures/app-entry.ts", import.meta.url));

test(`no turn from power-on through 200 set/post cycles (1 KB sets among them) exceeds ${MAX_TURN_COMPUTE} compute`, async () => {
  const xs = await startXs({ name: "turns", device: true });
  try {
    await xs.evaluate(await bundleForXs(ENTRY, { preload: ["src/"] }));
    await xs.evaluate("preloadDone(); appInit()");
    const t = await xs.evaluateJson<{ max: number; mean: number; turns: number }>("appWorstTurns(200, 1024)");
    assert.ok(t.turns > 1000 && t.mean > 1000, `the meter saw the turns: ${JSON.stringify(t)}`);
    assert.ok(t.max <= MAX_TURN_COMPUTE, `longest turn ${t.max} compute (mean ${t.mean}, ${t.turns} turns)`);
  } finally {
    await xs.close();
  }
});

test.run();
