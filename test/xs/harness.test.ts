/**
 * The XS harness itself (tools/xs): if these fail, every XS test and benchmark figure is
 * suspect. Each measurement is checked against a case where it must differ.
 */
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { bundleBytes, bundleForXs } from "../../tools/xs/bundle";
import { startXs, type Xs, XsError } from "../../tools/xs/worker";

/** The error a promise rejects with; fails the test if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (e: Error) => e,
  );
  if (!outcome) assert.unreachable("expected a rejection");
  return outcome as Error;
}

const fixture = fileURLToPath(new URL("./fixtures/sample.ts", import.meta.url));
let xs: Xs;

test.before(async () => {
  xs = await startXs({ name: "harness-test" });
});
test.after(async () => {
  await xs.close();
});

test("evaluates code and returns ArrayBuffer and JSON results", async () => {
  const r = await xs.evaluate('new TextEncoder().encode("héllo " + (6 * 7)).buffer');
  assert.is(r.text, "héllo 42");
  assert.equal([...r.reply.subarray(0, 2)], [0x68, 0xc3]);
  assert.equal(await xs.evaluateJson("({ a: [1, 'x'], b: null })"), { a: [1, "x"], b: null });
  assert.equal(await xs.evaluateJson('JSON.stringify({ already: "json" })'), { already: "json" });
  // A completion value that is not an ArrayBuffer comes back as an empty reply.
  assert.is((await xs.evaluate("123")).reply.length, 0);
});

test("state persists across evaluations (global var, not let)", async () => {
  await xs.evaluate("var kept = 41;");
  assert.is(await xs.evaluateJson("kept + 1"), 42);
});

test("compute grows with the work done", async () => {
  const loop = (n: number) => `{ let s = 0; for (let i = 0; i < ${n}; i++) s += i; }`;
  const small = await xs.evaluate(loop(100));
  const large = await xs.evaluate(loop(100_000));
  assert.ok(small.compute > 0);
  assert.ok(large.compute > small.compute * 500, `${large.compute} vs ${small.compute}`);
});

test("allocating objects grows currentHeapCount; a Uint8Array loop does not", async () => {
  await xs.evaluate("var buf = new Uint8Array(10000); gc();");
  const base = await xs.evaluate("0");
  const bytes = await xs.evaluate("for (let i = 0; i < buf.length; i++) buf[i] = i & 0xff;");
  const objects = await xs.evaluate("var objs = []; for (let i = 0; i < 10000; i++) objs.push({ i });");
  const byteGrowth = bytes.currentHeapCount - base.currentHeapCount;
  const objectGrowth = objects.currentHeapCount - bytes.currentHeapCount;
  assert.ok(byteGrowth < 64, `Uint8Array loop grew the heap by ${byteGrowth} slots`);
  assert.ok(objectGrowth > 10000, `10000 objects grew the heap by only ${objectGrowth} slots`);
  // After a collection the retained objects are still counted, the garbage is not.
  const collected = await xs.evaluate("objs = null; gc();");
  assert.ok(collected.currentHeapCount < objects.currentHeapCount - 10000);
});

test("an automatic collection shows in FinalizationRegistry (what the heap bench relies on)", async () => {
  const arm = `gc(); var collected = false;
    var registry = new FinalizationRegistry(() => { collected = true; }); registry.register({}, 0);`;
  await xs.evaluate(arm);
  await xs.evaluate("for (let i = 0; i < 1000; i++) ({ i });");
  assert.is(await xs.evaluateJson("collected"), false);
  await xs.evaluate(arm);
  // Far more garbage than the initial 256K-slot heap: XS must collect mid-run.
  const churn = await xs.evaluate("for (let i = 0; i < 400000; i++) ({ i });");
  assert.is(await xs.evaluateJson("collected"), true);
  assert.ok(churn.currentHeapCount < 400000, String(churn.currentHeapCount));
});

test("an XS exception rejects with the XS message and the machine lives on", async () => {
  const error = await rejection(xs.evaluate('throw new RangeError("boom")'));
  assert.instance(error, XsError);
  assert.is(error.message, "RangeError: boom");
  assert.match((await rejection(xs.evaluate("nope("))).message, /SyntaxError/);
  assert.is(await xs.evaluateJson("1 + 1"), 2);
});

test("issueCommand queries are answered by onCommand", async () => {
  const seen: string[] = [];
  const worker = await startXs({
    onCommand: (req) => {
      seen.push(Buffer.from(req).toString());
      return "pong";
    },
  });
  try {
    const query = 'new TextDecoder().decode(issueCommand(new TextEncoder().encode("ping").buffer))';
    // "pong" is not JSON, so evaluateJson must complain; evaluate shows the raw answer.
    assert.match((await rejection(worker.evaluateJson(query))).message, /not JSON: pong/);
    const r = await worker.evaluate('issueCommand(new TextEncoder().encode("ping2").buffer)');
    assert.is(r.text, "pong");
    assert.equal(seen, ["ping", "ping2"]);
  } finally {
    await worker.close();
  }
});

test("print output is captured", async () => {
  await xs.evaluate('print("one"); print("two", 2)');
  assert.is(await xs.printed(), "one\ntwo 2\n");
  assert.is(await xs.printed(), "");
});

test("a bundled TypeScript file runs in XS, as strict code", async () => {
  const code = await bundleForXs(fixture, { globalName: "sampleExports" });
  await xs.evaluate(code);
  assert.is(await xs.evaluateJson("sample.counter.add(2) + sample.counter.add(3)"), 7);
  assert.is(await xs.evaluateJson("sample.checksum(new Uint8Array([250, 10]))"), 4);
  assert.is(await xs.evaluateJson("sample.strict()"), true);
  // A string completion value is read as JSON text, so strings must be stringified.
  assert.is(await xs.evaluateJson("JSON.stringify(sampleExports.version)"), "1");
  assert.ok((await bundleBytes(fixture)) < code.length);
});

test("a closed worker rejects; a runaway evaluation is bounded", async () => {
  const worker = await startXs({ timeoutMs: 200 });
  assert.match((await rejection(worker.evaluate("for (;;) {}"))).message, /exceeded 200 ms/);
  assert.ok(await rejection(worker.evaluate("1")));
  await worker.close();
  const metered = await startXs({ meteringLimit: 100_000 });
  assert.match((await rejection(metered.evaluate("for (;;) {}"))).message, /too much computation/);
  await metered.close();
  await xs.evaluate("0"); // the shared worker is unaffected
});

test.run();
