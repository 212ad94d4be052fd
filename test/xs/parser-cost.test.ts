/**
 * The parser's cost on XS, gated: compute per byte on every bench stream and the dearest
 * single 128-byte read, against the figures measured when issue 8 was finished plus about
 * 10% (bench/targets.ts: COMPUTE_PER_BYTE_GATE), and no allocation.
 * Compute is XS's own meter, exact and independent of machine load, so a regression (an
 * extra call per event, a rescan) fails here rather than on the device.
 */
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parserStreams, streamFigures } from "../../bench/parser";
import { XsParser } from "../../bench/parser-xs";
import { modemStream } from "../../bench/stream";
import { STREAM_NAMES } from "../../bench/streams";
import { COMPUTE_PER_BYTE_GATE, WORST_CHUNK_GATE } from "../../bench/targets";

const adapter = (name: string) => fileURLToPath(new URL(`../../bench/adapters/${name}.ts`, import.meta.url));

test("compute per byte on every stream and the dearest read stay within the gate; nothing is allocated", async () => {
  const ours = await XsParser.load(adapter("ours"));
  try {
    const figures = await streamFigures(ours, parserStreams());
    assert.equal(ours.notes, []); // the events matched each stream's
    const over: string[] = [];
    for (const name of STREAM_NAMES) {
      const { computePerByte, worstChunkCompute } = figures[name];
      if (computePerByte > COMPUTE_PER_BYTE_GATE[name]) over.push(`${name}: ${computePerByte.toFixed(2)} compute/B (gate ${COMPUTE_PER_BYTE_GATE[name]})`);
      if (worstChunkCompute > WORST_CHUNK_GATE) over.push(`${name}: a read cost ${worstChunkCompute} compute (gate ${WORST_CHUNK_GATE})`);
    }
    assert.equal(over, []);
    assert.is(await ours.heapPerLines(modemStream(32 * 1024, 2)), 0);
  } finally {
    await ours.close();
  }
});

test("the gate can fail: the parser this one replaced does not pass it, on alink nor on okBurst", async () => {
  const reference = await XsParser.load(adapter("reference"));
  try {
    const streams = parserStreams();
    for (const name of ["alink", "okBurst"] as const) {
      const figures = await reference.compute(await reference.upload(streams[name]), streams[name], name);
      assert.ok(figures.computePerByte > COMPUTE_PER_BYTE_GATE[name], `${name} ${figures.computePerByte}`);
      assert.ok(figures.worstChunkCompute > WORST_CHUNK_GATE, `${name} ${figures.worstChunkCompute}`);
    }
  } finally {
    await reference.close();
  }
});

test.run();
