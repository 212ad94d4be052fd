import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { bundleForXs } from "../../tools/xs/bundle";
import { startXs } from "../../tools/xs/worker";

const ENTRY = fileURLToPath(new URL("./fixtures/app-entry.ts", import.meta.url));
let code = "";

test.before(async () => {
  code = await bundleForXs(ENTRY);
});

test("on XS the whole app boots to online and switches the relay on a property/set", async () => {
  const xs = await startXs({ name: "app" });
  try {
    await xs.evaluate(code);
    await xs.evaluate("appInit()");
    assert.ok(await xs.evaluateJson<boolean>("appRunUntilOnline(20000)"));
    const before = await xs.evaluateJson<number>("appPublished()");
    assert.is(await xs.evaluateJson<number>("appCycles(1)"), 1);
    assert.is(await xs.evaluateJson<number>("appRelay()"), 1);
    // A set_reply and the new state's post went out for it.
    assert.ok((await xs.evaluateJson<number>("appPublished()")) >= before + 2);
    assert.is(await xs.evaluateJson<number>("appCycles(1)"), 0);
  } finally {
    await xs.close();
  }
});

/** Live slots after `cycles` set/post cycles on a fresh machine that went through the same evaluations. */
async function heapAfter(cycles: number): Promise<number> {
  const xs = await startXs({ name: "app-heap" });
  try {
    await xs.evaluate(code);
    await xs.evaluate("appInit(); appRunUntilOnline(20000); appCycles(100)");
    await xs.evaluate(`var cycles = ${cycles}`);
    return (await xs.evaluate("gc(); appCycles(cycles); gc()")).currentHeapCount;
  } finally {
    await xs.close();
  }
}

test("live heap after 10,000 set/post cycles equals the heap after 100", async () => {
  const after100 = await heapAfter(100);
  const after10k = await heapAfter(10000);
  assert.is(after10k, after100);
});

test.run();
