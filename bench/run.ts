/**
 * `npm run bench [-- --json] [section ...]`: runs the sections of ./sections.ts.
 * Without --json: a readable table. With --json: exactly one JSON object on stdout,
 * `{ "<section>": { ...figures, notes?: [...] } | { skipped } | { error } }`.
 * Exits 1 if any section failed (skipped ones do not count).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Figure, type Section, type SectionResult, SectionUnavailable } from "./section";
import { SECTIONS } from "./sections";

type Outcome = Record<string, Figure | string[]>;

/** Readable-only lines per section (SectionResult.table), kept out of the JSON. */
const tables: Record<string, string[] | undefined> = {};

async function runSection(module: string): Promise<Outcome> {
  const url = new URL(module, import.meta.url);
  if (!existsSync(fileURLToPath(url))) return { skipped: `bench/${module.slice(2)} not written yet` };
  try {
    const section = ((await import(url.href)) as { default: Section }).default;
    const result: SectionResult = await section.run({ log: (m) => process.stderr.write(`  ${m}\n`) });
    tables[module] = result.table;
    return result.notes?.length ? { ...result.figures, notes: result.notes } : { ...result.figures };
  } catch (e) {
    if (e instanceof SectionUnavailable) return { skipped: e.message };
    return { error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}

function format(value: Figure | string[], indent = "    "): string {
  if (typeof value === "number") return Math.abs(value) >= 100 ? String(Math.round(value)) : String(+value.toPrecision(4));
  if (Array.isArray(value)) return value.join(`\n${indent}`);
  if (value === null || typeof value !== "object") return String(value);
  const entries = Object.entries(value);
  const width = Math.max(...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => `\n${indent}${k.padEnd(width)}  ${format(v, indent + "  ")}`).join("");
}

function printTable(results: Record<string, Outcome>): void {
  for (const [name, outcome] of Object.entries(results)) {
    console.log(`\n${name}`);
    const width = Math.max(...Object.keys(outcome).map((k) => k.length));
    for (const [key, value] of Object.entries(outcome)) {
      const sep = Array.isArray(value) ? ":\n    " : "  ";
      console.log(`  ${key.padEnd(width)}${sep}${format(value)}`);
    }
    const module = SECTIONS.find((s) => s.name === name)?.module ?? "";
    for (const line of tables[module] ?? []) console.log(`  ${line}`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const wanted = args.filter((a) => !a.startsWith("--"));
  const results: Record<string, Outcome> = {};
  for (const { name, module } of SECTIONS) {
    if (wanted.length && !wanted.includes(name)) continue;
    process.stderr.write(`bench: ${name}\n`);
    results[name] = await runSection(module);
  }
  if (json) console.log(JSON.stringify(results, null, 2));
  else printTable(results);
  if (Object.values(results).some((r) => "error" in r)) process.exitCode = 1;
}

await main();
