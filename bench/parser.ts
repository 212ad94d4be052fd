/**
 * Bench section "parser": our streaming parser (src/at with the Quectel reader) on XS, per
 * bench stream, beside the parser it replaced (test/at/reference) and, on alink, the naive
 * common-style parser; same streams, same 128-byte UART reads.
 *
 * Compute is XS's own meter: exact and repeatable, and what the targets are set in. Wall
 * time on this shared machine is noisy, so throughput is the median of runs that alternate
 * between our parser and the naive one.
 */
import { fileURLToPath } from "node:url";
import { bundleBytes } from "../tools/xs/bundle";
import { CHUNK, median, type StreamFigures, XsParser } from "./parser-xs";
import type { BenchContext, Figure, Section, SectionResult } from "./section";
import { type ModemStream, modemStream } from "./stream";
import { sessionStream, okBurst, promptBurst, lfOnly, STREAM_NAMES, type StreamName } from "./streams";
import { COMPUTE_PER_BYTE_TARGETS, ESP32_SLOWDOWN, READ_BUDGET_MS, WORST_CHUNK_TARGET } from "./targets";

/** alink as before (comparable across history); the others are exact at this size. */
const ALINK_BYTES = 256 * 1024;
const OTHER_BYTES = 64 * 1024;
/** Small enough that the naive parser's garbage does not force a GC mid-measurement. */
const HEAP_STREAM_BYTES = 32 * 1024;
const TIMED_RUNS = 7;
const SEED = 1;

const adapter = (name: string) => fileURLToPath(new URL(`./adapters/${name}.ts`, import.meta.url));

export function parserStreams(): Record<StreamName, ModemStream> {
  return {
    alink: modemStream(ALINK_BYTES, SEED),
    session: sessionStream(OTHER_BYTES, SEED),
    okBurst: okBurst(OTHER_BYTES),
    promptBurst: promptBurst(OTHER_BYTES),
    lfOnly: lfOnly(OTHER_BYTES, SEED),
  };
}

/** Compute figures of one parser on every stream (events checked first). */
export async function streamFigures(p: XsParser, streams: Record<StreamName, ModemStream>): Promise<Record<StreamName, StreamFigures>> {
  const out = {} as Record<StreamName, StreamFigures>;
  for (const name of STREAM_NAMES) {
    const global = await p.upload(streams[name]);
    await p.check(global, streams[name], name);
    out[name] = await p.compute(global, streams[name], name);
  }
  return out;
}

async function run(ctx: BenchContext): Promise<SectionResult> {
  const streams = parserStreams();
  const heap = modemStream(HEAP_STREAM_BYTES, SEED + 1);
  const [ours, reference, naive] = await Promise.all(["ours", "reference", "naive"].map((a) => XsParser.load(adapter(a))));
  try {
    ctx.log("compute per stream: ours, then the pre-rewrite reference");
    const oursStreams = await streamFigures(ours, streams);
    const refStreams = await streamFigures(reference, streams);
    ctx.log("naive parser on alink");
    const alink = streams.alink;
    const naiveGlobal = await naive.upload(alink);
    await naive.check(naiveGlobal, alink, "alink");
    const naiveFigures = await naive.compute(naiveGlobal, alink, "alink");
    ctx.log(`wall time: ${TIMED_RUNS} runs each, ours and naive alternating`);
    const timing = await alternate(ours, naive, alink);
    const oursHeap = await ours.heapPerLines(heap);
    const naiveHeap = await naive.heapPerLines(heap);
    const worst = Math.max(...STREAM_NAMES.map((n) => oursStreams[n].worstChunkCompute));
    const figures: Record<string, Figure> = {
      streamBytes: alink.bytes.length,
      streamLines: alink.events.length,
      chunkSize: CHUNK,
      oursStatus: ours.notes.length ? "mismatch" : "ok",
      streams: perStream(streams, oursStreams, refStreams),
      computePerByte: oursStreams.alink.computePerByte,
      worstChunkCompute: worst,
      worstChunkTarget: WORST_CHUNK_TARGET,
      referenceWorstChunkCompute: Math.max(...STREAM_NAMES.map((n) => refStreams[n].worstChunkCompute)),
      xsBytesPerSecond: timing.ours,
      naiveXsBytesPerSecond: timing.naive,
      timedRuns: TIMED_RUNS,
      nsPerCompute: timing.nsPerCompute,
      heapSlotsPer1kLines: oursHeap,
      bundleBytes: await bundleBytes(adapter("ours")),
      naiveComputePerByte: naiveFigures.computePerByte,
      naiveHeapSlotsPer1kLines: naiveHeap,
      naiveBundleBytes: await bundleBytes(adapter("naive")),
      computeRatio: naiveFigures.computePerByte / oursStreams.alink.computePerByte,
      speedRatio: timing.ours / timing.naive,
    };
    const notes = [...ours.notes.map((n) => `ours: ${n}`), ...reference.notes.map((n) => `reference: ${n}`), ...naive.notes.map((n) => `naive: ${n}`)];
    return { figures, notes, table: esp32Table(oursStreams, worst, timing.nsPerCompute) };
  } finally {
    await Promise.all([ours.close(), reference.close(), naive.close()]);
  }
}

