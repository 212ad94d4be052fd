// `node tools/mutate-survivors.mjs <folder> [file-substring ...]`: the mutants a `npm run mutate`
// left alive, one line each (file:line:col, mutator, the code and what it became), from the
// folder's JSON report, or while a run is still going from its event recorder's files
// (reports/mutation/events-<folder>). Without a file substring: the count per file. With
// MUTATE_REV=<commit>, the code is shown as it was at that commit (the one the run mutated).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");
const [folder, ...wanted] = process.argv.slice(2);
if (!folder) {
  console.error("usage: node tools/mutate-survivors.mjs <at|cloud|modem> [file-substring ...]");
  process.exit(2);
}
const ALIVE = new Set(["Survived", "NoCoverage"]);

/** [{ file, status, mutatorName, location, replacement }] from the report, or from the events so far. */
function mutants() {
  const report = join(root, `reports/mutation/${folder}.json`);
  if (existsSync(report)) {
    const files = JSON.parse(readFileSync(report, "utf8")).files;
    return Object.entries(files).flatMap(([file, f]) => f.mutants.map((m) => ({ ...m, file: relative(root, resolve(root, file)) })));
  }
  const events = join(root, `reports/mutation/events-${folder}`);
  if (!existsSync(events)) {
    console.error(`mutate-survivors: no reports/mutation/${folder}.json and no ${relative(root, events)}: run npm run mutate -- ${folder} first`);
    process.exit(2);
  }
  return readdirSync(events)
    .filter((f) => f.endsWith("-onMutantTested.json"))
    .map((f) => JSON.parse(readFileSync(join(events, f), "utf8")))
    .map((m) => ({ ...m, file: relative(root, m.fileName) }));
}

const all = mutants();
if (wanted.length === 0) {
  const by = new Map();
  for (const m of all) {
    const c = by.get(m.file) ?? { tested: 0, alive: 0 };
    c.tested++;
    if (ALIVE.has(m.status)) c.alive++;
    by.set(m.file, c);
  }
  for (const [file, c] of [...by].sort()) console.log(`${file}: ${c.alive} alive of ${c.tested}`);
  process.exit(0);
}
const sources = new Map();
const source = (file) => {
  // MUTATE_REV: read the files as they were at that commit (the run's), when they have changed since.
  const rev = process.env.MUTATE_REV;
  if (!sources.has(file) && rev) sources.set(file, execFileSync("git", ["show", `${rev}:${file}`], { cwd: root, encoding: "utf8" }).split("\n"));
  if (!sources.has(file)) sources.set(file, existsSync(join(root, file)) ? readFileSync(join(root, file), "utf8").split("\n") : []);
  return sources.get(file);
};
const at = (m) => m.location.start;
for (const m of all.filter((m) => ALIVE.has(m.status) && wanted.some((w) => m.file.includes(w))).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : at(a).line - at(b).line || at(a).column - at(b).column))) {
  const { start, end } = m.location;
  const lines = source(m.file).slice(start.line - 1, end.line);
  const code = lines.length === 1 ? lines[0].slice(start.column - 1, end.column - 1) : (lines[0] ?? "").slice(start.column - 1) + " ...";
  console.log(`${m.file}:${start.line}:${start.column} [${m.status}] ${m.mutatorName}: ${JSON.stringify(code.slice(0, 150))} -> ${JSON.stringify((m.replacement ?? "").slice(0, 150))}`);
}
