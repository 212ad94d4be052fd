// The test command of `npm run mutate` (see stryker.config.mjs): every uvu suite of the folders
// given, as `uvu <folder> --bail` would run them, but one file at a time, stopping at the first
// failure.
// A mutant is killed by the first suite that fails, so the order is what makes a run fast:
// suites nearest the mutated file in the import graph come first (those that import it
// themselves, then those one module further, ...); at each distance, cheap unit suites before
// the property, differential and XS ones. Suites that cannot reach the file are left out.
// Usage: node --import tsx tools/mutate-runner.mjs test/<folder> [test/<folder> ...] [!test/<folder>/<suite>.test.ts ...]
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

// "!path" leaves a suite out (see stryker.config.mjs for which and why).
const folders = process.argv.slice(2).filter((a) => !a.startsWith("!"));
const left = new Set(process.argv.slice(2).filter((a) => a.startsWith("!")).map((a) => join(a.slice(1))));
if (folders.length === 0) {
  console.error("mutate-runner: give the test folder, e.g. test/at");
  process.exit(2);
}
const SLOW = /property|differential|xs|seed/;
const cheapFirst = (a, b) => Number(SLOW.test(a)) - Number(SLOW.test(b)) || (a < b ? -1 : a > b ? 1 : 0);
// Suites in subfolders too (test/cloud/sign/), as `uvu <folder>` finds them.
let files = folders
  .flatMap((folder) => readdirSync(folder, { recursive: true }).map((f) => join(folder, f)))
  .filter((f) => f.endsWith(".test.ts") && !left.has(f))
  .sort(cheapFirst);

const active = process.env.__STRYKER_ACTIVE_MUTANT__;
const target = active === undefined ? undefined : mutatedFile(active);
if (target !== undefined) {
  const rank = new Map(files.map((f) => [f, named(f, target) ?? relevance(resolve(f), target)]));
  // A suite that cannot reach the mutated file cannot kill its mutant: it is left out, which
  // makes a survivor cost only the suites that could have killed it. The graph counts bundle
  // entries named by path ("./fixtures/entry.ts") as imports; a suite that still reaches a
  // file some other way would only make the score read low, never high.
  files = files.filter((f) => rank.get(f) !== Infinity);
  files.sort((a, b) => (rank.get(a) === rank.get(b) ? 0 : rank.get(a) < rank.get(b) ? -1 : 1) || cheapFirst(a, b));
}

if (process.env.MUTATE_RUNNER_TRACE) console.error(`mutate-runner: ${target ?? "no target"}: ${files.join(" ")}`);
globalThis.UVU_DEFER = 1;
const uvu = await import("uvu");
for (const file of files) {
  // Each file gets a queue of its own, run before the next file is even loaded.
  globalThis.UVU_QUEUE.length = 0;
  globalThis.UVU_INDEX = 0;
  globalThis.UVU_QUEUE.push([file]);
  await import(pathToFileURL(resolve(file)).href);
  await uvu.exec(true); // bail: exits 1 on the first failing test
  if (process.exitCode) process.exit(process.exitCode);
}

/** The source file (absolute) whose instrumented text holds mutant `id`, found by its marker. */
function mutatedFile(id) {
  const marker = new RegExp(`stryMutAct_\\w+\\("${id}"\\)`);
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        const hit = walk(p);
        if (hit) return hit;
      } else if (e.name.endsWith(".ts") && marker.test(readFileSync(p, "utf8"))) return resolve(p);
    }
    return undefined;
  };
  return walk("src");
}

/** 0 for a suite named after the file (tls.test.ts for quectel/tls.ts), 0.5 after its folder. */
function named(suite, target) {
  const stem = basename(suite).split(".")[0];
  const parts = target.replace(/\.ts$/, "").split("/");
  if (stem === parts[parts.length - 1]) return 0;
  if (stem === parts[parts.length - 2] || stem.startsWith(`${parts[parts.length - 2]}-`)) return 0.5;
  return undefined;
}

/** How many imports away `target` is from the suite (1: imported by the suite itself), or Infinity. */
function relevance(suite, target) {
  const seen = new Set([suite]);
  let level = [suite];
  for (let depth = 1; level.length > 0; depth++) {
    const next = [];
    for (const file of level) {
      for (const dep of localImports(file)) {
        if (dep === target) return depth;
        if (!seen.has(dep)) {
          seen.add(dep);
          next.push(dep);
        }
      }
    }
    level = next;
  }
  return Infinity;
}

/** Relative imports of a module, resolved to files (extensionless specifiers, as src/ writes them). */
function localImports(file) {
  const text = readFileSync(file, "utf8");
  const out = [];
  // Imports, and paths to .ts files in strings (bundle entries: new URL("./fixtures/x.ts", ...)).
  for (const m of text.matchAll(/(?:(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"|"(\.{1,2}\/[^"]+\.ts)")/g)) {
    const spec = m[1] ?? m[2];
    const base = resolve(dirname(file), spec);
    for (const candidate of [base, `${base}.ts`, `${base}.mts`, join(base, "index.ts")]) {
      if (candidate.endsWith(".ts") && existsSync(candidate)) {
        out.push(candidate);
        break;
      }
    }
  }
  return out.filter((p) => !relative(process.cwd(), p).startsWith(".."));
}
