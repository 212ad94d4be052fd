/**
 * The last lines of a fault run (AT trace, firmware log, faults struck), kept in memory and
 * written to reports/soak/ only when the run fails: a lost command or a link that never came
 * back is read from the trace of what led to it, not guessed at from a count.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Log } from "../../src/hal";

const KEEP = 4000;

export class FlightRecorder {
  private readonly lines: string[] = [];
  private readonly now: () => number;

  /** `now`: the simulated clock, so lines from the trace, the log and the faults interleave. */
  constructor(now: () => number) {
    this.now = now;
  }

  readonly trace = (line: string): void => this.keep(line);

  readonly log: Log = (level, message) => this.keep(`[${this.stamp()}] ${level} ${message}`);

  note(text: string): void {
    this.keep(`[${this.stamp()}] ===== ${text}`);
  }

  /** Writes the kept lines to reports/soak/<name>.log and returns the path. */
  save(name: string): string {
    const dir = join("reports", "soak");
    mkdirSync(dir, { recursive: true });
    const path = join(dir, name.replace(/[^\w.-]+/g, "_") + ".log");
    writeFileSync(path, this.lines.join("\n") + "\n");
    return path;
  }

  private stamp(): string {
    return (this.now() / 1000).toFixed(3);
  }

  private keep(line: string): void {
    if (this.lines.length >= KEEP) this.lines.splice(0, KEEP / 4);
    this.lines.push(line.replace(/[\r\n]+$/, ""));
  }
}