function perStream(streams: Record<StreamName, ModemStream>, ours: Record<StreamName, StreamFigures>, ref: Record<StreamName, StreamFigures>): Figure {
  const out: Record<string, Figure> = {};
  for (const name of STREAM_NAMES) {
    out[name] = {
      bytes: streams[name].bytes.length,
      computePerByte: ours[name].computePerByte,
      target: COMPUTE_PER_BYTE_TARGETS[name],
      worstChunkCompute: ours[name].worstChunkCompute,
      referenceComputePerByte: ref[name].computePerByte,
      referenceWorstChunkCompute: ref[name].worstChunkCompute,
    };
  }
  return out;
}

/** Median throughput of both parsers on the same stream, runs interleaved so drift hits both. */
async function alternate(ours: XsParser, naive: XsParser, stream: ModemStream) {
  const [og, ng] = [await ours.upload(stream), await naive.upload(stream)];
  await ours.time(og, stream); // warm-up
  await naive.time(ng, stream);
  const o: number[] = [];
  const n: number[] = [];
  const ns: number[] = [];
  for (let i = 0; i < TIMED_RUNS; i++) {
    const run = await ours.time(og, stream);
    o.push(run.bytesPerSecond);
    ns.push(run.nsPerCompute);
    n.push((await naive.time(ng, stream)).bytesPerSecond);
  }
  return { ours: median(o), naive: median(n), nsPerCompute: median(ns) };
}

/**
 * What a 128-byte read would cost on the ESP32: compute x this machine's ns per compute unit
 * x 50 and x 150 (how much slower XS runs there), against the time the next read takes to
 * arrive at 115200 and 921600 baud.
 */
function esp32Table(ours: Record<StreamName, StreamFigures>, worst: number, nsPerCompute: number): string[] {
  const ms = (compute: number, slow: number) => (compute * nsPerCompute * slow) / 1e6;
  const cell = (compute: number) => ESP32_SLOWDOWN.map((slow) => ms(compute, slow).toFixed(2)).join("-");
  const lines = [
    `ESP32 estimate per 128-byte read (${nsPerCompute.toFixed(2)} ns/compute here, x${ESP32_SLOWDOWN.join(" to x")}), ms;`,
    `  budget ${READ_BUDGET_MS["115200"].toFixed(2)} ms at 115200 baud, ${READ_BUDGET_MS["921600"].toFixed(2)} ms at 921600:`,
  ];
  for (const name of STREAM_NAMES) {
    const typical = ours[name].computePerByte * CHUNK;
    lines.push(`  ${name.padEnd(12)} typical ${cell(typical).padStart(11)}   worst ${cell(ours[name].worstChunkCompute).padStart(11)}`);
  }
  const fits = (budget: number) => (ms(worst, ESP32_SLOWDOWN[1]) <= budget ? "yes" : ms(worst, ESP32_SLOWDOWN[0]) <= budget ? "only at x50" : "no");
  lines.push(`  worst read within budget at 921600: ${fits(READ_BUDGET_MS["921600"])}; at 115200: ${fits(READ_BUDGET_MS["115200"])}`);
  return lines;
}

const section: Section = { run };
export default section;
