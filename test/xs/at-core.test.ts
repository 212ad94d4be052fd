import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { bundleForXs } from "../../tools/xs/bundle";
import { startXs, Xs } from "../../tools/xs/worker";
import { decode, bytesOf, concat, recvFrame } from "../at/helpers";
import { seedModemOutput } from "../at/seed";

const ENTRY = fileURLToPath(new URL("./fixtures/at-entry.ts", import.meta.url));

let xs: Xs;

// The golden and random vectors run on the stock worker: their decoded event lists are the
// harness's, not the firmware's, and outgrow the device's heap. The heap test below runs on
// the device-shaped worker with src/ preloaded.
test.before(async () => {
  xs = await startXs({ name: "at-core" });
  await xs.evaluate(await bundleForXs(ENTRY));
});

test.after(async () => {
  await xs.close();
});

async function onXs(bytes: Uint8Array, chunk: number): Promise<unknown> {
  return xs.evaluateJson(`atDecode(${JSON.stringify(Buffer.from(bytes).toString("base64"))}, ${chunk})`);
}

const GOLDEN: Array<[string, Uint8Array]> = [
  ["seed session", bytesOf(seedModemOutput())],
  ["payload with CRLF, quotes and a fake OK", recvFrame(0, 4294967295, "/sys/pk/dn/thing/service/property/set", bytesOf('{"a":"\r\nOK\r\n\\"x"}'))],
  ["finals and prompt", bytesOf("\r\nOK\r\n\r\nERROR\r\n\r\n+CME ERROR: 10\r\n\r\n+CMS ERROR: 302\r\n> ")],
  ["corrupt frame then recovery", concat([recvFrame(0, 9, "t", bytesOf("0123456789")).slice(0, -6), bytesOf("\r\nOK\r\n\r\n+QMTSTAT: 0,2\r\n")])],
  ["UTF-8 and malformed bytes", concat([bytesOf("\r\n+QIURC: 开关\r\n"), new Uint8Array([0xc3, 0x28, 13, 10])])],
];

test("golden vectors decode on XS exactly as on Node, in several chunk sizes", async () => {
  for (const [name, bytes] of GOLDEN) {
    for (const chunk of [1, 5, 128, 4096]) assert.equal(await onXs(bytes, chunk), decode(bytes, chunk), `${name} / ${chunk}`);
  }
});

test("random streams decode on XS exactly as on Node", async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.integer({ min: 1, max: 200 }), async (junk, chunk) => {
      const bytes = concat([junk, bytesOf("\r\nOK\r\n")]);
      assert.equal(await onXs(bytes, chunk), decode(bytes, chunk));
    }),
    { numRuns: 40 },
  );
});

/**
 * Live slots after a fresh XS machine parses `lines` lines. Each machine goes through the
 * same evaluations (the worker itself keeps a couple of slots per evaluation), and each
 * measured run starts with gc(), since the count includes garbage until a collection.
 */
async function heapAfter(code: string, lines: number): Promise<number> {
  const fresh = await startXs({ name: "heap", device: true });
  try {
    await fresh.evaluate(code);
    await fresh.evaluate("preloadDone()");
    await fresh.evaluate("atHeapPrepare(); atHeapRun(1000)"); // warm-up: lazily built state
    await fresh.evaluate(`var lines = ${lines}`);
    return (await fresh.evaluate("gc(); atHeapRun(lines)")).currentHeapCount;
  } finally {
    await fresh.close();
  }
}

test("on the device-shaped worker the live heap after 100,000 parsed lines (with +QMTRECV) equals the count after 1,000", async () => {
  const code = await bundleForXs(ENTRY, { preload: ["src/"] });
  const after1k = await heapAfter(code, 1000);
  const after100k = await heapAfter(code, 100000);
  assert.is(after100k, after1k);
});

test("the measurement can fail: a sink that keeps strings grows the heap", async () => {
  await xs.evaluate("var kept = []; var n = 10; function leak(n) { for (var i = 0; i < n; i++) kept.push({ i: i }); }");
  const small = await xs.evaluate("gc(); leak(n)");
  await xs.evaluate("n = 1000");
  const large = await xs.evaluate("gc(); leak(n)");
  assert.ok(large.currentHeapCount > small.currentHeapCount + 1000, `${small.currentHeapCount} -> ${large.currentHeapCount}`);
});

test.run();
