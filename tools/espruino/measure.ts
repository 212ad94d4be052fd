/**
 * Parser throughput and memory on Espruino: the bench's own adapter for our parser
 * (bench/adapters/ours.ts, as XS runs it in `npm run bench`), fed the bench's modem stream
 * in 128-byte UART reads, timed with Espruino's getTime().
 */
import { fileURLToPath } from "node:url";
import { type BenchEvent, firstDifference } from "../../bench/events";
import type { ModemStream } from "../../bench/stream";
import { bundleForEspruino } from "./bundle";
import { runOnEspruino } from "./run";

const ADAPTER = fileURLToPath(new URL("../../bench/adapters/ours.ts", import.meta.url));
/** ESP32 UART hardware FIFO: what one read delivers at most, as in bench/parser-xs.ts. */
export const CHUNK = 128;
const TIMED_RUNS = 3;

export interface EspruinoParse {
  bytes: number;
  bytesPerSecond: number;
  /** process.memory() after the runs: blocks in use, and bytes per block on this build. */
  usageBlocks: number;
  blockSize: number;
  /** Empty when Espruino's events are the stream's. */
  mismatch: string;
}

/** The stream's bytes as a fresh Uint8Array on Espruino (a flat copy, not a view of a string). */
function bytesScript(name: string, bytes: Uint8Array): string {
  const base64 = Buffer.from(bytes).toString("base64");
  return `var ${name} = (function () { var s = new Uint8Array(E.toArrayBuffer(atob("${base64}"))); var b = new Uint8Array(s.length); b.set(s); return b; })();\n`;
}

const DRIVER = `
benchParse(streamBytes, ${CHUNK}); // warm-up: the parser's ring and the memoised reads
var best = 1e9, count = 0;
for (var run = 0; run < ${TIMED_RUNS}; run++) {
  var t0 = getTime();
  count = benchParse(streamBytes, ${CHUNK});
  var dt = getTime() - t0;
  if (dt < best) best = dt;
}
print("@@parse " + JSON.stringify({ count: count, seconds: best }));
print("@@memory " + JSON.stringify(process.memory()));
print("@@events " + benchEvents(streamBytes, ${CHUNK}));
`;

/**
 * Espruino's typed-array views start at most 65,535 bytes into their buffer ("byteOffset too
 * large"), and the adapter cuts the stream into views: so a stream of at most 64 KB.
 */
export const MAX_STREAM_BYTES = 65536;

export async function measureParseOnEspruino(bin: string, stream: ModemStream, timeoutMs: number): Promise<EspruinoParse> {
  if (stream.bytes.length > MAX_STREAM_BYTES) throw new RangeError(`a ${stream.bytes.length} B stream: Espruino's views reach ${MAX_STREAM_BYTES} B at most`);
  const code = (await bundleForEspruino(ADAPTER, { minify: true })) + bytesScript("streamBytes", stream.bytes) + DRIVER;
  const { reports } = await runOnEspruino(bin, code, timeoutMs);
  const parse = reports.parse as { count: number; seconds: number };
  const memory = reports.memory as { usage: number; blocksize: number };
  return {
    bytes: stream.bytes.length,
    bytesPerSecond: stream.bytes.length / parse.seconds,
    usageBlocks: memory.usage,
    blockSize: memory.blocksize,
    mismatch: mismatch(reports.events as BenchEvent[], stream.events, parse.count),
  };
}

function mismatch(got: BenchEvent[], want: BenchEvent[], counted: number): string {
  if (counted !== want.length) return `benchParse counted ${counted} events, the stream has ${want.length}`;
  const at = firstDifference(got, want);
  return at < 0 ? "" : `events differ from the stream's at #${at}`;
}

const AT_ENTRY = fileURLToPath(new URL("../../test/xs/fixtures/at-entry.ts", import.meta.url));

export interface EspruinoMemory {
  /** process.memory().usage (after its GC) once `warmLines`, then `lines` more, were parsed. */
  usageAfterWarmUp: number;
  usageAfterLines: number;
  lines: number;
  blockSize: number;
}

/**
 * Blocks in use before and after parsing many more lines of OK, URCs and +QMTRECV frames
 * (test/xs/fixtures/at-entry.ts, as the XS heap test runs it): equal when parsing keeps nothing.
 * `alsoRun` is script run between the readings (a test's deliberate leak).
 */
export async function measureMemoryOnEspruino(bin: string, lines: number, timeoutMs: number, alsoRun = ""): Promise<EspruinoMemory> {
  const driver = `
// Both variables exist before the first reading, and hold numbers: a variable created, or an
// object kept, between the readings would itself take blocks.
var before = 0, after = 0;
atHeapPrepare(); atHeapRun(1000);
before = process.memory().usage;
atHeapRun(${lines});
${alsoRun}
after = process.memory().usage;
print("@@memory " + JSON.stringify({ before: before, after: after, blocksize: process.memory().blocksize }));
`;
  const { reports } = await runOnEspruino(bin, (await bundleForEspruino(AT_ENTRY, { minify: true })) + driver, timeoutMs);
  const m = reports.memory as { before: number; after: number; blocksize: number };
  return { usageAfterWarmUp: m.before, usageAfterLines: m.after, lines, blockSize: m.blocksize };
}
