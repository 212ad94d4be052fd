/**
 * What a benchmark section is. A section module (bench/<name>.ts, listed in ./sections.ts)
 * default-exports a Section; the runner prints its figures under `<name>` in the table and
 * in the `--json` object.
 */
export type Figure = number | string | boolean | null | { [name: string]: Figure };

export interface SectionResult {
  figures: Record<string, Figure>;
  /** Caveats worth reading next to the numbers (pending parts, GC during a run, ...). */
  notes?: string[];
  /** Lines for the readable table only (derived estimates); not in --json. */
  table?: string[];
}

export interface BenchContext {
  /** Progress text; goes to stderr so `--json` stdout stays one JSON object. */
  log(message: string): void;
}

export interface Section {
  run(ctx: BenchContext): Promise<SectionResult>;
}

/** Throw from `run` when what the section measures does not exist yet: it is skipped. */
export class SectionUnavailable extends Error {
  override name = "SectionUnavailable";
}
