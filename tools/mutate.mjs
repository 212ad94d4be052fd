// `npm run mutate [-- at cloud modem]`: StrykerJS over each folder in turn (stryker.config.mjs),
// then one line per folder with its mutation score. Slow (every mutant reruns the folder's
// suites), so it is not part of `npm test`. MUTATE_CONCURRENCY (default 2) bounds the workers;
// MUTATE_FILES (comma-separated globs) narrows a run to some files.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

const FOLDERS = ["at", "cloud", "modem"];
const folders = process.argv.slice(2).length > 0 ? process.argv.slice(2) : FOLDERS;
for (const f of folders) {
  if (!FOLDERS.includes(f)) {
    console.error(`mutate: unknown folder ${JSON.stringify(f)} (expected one of ${FOLDERS.join(", ")})`);
    process.exit(2);
  }
}

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");
const scores = [];
let failed = false;
for (const folder of folders) {
  const run = spawnSync("npx", ["stryker", "run"], { cwd: root, stdio: "inherit", env: { ...process.env, MUTATE_FOLDER: folder } });
  if (run.status !== 0) failed = true;
  scores.push(score(folder));
}
for (const line of scores) console.log(line);
process.exit(failed ? 1 : 0);

/** "src/<folder>: 91.2% (detected/valid ...)" from the JSON report (Stryker's own score: timeouts count as detected). */
function score(folder) {
  const file = resolve(root, `reports/mutation/${folder}.json`);
  if (!existsSync(file)) return `src/${folder}: no report`;
  const report = JSON.parse(readFileSync(file, "utf8"));
  const count = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, CompileError: 0, RuntimeError: 0, Ignored: 0 };
  for (const f of Object.values(report.files)) for (const m of f.mutants) count[m.status] = (count[m.status] || 0) + 1;
  const detected = count.Killed + count.Timeout;
  const valid = detected + count.Survived + count.NoCoverage;
  const pct = valid === 0 ? 100 : (100 * detected) / valid;
  return `src/${folder}: ${pct.toFixed(1)}% (${detected}/${valid} detected, ${count.Survived} survived, ${count.NoCoverage} no coverage, ${count.CompileError + count.RuntimeError} errors)`;
}
