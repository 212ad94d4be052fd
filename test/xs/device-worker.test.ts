/**
 * The device-shaped XS worker (tools/xs/device-worker.ts): if it did not hold the ESP32's
 * limits, every XS figure and device claim measured on it would be a roomy stand-in's.
 * Each limit is checked by going past it.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { bundleForXs } from "../../tools/xs/bundle";
import { deviceCreation } from "../../tools/xs/device-worker";
import { startXs, type Xs } from "../../tools/xs/worker";

const creation = deviceCreation();

async function device<T>(body: (xs: Xs) => Promise<T>, preload = true): Promise<T> {
  const xs = await startXs({ name: "device-test", device: true });
  try {
    if (preload) await xs.evaluate("preloadDone()");
    return await body(xs);
  } finally {
    await xs.close();
  }
}

async function failure(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "no failure",
    (e: Error) => e.message,
  );
}

test("the budget is the ESP32 manifest's creation block", async () => {
  await device(async (xs) => {
    const m = await xs.evaluateJson<Record<string, number>>("deviceMemory()");
    assert.is(m.stackSlots, creation.stack);
    assert.is(m.heapBudget, creation.heap.initial);
    assert.is(m.chunkBudget, creation.chunk.initial);
    assert.ok(m.freeSlots <= creation.heap.initial && m.freeSlots > creation.heap.initial - 100, String(m.freeSlots));
  });
});

test("a manifest without a whole creation block is refused, naming what is missing", () => {
  const dir = mkdtempSync(join(tmpdir(), "manifest-"));
  const path = join(dir, "manifest.json");
  writeFileSync(path, JSON.stringify({ platforms: { esp32: { creation: { stack: 512, heap: { initial: -1 } } } } }));
  assert.throws(() => deviceCreation(path), /heap\.initial.*chunk|chunk\.initial.*heap\.initial/);
});

test("apply over 200 bytes fits the device's stack; over 600 the machine aborts, as on the board", async () => {
  await device(async (xs) => {
    assert.is(await xs.evaluateJson<number>("String.fromCharCode.apply(null, new Uint8Array(200)).length"), 200);
  });
  await device(async (xs) => {
    assert.match(await failure(xs.evaluate("String.fromCharCode.apply(null, new Uint8Array(600))")), /stack overflow/);
  });
});

test("before preloadDone() the stack is roomy (module bodies run at build time on the device)", async () => {
  await device(async (xs) => {
    assert.is(await xs.evaluateJson<number>("String.fromCharCode.apply(null, new Uint8Array(2000)).length"), 2000);
  }, false);
});

test("the heap and the chunk do not grow: past the budget the machine aborts", async () => {
  const slots = creation.heap.initial;
  await device(async (xs) => {
    // Two slots an object: half the budget fits, the whole budget does not.
    await xs.evaluate(`var kept = []; for (let i = 0; i < ${slots / 4}; i++) kept.push({ i });`);
    assert.match(await failure(xs.evaluate(`for (let i = 0; i < ${slots}; i++) kept.push({ i });`)), /not enough memory/);
  });
  await device(async (xs) => {
    await xs.evaluate(`var a = new ArrayBuffer(${creation.chunk.initial - 8192});`);
    assert.match(await failure(xs.evaluate("var b = new ArrayBuffer(16384);")), /not enough memory/);
  });
});

test("garbage is collected within the budget: many times the heap in short-lived objects runs", async () => {
  await device(async (xs) => {
    await xs.evaluate(`for (let i = 0; i < ${creation.heap.initial * 20}; i++) ({ i });`);
    const m = await xs.evaluateJson<Record<string, number>>("gc(), deviceMemory()");
    assert.ok(m.slots < 200, JSON.stringify(m));
  });
});

test("preloaded modules are frozen: module-level state throws where the device would", async () => {
  const entry = fileURLToPath(new URL("./fixtures/preloaded-entry.ts", import.meta.url));
  const frozen = await bundleForXs(entry, { preload: ["test/xs/fixtures/preloaded/"] });
  const loose = await bundleForXs(entry);
  await device(async (xs) => {
    await xs.evaluate(frozen);
    const [regex, array, object] = await xs.evaluateJson<string[]>("preloadedResults()");
    assert.match(regex, /lastIndex: not writable/, "a global RegExp at module level");
    assert.match(array, /TypeError/, "a module-level array pushed to");
    assert.match(object, /TypeError/, "a module-level object written");
  });
  await device(async (xs) => {
    await xs.evaluate(loose);
    assert.equal(await xs.evaluateJson<string[]>("preloadedResults()"), ["ok", "ok", "ok"]);
  });
});

test.run();
