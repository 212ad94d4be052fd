/**
 * Bench section "app": the whole firmware on host XS (core + the fake host and EC600S of
 * test/xs/fixtures/app-entry.ts). Heap figures are live slots after gc(); compute is XS's
 * own deterministic count, one evaluation per turn (one UART chunk or one poll), as the
 * ESP32 event loop runs them.
 */
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { bundleForXs } from "../tools/xs/bundle";
import { startXs, Xs } from "../tools/xs/worker";
import type { BenchContext, Section, SectionResult } from "./section";

const ENTRY = fileURLToPath(new URL("../test/xs/fixtures/app-entry.ts", import.meta.url));
const MODDABLE_MAIN = fileURLToPath(new URL("../hosts/moddable/main.ts", import.meta.url));
const TURN_CYCLES = 200;

async function fresh<T>(code: string | null, body: (xs: Xs) => Promise<T>): Promise<T> {
  const xs = await startXs({ name: "bench-app" });
  try {
    if (code !== null) await xs.evaluate(code);
    return await body(xs);
  } finally {
    await xs.close();
  }
}

/**
 * Live slots: a bare machine, the same machine with the code loaded (functions, classes and
 * module constants: what Moddable's preload puts in flash on the device), and once online
 * (what the running app adds in RAM).
 */
async function heapOnline(code: string): Promise<{ bare: number; loaded: number; online: number }> {
  const bare = await fresh(null, async (xs) => (await xs.evaluate("gc()")).currentHeapCount);
  return fresh(code, async (xs) => {
    const loaded = (await xs.evaluate("gc()")).currentHeapCount;
    await xs.evaluate("appInit(); appRunUntilOnline(20000)");
    return { bare, loaded, online: (await xs.evaluate("gc()")).currentHeapCount };
  });
}

async function heapAfterCycles(code: string, cycles: number): Promise<number> {
  return fresh(code, async (xs) => {
    await xs.evaluate("appInit(); appRunUntilOnline(20000); appCycles(100)");
    await xs.evaluate(`var cycles = ${cycles}`);
    return (await xs.evaluate("gc(); appCycles(cycles); gc()")).currentHeapCount;
  });
}

/** The largest compute of any single turn from power-on through `TURN_CYCLES` set/post cycles. */
async function turns(code: string): Promise<{ max: number; evalOverhead: number; count: number }> {
  return fresh(code, async (xs) => {
    await xs.evaluate("appInit()");
    const evalOverhead = (await xs.evaluate("0")).compute;
    let max = 0;
    let count = 0;
    // appTurn's value says what ran; the fake module's own steps are not firmware turns.
    const turn = async (expr: string) => {
      const r = await xs.evaluate(`__kind = ${expr}; __kind === 2 ? null : 0`);
      if ((await xs.evaluateJson<number>("__kind")) === 2) return;
      count++;
      if (r.compute > max) max = r.compute;
    };
    await xs.evaluate("var __kind = 0");
    for (let i = 0; i < 20000 && (await xs.evaluateJson<boolean>("appOnline()")) === false; i++) await turn("appTurn()");
    for (let c = 0; c < TURN_CYCLES; c++) {
      await xs.evaluate("appInjectSet()");
      for (let i = 0; i < 500 && !(await xs.evaluateJson<boolean>("appIdle()")); i++) await turn("appTurn()");
    }
    return { max, evalOverhead, count };
  });
}

/** Minified bytes of what the Moddable manifest ships: the host and everything it imports. */
async function moddableBytes(): Promise<number> {
  const result = await build({
    entryPoints: [MODDABLE_MAIN],
    bundle: true,
    write: false,
    minify: true,
    format: "esm",
    target: "es2022",
    external: ["embedded:*", "timer", "time", "preference", "mc/config"],
    logLevel: "silent",
  });
  return result.outputFiles.reduce((n, f) => n + f.contents.length, 0);
}

async function run(ctx: BenchContext): Promise<SectionResult> {
  const code = await bundleForXs(ENTRY);
  ctx.log("app heap online");
  const heap = await heapOnline(code);
  ctx.log("app heap after 100 and 10,100 set/post cycles");
  const after100 = await heapAfterCycles(code, 100);
  const after10k = await heapAfterCycles(code, 10000);
  ctx.log("app turns");
  const t = await turns(code);
  return {
    figures: {
      heapSlotsOnline: heap.online - heap.loaded,
      heapSlotsCode: heap.loaded - heap.bare,
      heapSlotsOnlineWithCode: heap.online - heap.bare,
      bareXsHeapSlots: heap.bare,
      heapSlotsGrowthPer10kMessages: after10k - after100,
      bundleBytes: await moddableBytes(),
      maxTurnCompute: t.max,
      turnsMeasured: t.count,
      emptyEvaluationCompute: t.evalOverhead,
    },
    notes: [
      "heapSlotsOnline: slots the running app adds once online, above the machine with its code loaded (on the device, preload keeps code and module constants in flash); heapSlotsOnlineWithCode is the same above a bare machine; both include the harness's fake EC600S and host objects (a few dozen slots)",
      "maxTurnCompute: a turn is one UART chunk (<= 128 bytes) or one poll; it includes one evaluation's own overhead (emptyEvaluationCompute), not the fake module's own steps",
      "heap growth is per 10,000 cloud set/post cycles (one inbound set, a set_reply and a state post each)",
    ],
  };
}

const section: Section = { run };
export default section;
