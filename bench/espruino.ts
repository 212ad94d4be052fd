/**
 * Bench section "espruino": our parser on Espruino's interpreter (the Linux build at
 * $ESPRUINO; skipped without it), on the parser section's kind of stream (60 KB of it: views
 * past 64 KB fail on Espruino) in the same 128-byte reads, next to the same bundle on Node. Memory is process.memory()'s block
 * count before and after parsing more lines, as test:espruino checks it.
 *
 *   bytesPerSecond      Espruino's parse rate on this PC (best of 3 runs)
 *   lineRateBaud        the UART baud rate whose byte rate that equals (10 bits a byte)
 *   nodeBytesPerSecond  the same bundle in V8 (best of 3 runs)
 */
import vm from "node:vm";
import { fileURLToPath } from "node:url";
import { bundleForEspruino } from "../tools/espruino/bundle";
import { CHUNK, measureMemoryOnEspruino, measureParseOnEspruino } from "../tools/espruino/measure";
import { espruinoBinary } from "../tools/espruino/run";
import { type BenchContext, type Figure, type Section, type SectionResult, SectionUnavailable } from "./section";
import { modemStream } from "./stream";

/** The parser section's stream (seed 1), cut to what Espruino's typed-array views reach. */
const STREAM_BYTES = 60 * 1024;
const SEED = 1;
const MEMORY_LINES = 5000;
const TIMEOUT_MS = 600000;
const ADAPTER = fileURLToPath(new URL("./adapters/ours.ts", import.meta.url));

/** The adapter's bundle in a fresh V8 context, timed the same way. */
async function nodeBytesPerSecond(bytes: Uint8Array): Promise<number> {
  const context = vm.createContext({ streamBytes: bytes });
  vm.runInContext(await bundleForEspruino(ADAPTER, { minify: true }), context);
  vm.runInContext(`benchParse(streamBytes, ${CHUNK})`, context);
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const t0 = process.hrtime.bigint();
    vm.runInContext(`benchParse(streamBytes, ${CHUNK})`, context);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return bytes.length / best;
}

async function run(ctx: BenchContext): Promise<SectionResult> {
  const binary = espruinoBinary(process.env.ESPRUINO);
  if (typeof binary === "string") throw new SectionUnavailable(binary);
  const stream = modemStream(STREAM_BYTES, SEED);
  ctx.log("our parser on Espruino");
  const parse = await measureParseOnEspruino(binary.bin, stream, TIMEOUT_MS);
  ctx.log(`memory over ${MEMORY_LINES} lines on Espruino`);
  const memory = await measureMemoryOnEspruino(binary.bin, MEMORY_LINES, TIMEOUT_MS);
  const figures: Record<string, Figure> = {
    status: parse.mismatch === "" ? "ok" : "mismatch",
    streamBytes: parse.bytes,
    chunkSize: CHUNK,
    bytesPerSecond: parse.bytesPerSecond,
    lineRateBaud: parse.bytesPerSecond * 10,
    nodeBytesPerSecond: await nodeBytesPerSecond(stream.bytes),
    memoryBlocksBefore: memory.usageAfterWarmUp,
    memoryBlocksAfter: memory.usageAfterLines,
    memoryLines: memory.lines,
    blockBytes: memory.blockSize,
  };
  return parse.mismatch === "" ? { figures } : { figures, notes: [parse.mismatch] };
}

const section: Section = { run };
export default section;
