/** A small seeded PRNG (mulberry32) for the hostile runs: a failure replays with its seed. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }

  /** `n` random Latin-1 characters. */
  junk(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += String.fromCharCode(this.int(256));
    return s;
  }
}

/** Failures by kind (numbers blanked), each printed once and counted. */
export class Failures {
  readonly kinds = new Map<string, number>();

  fail(what: string): void {
    const kind = what.replace(/\d+/g, "N");
    if (!this.kinds.has(kind)) console.log("FAIL " + what);
    this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + 1);
  }
}

/** `--name <positive number>` from argv, or `fallback`; exits with one line on a bad value. */
export function numberArg(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  if (!(value > 0) || !Number.isFinite(value)) {
    console.error(`fuzz: ${name} needs a positive number, got ${JSON.stringify(args[at + 1])}`);
    process.exit(2);
  }
  return value;
}
