/**
 * Bench section "app": the whole firmware (core + the fake host and EC600S of
 * test/xs/fixtures/app-entry.ts) on the device-shaped XS worker: the ESP32 manifest's stack,
 * heap and chunk, src/ preloaded (frozen). Compute is XS's own exact count, per firmware turn
 * (one UART chunk or one poll), as the ESP32 event loop runs them.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleForXs } from "../tools/xs/bundle";
import { startXs, type Xs } from "../tools/xs/worker";
import type { BenchContext, Section, SectionResult } from "./section";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const ENTRY = fileURLToPath(new URL("../test/xs/fixtures/app-entry.ts", import.meta.url));
const TURN_CYCLES = 200;

interface Memory {
  slots: number;
  chunk: number;
  peakStack: number;
  stackSlots: number;
  heapBudget: number;
  chunkBudget: number;
}

/** A device-shaped machine with the app loaded as the device preloads it. */
async function device<T>(code: string, body: (xs: Xs) => Promise<T>): Promise<T> {
  const xs = await startXs({ name: "bench-app", device: true });
  try {
    await xs.evaluate(code);
    await xs.evaluate("preloadDone()");
    return await body(xs);
  } finally {
    await xs.close();
  }
}

const memory = (xs: Xs) => xs.evaluateJson<Memory>("gc(), deviceMemory()");

/** What the running app holds in RAM once online (code and module constants are in flash). */
async function online(code: string): Promise<Memory> {
  return device(code, async (xs) => {
    await xs.evaluate("appInit(); appRunUntilOnline(20000)");
    return memory(xs);
  });
}

async function liveAfterCycles(code: string, cycles: number): Promise<number> {
  return device(code, async (xs) => {
    await xs.evaluate("appInit(); appRunUntilOnline(20000); appCycles(100)");
    await xs.evaluate(`var cycles = ${cycles}`);
    return (await xs.evaluate("gc(); appCycles(cycles); gc()")).currentHeapCount;
  });
}

async function turns(code: string): Promise<{ max: number; mean: number; turns: number; peakStack: number }> {
  return device(code, async (xs) => {
    await xs.evaluate("appInit()");
    await xs.evaluate("deviceMemory()"); // from here on the deepest stack is the turns'
    const t = await xs.evaluateJson<{ max: number; mean: number; turns: number }>(`appWorstTurns(${TURN_CYCLES}, 1024)`);
    return { ...t, peakStack: (await memory(xs)).peakStack };
  });
}

/** The largest set (of 512 B, 1, 2 and 4 KB, with payloadBytes at its 4096 maximum) answered 200. */
async function largestSetAnswered(code: string): Promise<number> {
  return device(code, async (xs) => {
    await xs.evaluate("appInit(4096); appRunUntilOnline(20000)");
    let largest = 0;
    for (const bytes of [512, 1024, 2048, 4096]) {
      const id = await xs.evaluateJson<string>(`JSON.stringify(appInjectSetOfSize(${bytes}))`);
      const reply = await xs.evaluateJson<string>(`JSON.stringify(appReplyTo(${JSON.stringify(id)}, 4000))`);
      if (reply.includes('"code":200')) largest = bytes;
    }
    return largest;
  });
}

/**
 * Release bytecode of what the manifest ships (dist/moddable's main and app), compiled by the
 * SDK's own xsc as mcconfig does (-c -e); null without $MODDABLE.
 */
function xsbBytes(ctx: BenchContext): number | null {
  const moddable = process.env.MODDABLE;
  const xsc = moddable ? join(moddable, "build/bin/lin/release/xsc") : "";
  if (!moddable || !existsSync(xsc)) return null;
  const rollup = spawnSync("npx", ["rollup", "-c", "rollup.config.mjs", "--silent"], { cwd: ROOT, encoding: "utf8" });
  if (rollup.status !== 0) throw new Error("rollup failed: " + rollup.stderr);
  const out = mkdtempSync(join(tmpdir(), "xsb-"));
  try {
    let total = 0;
    for (const file of readdirSync(join(ROOT, "dist/moddable")).filter((f) => f.endsWith(".js"))) {
      const name = file.slice(0, -3);
      const r = spawnSync(xsc, [join(ROOT, "dist/moddable", file), "-c", "-e", "-o", out, "-r", name], { encoding: "utf8" });
      if (r.status !== 0) throw new Error(`xsc ${file}: ${r.stdout}${r.stderr}`);
      total += statSync(join(out, name + ".xsb")).size;
    }
    ctx.log(`xsb: ${total} bytes`);
    return total;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function run(ctx: BenchContext): Promise<SectionResult> {
  const code = await bundleForXs(ENTRY, { preload: ["src/"] });
  ctx.log("app memory online");
  const m = await online(code);
  ctx.log("app live heap after 100 and 10,100 set/post cycles");
  const after100 = await liveAfterCycles(code, 100);
  const after10k = await liveAfterCycles(code, 10000);
  ctx.log("app turns");
  const t = await turns(code);
  ctx.log("app largest set answered");
  const largest = await largestSetAnswered(code);
  return {
    figures: {
      deviceShaped: true,
      heapSlotsOnline: m.slots,
      heapBudgetSlots: m.heapBudget,
      chunkBytesOnline: m.chunk,
      chunkBudgetBytes: m.chunkBudget,
      heapSlotsGrowthPer10kMessages: after10k - after100,
      maxTurnCompute: t.max,
      meanTurnCompute: t.mean,
      turnsMeasured: t.turns,
      peakStackSlots: t.peakStack,
      stackSlots: m.stackSlots,
      largestSetAnsweredBytes: largest,
      xsbBytes: xsbBytes(ctx),
    },
    notes: [
      "device-shaped: xsnap-worker built with manifest.json's esp32 creation block (tools/xs/device-worker.ts); after the code loads, the app has exactly the heap, chunk and stack budget, and src/ is hardened as preload leaves it",
      "heapSlotsOnline / chunkBytesOnline: what the running app holds in RAM once online (live, after gc), including the harness's fake EC600S and host objects",
      "maxTurnCompute: the longest firmware turn (one UART chunk of <= 128 bytes, or one poll) from power-on through 200 set/post cycles with 1 KB sets among them; gated at 20,000 in test/xs/turns.test.ts",
      "largestSetAnsweredBytes: the largest valid property/set of 512, 1024, 2048 or 4096 bytes answered 200 (payloadBytes 4096); larger ones are refused by the JSON size limit",
      "xsbBytes: release bytecode of dist/moddable (main + app) from the SDK's xsc, as mcconfig compiles it; null without $MODDABLE",
    ],
  };
}

const section: Section = { run };
export default section;
