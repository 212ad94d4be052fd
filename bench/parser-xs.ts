/**
 * Measures one parser adapter (bench/adapters/*.ts) on host XS: correctness against the
 * stream's expected events, compute and wall time per byte, and heap slots per 1000 lines.
 */
import { bundleBytes, bundleForXs } from "../tools/xs/bundle";
import { startXs, type Xs } from "../tools/xs/worker";
import { type BenchEvent, eventKey, firstDifference } from "./events";
import type { ModemStream } from "./stream";

/** ESP32 UART hardware FIFO size: what one onReadable delivers at most. */
export const CHUNK = 128;
const TIMED_RUNS = 3;

export interface ParserFigures {
  computePerByte: number;
  xsBytesPerSecond: number;
  /** Slots allocated (live or garbage) per 1000 lines; null if a GC ran mid-run. */
  heapSlotsPer1kLines: number | null;
  bundleBytes: number;
  notes: string[];
}

/** The adapter's benchParse/benchEvents are stubs (ours before src/at lands). */
export class AdapterPending extends Error {}

export async function measureParser(adapter: string, main: ModemStream, heap: ModemStream): Promise<ParserFigures> {
  const xs = await startXs({ name: "bench-parser" });
  try {
    await xs.evaluate(await bundleForXs(adapter));
    // Bytes cross as base64, decoded once here so no timed evaluation pays for the transfer.
    await xs.evaluate(`var __benchCount = 0;
      var __benchBytes = new Uint8Array(Base64.decode("${Buffer.from(main.bytes).toString("base64")}"));
      var __benchHeapBytes = new Uint8Array(Base64.decode("${Buffer.from(heap.bytes).toString("base64")}"));`);
    const notes = await checkEvents(xs, main.events);
    const { computePerByte, xsBytesPerSecond } = await timeParse(xs, main, notes);
    const heapSlotsPer1kLines = await heapPerLines(xs, heap, notes);
    return { computePerByte, xsBytesPerSecond, heapSlotsPer1kLines, bundleBytes: await bundleBytes(adapter), notes };
  } finally {
    await xs.close();
  }
}

async function checkEvents(xs: Xs, expected: BenchEvent[]): Promise<string[]> {
  let events: BenchEvent[];
  try {
    events = await xs.evaluateJson<BenchEvent[]>(`benchEvents(__benchBytes, ${CHUNK})`);
  } catch (e) {
    if (/not yet available/.test(String(e))) throw new AdapterPending(String(e));
    throw e;
  }
  const at = firstDifference(events, expected);
  if (at < 0) return [];
  const got = events[at] ? eventKey(events[at]) : "nothing";
  const want = expected[at] ? eventKey(expected[at]) : "nothing";
  return [`events differ from the stream's at #${at}: got ${got}, want ${want}`];
}

async function timeParse(xs: Xs, main: ModemStream, notes: string[]) {
  const code = `__benchCount = benchParse(__benchBytes, ${CHUNK})`;
  await xs.evaluate(code); // warm-up: lazily built state, heap growth, the memoised reads
  const runs = [];
  for (let i = 0; i < TIMED_RUNS; i++) runs.push(await xs.evaluate(code));
  const count = await xs.evaluateJson<number>("__benchCount");
  const expected = main.events.length;
  if (count !== expected) notes.push(`benchParse counted ${count} events, the stream has ${expected}`);
  // Compute is deterministic; wall time is not, so keep the least disturbed run.
  const computes = new Set(runs.map((r) => r.compute));
  if (computes.size > 1) notes.push(`compute varied between runs: ${[...computes].join(", ")}`);
  const wallMs = Math.min(...runs.map((r) => r.wallMs));
  return { computePerByte: runs[0].compute / main.bytes.length, xsBytesPerSecond: main.bytes.length / (wallMs / 1000) };
}

/**
 * currentHeapCount includes garbage until a collection, so after a gc() the growth over one
 * run is everything the run allocated. A dead object registered with a FinalizationRegistry
 * tells us whether XS had to collect during the run (then the growth is meaningless and we
 * report null). A WeakRef would not do: in xsnap an automatic collection leaves it set.
 */
async function heapPerLines(xs: Xs, heap: ModemStream, notes: string[]): Promise<number | null> {
  const code = `__benchCount = benchParse(__benchHeapBytes, ${CHUNK})`;
  await xs.evaluate(code); // warm-up on this stream, so its memoised reads exist already
  await xs.evaluate(`gc(); var __benchCollected = false;
    var __benchRegistry = new FinalizationRegistry(() => { __benchCollected = true; });
    __benchRegistry.register({}, 0);`);
  const a = await xs.evaluate("__benchCount = 0");
  const b = await xs.evaluate("__benchCount = 0");
  const run = await xs.evaluate(code);
  if (await xs.evaluateJson<boolean>("__benchCollected")) {
    notes.push("a GC ran during the heap run; heap figure omitted (use a smaller heap stream)");
    return null;
  }
  // Each evaluation itself costs a few slots (its script); b - a measures that.
  const slots = run.currentHeapCount - b.currentHeapCount - (b.currentHeapCount - a.currentHeapCount);
  return (slots / heap.events.length) * 1000;
}
