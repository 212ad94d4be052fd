/**
 * Measures one parser adapter (bench/adapters/*.ts) on host XS: correctness against a
 * stream's expected events, compute per byte, the dearest single UART read, wall time, and
 * heap slots per 1000 lines.
 */
import { bundleBytes, bundleForXs } from "../tools/xs/bundle";
import { startXs, type Xs } from "../tools/xs/worker";
import { type BenchEvent, eventKey, firstDifference } from "./events";
import type { ModemStream } from "./stream";

/** ESP32 UART hardware FIFO size: what one onReadable delivers at most. */
export const CHUNK = 128;

export interface StreamFigures {
  computePerByte: number;
  /** Compute of the dearest single 128-byte read (one `feed`), the turn the UART must wait for. */
  worstChunkCompute: number;
}

export interface ParserFigures extends StreamFigures {
  xsBytesPerSecond: number;
  /** Slots allocated (live or garbage) per 1000 lines; null if a GC ran mid-run. */
  heapSlotsPer1kLines: number | null;
  bundleBytes: number;
  notes: string[];
}

/** The adapter's benchParse/benchEvents are stubs (ours before src/at lands). */
export class AdapterPending extends Error {}

/** One parser adapter loaded into its own XS machine. */
export class XsParser {
  readonly notes: string[] = [];
  private streams = 0;

  private constructor(
    readonly xs: Xs,
    readonly adapter: string,
  ) {}

  static async load(adapter: string): Promise<XsParser> {
    // The stock worker: the 256 KB bench stream alone is four times the device's chunk, and
    // compute per byte does not depend on heap or stack size (the same figures were measured
    // on the device-shaped worker). The parser's heap is measured device-shaped in
    // test/xs/at-core.test.ts.
    const xs = await startXs({ name: "bench-parser" });
    try {
      await xs.evaluate(await bundleForXs(adapter));
      return new XsParser(xs, adapter);
    } catch (e) {
      await xs.close();
      throw e;
    }
  }

  close(): Promise<void> {
    return this.xs.close();
  }

  /**
   * Bytes cross as base64, decoded once into a global so no timed evaluation pays for the
   * transfer. Returns the global's name.
   */
  async upload(stream: ModemStream): Promise<string> {
    const name = `__benchStream${this.streams++}`;
    await this.xs.evaluate(`var ${name} = new Uint8Array(Base64.decode("${Buffer.from(stream.bytes).toString("base64")}"));`);
    return name;
  }

  /** A note (and false) if the parser's events differ from the stream's. */
  async check(global: string, stream: ModemStream, label: string): Promise<boolean> {
    let events: BenchEvent[];
    try {
      events = await this.xs.evaluateJson<BenchEvent[]>(`benchEvents(${global}, ${CHUNK})`);
    } catch (e) {
      if (/not yet available/.test(String(e))) throw new AdapterPending(String(e));
      throw e;
    }
    const at = firstDifference(events, stream.events);
    if (at < 0) return true;
    const got = events[at] ? eventKey(events[at]) : "nothing";
    const want = stream.events[at] ? eventKey(stream.events[at]) : "nothing";
    this.notes.push(`${label}: events differ from the stream's at #${at}: got ${got}, want ${want}`);
    return false;
  }

  /** Compute per byte (exact: XS's meter) and the dearest single read of the stream. */
  async compute(global: string, stream: ModemStream, label: string): Promise<StreamFigures> {
    const code = `__benchCount = benchParse(${global}, ${CHUNK})`;
    await this.xs.evaluate(`var __benchCount = 0; ${code}`); // warm-up: lazily built state, the memoised reads
    const run = await this.xs.evaluate(code);
    const count = await this.xs.evaluateJson<number>("__benchCount");
    if (count !== stream.events.length) this.notes.push(`${label}: benchParse counted ${count} events, the stream has ${stream.events.length}`);
    const worstChunkCompute = await this.xs.evaluateJson<number>(`benchWorstChunk(${global}, ${CHUNK})`);
    return { computePerByte: run.compute / stream.bytes.length, worstChunkCompute };
  }

  /** One timed parse of the stream: bytes per second of XS wall time, and compute. */
  async time(global: string, stream: ModemStream): Promise<{ bytesPerSecond: number; nsPerCompute: number }> {
    const run = await this.xs.evaluate(`__benchCount = benchParse(${global}, ${CHUNK})`);
    return { bytesPerSecond: stream.bytes.length / (run.wallMs / 1000), nsPerCompute: (run.wallMs * 1e6) / run.compute };
  }

  /**
   * currentHeapCount includes garbage until a collection, so after a gc() the growth over one
   * run is everything the run allocated. A dead object registered with a FinalizationRegistry
   * tells us whether XS had to collect during the run (then the growth is meaningless and we
   * report null). A WeakRef would not do: in xsnap an automatic collection leaves it set.
   */
  async heapPerLines(heap: ModemStream): Promise<number | null> {
    const xs = this.xs;
    const global = await this.upload(heap);
    const code = `__benchCount = benchParse(${global}, ${CHUNK})`;
    await xs.evaluate(code); // warm-up on this stream, so its memoised reads exist already
    await xs.evaluate(`gc(); var __benchCollected = false;
      var __benchRegistry = new FinalizationRegistry(() => { __benchCollected = true; });
      __benchRegistry.register({}, 0);`);
    const a = await xs.evaluate("__benchCount = 0");
    const b = await xs.evaluate("__benchCount = 0");
    const run = await xs.evaluate(code);
    if (await xs.evaluateJson<boolean>("__benchCollected")) {
      this.notes.push("a GC ran during the heap run; heap figure omitted (use a smaller heap stream)");
      return null;
    }
    // Each evaluation itself costs a few slots (its script); b - a measures that.
    const slots = run.currentHeapCount - b.currentHeapCount - (b.currentHeapCount - a.currentHeapCount);
    return (slots / heap.events.length) * 1000;
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** All figures of one adapter on one main stream (timed `runs` times, median) and a heap stream. */
export async function measureParser(adapter: string, main: ModemStream, heap: ModemStream, runs = 5): Promise<ParserFigures> {
  const p = await XsParser.load(adapter);
  try {
    const global = await p.upload(main);
    await p.check(global, main, "main");
    const figures = await p.compute(global, main, "main");
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push((await p.time(global, main)).bytesPerSecond);
    const heapSlotsPer1kLines = await p.heapPerLines(heap);
    return { ...figures, xsBytesPerSecond: median(times), heapSlotsPer1kLines, bundleBytes: await bundleBytes(adapter), notes: p.notes };
  } finally {
    await p.close();
  }
}
