/** Percentiles and rates for the fleet report. */

export interface Percentiles {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}

/** Nearest-rank percentiles (a value that occurred, never an interpolation); nulls when empty. */
export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number): number | null => (sorted.length === 0 ? null : round(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]));
  return { count: sorted.length, p50: rank(50), p90: rank(90), p99: rank(99), max: rank(100) };
}

/** Events per second over `ms`; 0 for an empty interval. */
export function rate(events: number, ms: number): number {
  return ms > 0 ? round((events * 1000) / ms) : 0;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
