/**
 * Decoding xsnap-worker's replies (xsnap-native/xsnap/sources/xsnap-worker.c: fxWriteOkay,
 * ExitCode). Kept apart from the process handling in ./worker.ts.
 */

export interface XsResult {
  /** Bytes of the completion value when it was an ArrayBuffer, else empty. */
  reply: Uint8Array;
  /** `reply` decoded as UTF-8. */
  text: string;
  /**
   * XS meter for this evaluation (unsigned 32-bit, wraps): one per bytecode, plus per-element
   * charges in some natives (RegExp exec per subject char, TypedArray indexOf/fill 1-8 per
   * element); string `+`, String indexOf/split/slice are charged flat. So compare parsers
   * on wall time as well, not compute alone.
   */
  compute: number;
  /** Bytes the machine has reserved from the OS in total (not per evaluation). */
  allocate: number;
  /**
   * Slots in use when the evaluation ended, garbage included until a collection (explicit
   * `gc()` or automatic). String/ArrayBuffer bodies live in chunks and are not counted.
   */
  currentHeapCount: number;
  /** Wall time inside the worker, from its own timestamps (excludes pipe transfer). */
  wallMs: number;
}

export const EXIT_MEANINGS: Record<number, string> = {
  1: "bad argument usage",
  2: "I/O error",
  11: "not enough memory",
  12: "stack overflow",
  15: "unhandled exception",
  16: "property (key) name space exhausted",
  17: "too much computation (metering limit)",
};

interface Meter {
  compute: number;
  allocate: number;
  currentHeapCount: number;
  timestamps?: number[];
}

/** `.` body: `<meterJSON>\x01<reply bytes>` (the meter part is absent for some commands). */
export function parseOkay(body: Buffer): XsResult {
  const sep = body.indexOf(1);
  const meter: Meter =
    sep < 0 ? { compute: 0, allocate: 0, currentHeapCount: 0 } : JSON.parse(body.subarray(0, sep).toString());
  const reply = new Uint8Array(body.subarray(sep + 1));
  const ts = meter.timestamps ?? [];
  return {
    reply,
    text: Buffer.from(reply).toString("utf8"),
    compute: meter.compute,
    allocate: meter.allocate,
    currentHeapCount: meter.currentHeapCount,
    wallMs: ts.length > 1 ? (ts[ts.length - 1] - ts[0]) * 1000 : 0,
  };
}
