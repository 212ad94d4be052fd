/**
 * Simulated time. The module model only sees `SimTimers` (milliseconds of module time), so
 * unit tests drive it with `fakeTimers()` and demos/benchmarks with `realTimers(scale)`.
 */

export interface SimTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Wall-clock timers. A delay of d simulated ms waits d*scale real ms, so scale 0.01 runs the
 * module 100x faster than life; `now()` reports simulated ms (real ms / scale).
 */
export function realTimers(scale = 1): SimTimers {
  const start = performance.now();
  return {
    now: () => (performance.now() - start) / scale,
    setTimeout: (fn, ms) => setTimeout(fn, Math.max(0, ms * scale)),
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  };
}

interface FakeTimer {
  id: number;
  due: number;
  fn: () => void;
}

/** Manual clock for unit tests: nothing happens until `advance()`. */
export class FakeTimers implements SimTimers {
  private time: number;
  private nextId = 1;
  private timers: FakeTimer[] = [];

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, due: this.time + Math.max(0, ms), fn };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Timers still waiting. */
  get pending(): number {
    return this.timers.length;
  }

  /**
   * Moves time forward by `ms`, firing due timers in order (ties in creation order). After
   * each timer, pending promise callbacks run (one macrotask turn, no real waiting), so work
   * chained on a fake MQTT transport completes at the simulated instant it belongs to.
   */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await settle();
    for (let timer = this.nextDue(target); timer; timer = this.nextDue(target)) {
      this.timers = this.timers.filter((t) => t !== timer);
      this.time = timer.due;
      timer.fn();
      await settle();
    }
    this.time = target;
  }

  private nextDue(limit: number): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const t of this.timers) if (t.due <= limit && (!best || t.due < best.due)) best = t;
    return best;
  }
}

export function fakeTimers(start = 0): FakeTimers {
  return new FakeTimers(start);
}

/** Lets every queued promise callback run: setImmediate fires after the microtask queue drains. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
