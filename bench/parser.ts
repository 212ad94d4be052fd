/**
 * Bench section "parser": the naive reference parser vs ours (src/at), same stream, same
 * XS, same 128-byte UART reads. Ours is reported as pending while its adapter is a stub.
 */
import { fileURLToPath } from "node:url";
import { AdapterPending, CHUNK, measureParser, type ParserFigures } from "./parser-xs";
import type { BenchContext, Figure, Section, SectionResult } from "./section";
import { type ModemStream, modemStream } from "./stream";

const STREAM_BYTES = 256 * 1024;
/** Small enough that the naive parser's garbage does not force a GC mid-measurement. */
const HEAP_STREAM_BYTES = 32 * 1024;
const SEED = 1;

const adapter = (name: string) => fileURLToPath(new URL(`./adapters/${name}.ts`, import.meta.url));

async function run(ctx: BenchContext): Promise<SectionResult> {
  const main = modemStream(STREAM_BYTES, SEED);
  const heap = modemStream(HEAP_STREAM_BYTES, SEED + 1);
  ctx.log("naive parser on XS");
  const naive = await measureParser(adapter("naive"), main, heap);
  const notes = naive.notes.map((n) => `naive: ${n}`);
  ctx.log("our parser on XS");
  const ours = await measureOurs(notes, main, heap);
  const figures: Record<string, Figure> = {
    streamBytes: main.bytes.length,
    streamLines: main.events.length,
    chunkSize: CHUNK,
    ...oursFigures(ours),
    naiveComputePerByte: naive.computePerByte,
    naiveXsBytesPerSecond: naive.xsBytesPerSecond,
    naiveHeapSlotsPer1kLines: naive.heapSlotsPer1kLines,
    naiveBundleBytes: naive.bundleBytes,
    ...ratios(naive, ours),
  };
  return { figures, notes };
}

async function measureOurs(notes: string[], main: ModemStream, heap: ModemStream) {
  try {
    const ours = await measureParser(adapter("ours"), main, heap);
    notes.push(...ours.notes.map((n) => `ours: ${n}`));
    return ours;
  } catch (e) {
    if (!(e instanceof AdapterPending)) throw e;
    notes.push("ours: pending (bench/adapters/ours.ts is a stub until src/at is wired in)");
    return undefined;
  }
}

function oursFigures(ours: ParserFigures | undefined): Record<string, Figure> {
  return {
    oursStatus: !ours ? "pending" : ours.notes.length ? "mismatch" : "ok",
    computePerByte: ours ? ours.computePerByte : null,
    xsBytesPerSecond: ours ? ours.xsBytesPerSecond : null,
    heapSlotsPer1kLines: ours ? ours.heapSlotsPer1kLines : null,
    bundleBytes: ours ? ours.bundleBytes : null,
  };
}

/** How many times better ours is (> 1 = ours wins); null while ours is pending. */
function ratios(naive: ParserFigures, ours: ParserFigures | undefined): Record<string, Figure> {
  if (!ours) return { computeRatio: null, speedRatio: null, heapRatio: null };
  const [naiveHeap, oursHeap] = [naive.heapSlotsPer1kLines, ours.heapSlotsPer1kLines];
  return {
    computeRatio: naive.computePerByte / ours.computePerByte,
    speedRatio: ours.xsBytesPerSecond / naive.xsBytesPerSecond,
    // Ours may allocate nothing at all (or a GC spoiled a run): then there is no ratio.
    heapRatio: naiveHeap !== null && oursHeap ? naiveHeap / oursHeap : null,
  };
}

const section: Section = { run };
export default section;
