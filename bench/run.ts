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

async function runSection(module: string): Promise<Outcome> {
  const url = new URL(module, import.meta.url);
  if (!existsSync(fileURLToPath(url))) return { skipped: `bench/${module.slice(2)} not written yet` };
  try {
    const section = ((await import(url.href)) as { default: Section }).default;
    const result: SectionResult = await section.run({ log: (m) => process.stderr.write(`  ${m}\n`) });
    return result.notes?.length ? { ...result.figures, notes: result.notes } : { ...result.figures };
  } catch (e) {
    if (e instanceof SectionUnavailable) return { skipped: e.message };
    return { error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}

function format(value: Figure | string[]): string {
  if (typeof value === "number") return Math.abs(value) >= 100 ? String(Math.round(value)) : String(+value.toPrecision(4));
  return Array.isArray(value) ? value.join("\n    ") : String(value);
}

function printTable(results: Record<string, Outcome>): void {
  for (const [name, outcome] of Object.entries(results)) {
    console.log(`\n${name}`);
    const width = Math.max(...Object.keys(outcome).map((k) => k.length));
    for (const [key, value] of Object.entries(outcome)) {
      const sep = Array.isArray(value) ? ":\n    " : "  ";
      console.log(`  ${key.padEnd(width)}${sep}${format(value)}`);
    }
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
