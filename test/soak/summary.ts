/** The fault run's one line: what was sent, what it took, what was thrown at it. */
import type { SoakResult } from "./soak";

export function summaryLine(r: SoakResult, scale: number, seed: number): string {
  const faults = Object.entries(r.faults)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(", ");
  const total = Object.values(r.faults).reduce((a, b) => a + b, 0);
  const switches = r.ledger.entries.reduce((a, e) => a + e.changes, 0);
  return (
    `fault run: ${r.outcomes.length} commands (${switches} relay switches), ${r.retries} retries ` +
    `(firmware: ${r.sets.applied} applied, ${r.sets.repeated} repeats answered), ` +
    `${r.consoleConnects} console connects, ${total} faults (${faults}), ` +
    `${(r.realMs / 1000).toFixed(1)} s real / ${(r.simMs / 1000).toFixed(0)} s simulated at scale ${scale}, seed ${seed}`
  );
}
