/**
 * TLS bring-up on the device-shaped worker: the CA (PEM text in the config) is encoded a
 * slice per poll and sent after CONNECT as the UART takes it, so no turn of the bring-up
 * exceeds the per-turn budget of turns.test.ts.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { bundleForXs } from "../../tools/xs/bundle";
import { startXs } from "../../tools/xs/worker";

/** turns.test.ts's budget for one turn (not imported: that would run its test here too). */
const MAX_TURN_COMPUTE = 20000;

const ENTRY = fileURLToPath(new URL("./fixtures/app-entry.ts", import.meta.url));
const CA = readFileSync(new URL("../fixtures/tls/ca.pem", import.meta.url), "utf8");

test(`TLS bring-up with a ${CA.length}-byte CA: online, the CA uploaded, no turn over ${MAX_TURN_COMPUTE} compute`, async () => {
  const xs = await startXs({ name: "tls-turns", device: true });
  try {
    await xs.evaluate(await bundleForXs(ENTRY, { preload: ["src/"] }));
    await xs.evaluate(`preloadDone(); appInit(undefined, ${JSON.stringify(CA)})`);
    const t = await xs.evaluateJson<{ max: number; mean: number; turns: number; online: boolean }>("appBringUpTurns()");
    assert.ok(t.online, "online over TLS");
    assert.is(await xs.evaluateJson<number>("appUploaded()"), CA.length, "the CA went to the module whole");
    assert.ok(t.max <= MAX_TURN_COMPUTE, `longest turn ${t.max} compute (mean ${t.mean}, ${t.turns} turns)`);
    console.log(`  TLS bring-up on XS: ${t.turns} turns, longest ${t.max} compute, mean ${t.mean}`);
  } finally {
    await xs.close();
  }
});

test("the same bring-up without TLS, for comparison (printed)", async () => {
  const xs = await startXs({ name: "plain-turns", device: true });
  try {
    await xs.evaluate(await bundleForXs(ENTRY, { preload: ["src/"] }));
    await xs.evaluate("preloadDone(); appInit()");
    const t = await xs.evaluateJson<{ max: number; mean: number; turns: number; online: boolean }>("appBringUpTurns()");
    assert.ok(t.online);
    assert.is(await xs.evaluateJson<number>("appUploaded()"), 0);
    console.log(`  plain bring-up on XS: ${t.turns} turns, longest ${t.max} compute, mean ${t.mean}`);
  } finally {
    await xs.close();
  }
});

test.run();
