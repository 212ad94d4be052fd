/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so a
 * fleet that lost the same cell does not come back in lockstep, and no attempt comes
 * sooner than half its nominal delay.
 */
export class Backoff {
  attempts = 0;
  private readonly minMs: number;
  private readonly maxMs: number;
  private readonly random: () => number;

  constructor(minMs: number, maxMs: number, random: () => number) {
    this.minMs = minMs;
    this.maxMs = maxMs;
    this.random = random;
  }

  /** The next delay; each call doubles the nominal delay up to the cap. */
  next(): number {
    let nominal = this.minMs;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the cap below clamps any overshoot; stopping at the cap only bounds the loop
    for (let i = 0; i < this.attempts && nominal < this.maxMs; i++) nominal *= 2;
    nominal = Math.min(nominal, this.maxMs);
    this.attempts++;
    const half = nominal / 2;
    return Math.round(half + half * this.random());
  }

  reset(): void {
    this.attempts = 0;
  }
}
