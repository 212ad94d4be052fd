/**
 * Simulated time, shared by the EC600S simulator's timers and the firmware's clock so that a
 * module delay and a firmware timeout written in the same milliseconds mean the same thing.
 *
 *   simulated ms = real ms / scale
 *
 * scale 1 is life; 0.05 runs everything 20x faster (a 3 s boot takes 150 real ms). The broker,
 * TCP and mqtt.js keep-alives stay on real time: at small scales a real network round trip
 * looks long in simulated ms, which is why tests keep scale >= ~0.02.
 */
import type { SimTimers } from "../../sim/ec600s";
import type { Clock } from "../../src/hal";

export interface SimTime extends SimTimers, Clock {
  /** Real ms per simulated ms. */
  readonly scale: number;
  /** Real ms that `simMs` simulated ms take (at least 1: Node timers are ms-grained). */
  realMs(simMs: number): number;
  /**
   * Make now() 0 again: the board's power-on is time zero in logs and traces. Only before
   * anything has taken a deadline from the clock (the rig calls it just before boot).
   */
  rebase(): void;
}

/**
 * The scales that make sense: below 0.01 (100x faster than life) real timer granularity and
 * network round trips swamp simulated timeouts and the device may never come online; above
 * 100 a 7 s bring-up takes twelve minutes, which is a typo rather than a wish.
 */
export const MIN_TIME_SCALE = 0.01;
export const MAX_TIME_SCALE = 100;

export function isTimeScale(scale: number): boolean {
  return scale >= MIN_TIME_SCALE && scale <= MAX_TIME_SCALE;
}

/** Like the simulator's realTimers(scale), with a movable origin. */
export function simTime(scale = 1): SimTime {
  if (!isTimeScale(scale)) throw new RangeError(`time scale must be from ${MIN_TIME_SCALE} to ${MAX_TIME_SCALE}, got ${scale}`);
  let origin = performance.now();
  return {
    scale,
    now: () => (performance.now() - origin) / scale,
    setTimeout: (fn, ms) => setTimeout(fn, Math.max(0, ms * scale)),
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
    realMs: (simMs) => Math.max(1, Math.round(simMs * scale)),
    rebase: () => void (origin = performance.now()),
  };
}
