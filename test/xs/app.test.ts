/**
 * The whole app on the device-shaped XS worker: the ESP32 manifest's 512 stack slots, and
 * once the code is loaded its fixed heap and chunk; src/ hardened as Moddable's preload
 * leaves it (tools/xs/bundle.ts `preload`).
 */
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { bundleForXs } from "../../tools/xs/bundle";
import { startXs, type Xs } from "../../tools/xs/worker";

const ENTRY = fileURLToPath(new URL("./fixtures/app-entry.ts", import.meta.url));
let code = "";

test.before(async () => {
  code = await bundleForXs(ENTRY, { preload: ["src/"] });
});

/** A device-shaped machine with the app loaded and "preloaded", then started. */
async function device<T>(name: string, init: string, body: (xs: Xs) => Promise<T>): Promise<T> {
  const xs = await startXs({ name, device: true });
  try {
    await xs.evaluate(code);
    await xs.evaluate("preloadDone()");
    await xs.evaluate(init);
    return await body(xs);
  } finally {
    await xs.close();
  }
}

/** deviceMemory() of the device-shaped worker (tools/xs/device/device-budget.c). */
interface Memory {
  stackSlots: number;
  peakStack: number;
  slots: number;
  chunk: number;
  heapBudget: number;
  chunkBudget: number;
}

/**
 * The worker cannot grow past the budget (it would have aborted), so what is checked here is
 * what the app holds once garbage is collected, and the deepest stack it used.
 */
async function withinBudget(xs: Xs): Promise<Memory> {
  const m = await xs.evaluateJson<Memory>("gc(), deviceMemory()");
  assert.ok(m.slots <= m.heapBudget && m.chunk <= m.chunkBudget && m.peakStack < m.stackSlots, JSON.stringify(m));
  return m;
}

test("on device-shaped XS the whole app boots to online and switches the relay on a property/set", async () => {
  await device("app", "appInit()", async (xs) => {
    assert.is((await xs.evaluateJson<Memory>("deviceMemory()")).stackSlots, 512);
    assert.ok(await xs.evaluateJson<boolean>("appRunUntilOnline(20000)"));
    const before = await xs.evaluateJson<number>("appPublished()");
    assert.is(await xs.evaluateJson<number>("appCycles(1)"), 1);
    assert.is(await xs.evaluateJson<number>("appRelay()"), 1);
    // A set_reply and the new state's post went out for it.
    assert.ok((await xs.evaluateJson<number>("appPublished()")) >= before + 2);
    assert.match(await xs.evaluateJson<string>("JSON.stringify(appLastReply())"), /"code":200/);
    assert.is(await xs.evaluateJson<number>("appCycles(1)"), 0);
  });
});

/** Sends a set of `bytes` bytes; the reply the app gave to it ("" for none) and the relay after. */
async function bigSet(xs: Xs, bytes: number): Promise<{ id: string; reply: string; relay: number }> {
  const id = await xs.evaluateJson<string>(`JSON.stringify(appInjectSetOfSize(${bytes}))`);
  const reply = await xs.evaluateJson<string>(`JSON.stringify(appReplyTo(${JSON.stringify(id)}, 3000))`);
  return { id, reply, relay: await xs.evaluateJson<number>("appRelay()") };
}

test("sets of 1 KB, of payloadBytes and one over are answered right at 512 stack slots, and the app goes on", async () => {
  await device("app-big", "appInit(4096)", async (xs) => {
    assert.ok(await xs.evaluateJson<boolean>("appRunUntilOnline(20000)"));
    const kb = await bigSet(xs, 1024);
    assert.match(kb.reply, /"code":200/, "1 KB set answered 200");
    assert.is(kb.relay, 1, "and switched");
    // Over the JSON limit (1,024 characters): refused with its id, found by a bounded scan.
    const full = await bigSet(xs, 4096);
    assert.match(full.reply, /"code":460/, "a payloadBytes set is answered 460");
    assert.is(full.relay, 1, "and not applied");
    const over = await bigSet(xs, 4097);
    assert.match(over.reply, /"code":460/, "one byte over payloadBytes: refused, not applied");
    assert.is(over.relay, 1);
    const after = await bigSet(xs, 200);
    assert.match(after.reply, /"code":200/, "the next set is answered");
    assert.is(after.relay, 0);
    await withinBudget(xs);
  });
});

test("the serial console on device-shaped XS: a byte's turn is short, and status, get and set answer within the fixed heap", async () => {
  await device("app-console", "appInit()", async (xs) => {
    assert.ok(await xs.evaluateJson<boolean>("appRunUntilOnline(20000)"));
    const run = (line: string): Promise<{ max: number; said: string }> => xs.evaluateJson(`appConsole(${JSON.stringify(line)})`);
    const status = await run("status");
    // Its last line: the firmware version (after the module, the link and the relay).
    assert.match(status.said, /^firmware 1\.0\.0$/);
    const get = await run("get deviceSecret");
    assert.is(get.said, "deviceSecret set, 32 characters (not shown) [build]");
    const set = await run("set apn CMIOT");
    assert.is(set.said, "takes effect after reboot");
    const bad = await run("set keepaliveS 5");
    assert.is(bad.said, 'error: keepaliveS must be an integer 30..1200, got "5"');
    // A byte that is not a line end is a few calls; a line end runs its whole command.
    for (const r of [status, get, set, bad]) assert.ok(r.max <= 20000, `console turn ${r.max} compute`);
    assert.is(await xs.evaluateJson<number>("appCycles(1)"), 1, "the switch goes on");
    await withinBudget(xs);
  });
});

/** Live slots after `cycles` set/post cycles on a fresh machine that went through the same evaluations. */
async function heapAfter(cycles: number): Promise<{ live: number; memory: Memory }> {
  return device("app-heap", "appInit(); appRunUntilOnline(20000); appCycles(100)", async (xs) => {
    await xs.evaluate(`var cycles = ${cycles}`);
    const live = (await xs.evaluate("gc(); appCycles(cycles); gc()")).currentHeapCount;
    return { live, memory: await withinBudget(xs) };
  });
}

test("10,000 set/post cycles fit in the device's fixed heap and chunk, and the live heap does not grow", async () => {
  const after100 = await heapAfter(100);
  const after10k = await heapAfter(10000);
  assert.is(after10k.live, after100.live);
  assert.is(after10k.memory.slots, after100.memory.slots);
});

test.run();
