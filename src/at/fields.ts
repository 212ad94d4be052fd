import { COMMA, QUOTE, SPACE } from "./bytes";

/**
 * Reads the comma-separated fields after a URC or response prefix, in place. Numbers go
 * into a caller-owned array; a quoted field is recorded by offset and length, so a
 * consumer makes a string only if it wants one.
 */
export class Fields {
  /** Numeric value of each field (NaN for a field that is not a plain integer). */
  readonly numbers: number[];
  /** Offset and length of each field's text (inside quotes for a quoted field). */
  readonly starts: number[];
  readonly lengths: number[];
  count = 0;

  constructor(maxFields: number) {
    this.numbers = [];
    // Stryker disable next-line ArrayDeclaration: read() writes a field's start and length before anything reads them
    this.starts = [];
    // Stryker disable next-line ArrayDeclaration: as above
    this.lengths = [];
    for (let i = 0; i < maxFields; i++) {
      this.numbers.push(0);
      this.starts.push(0);
      this.lengths.push(0);
    }
  }

  /** Split bytes [from, end) on commas outside quotes. Returns the field count. */
  read(bytes: Uint8Array, from: number, end: number): number {
    this.count = 0;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: spaces skipped past `end` leave `from >= end`, which the next line answers with 0 fields anyway
    while (from < end && bytes[from] === SPACE) from++;
    if (from >= end) {
      // Field 0 empty, not the last line's: a test of field 0's text cannot match stale bytes.
      this.lengths[0] = 0;
      return 0;
    }
    while (this.count < this.numbers.length) {
      from = this.field(bytes, from, end);
      if (from >= end || bytes[from] !== COMMA) break;
      from++;
    }
    return this.count;
  }

  /** Number in field `i`, or `fallback` when absent or not numeric. */
  int(i: number, fallback: number): number {
    if (i >= this.count) return fallback;
    const v = this.numbers[i];
    return v === v ? v : fallback;
  }

  private field(bytes: Uint8Array, from: number, end: number): number {
    const quoted = bytes[from] === QUOTE;
    const start = quoted ? from + 1 : from;
    const stop = scanTo(bytes, start, end, quoted ? QUOTE : COMMA);
    const i = this.count++;
    this.starts[i] = start;
    this.lengths[i] = stop - start;
    this.numbers[i] = quoted ? NaN : integer(bytes, start, stop);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: an unterminated quote stops at `end`; end + 1 ends the list there as well
    return quoted && stop < end ? stop + 1 : stop;
  }
}

function scanTo(bytes: Uint8Array, from: number, end: number, byte: number): number {
  while (from < end && bytes[from] !== byte) from++;
  return from;
}

function integer(bytes: Uint8Array, start: number, stop: number): number {
  let i = start;
  const negative = bytes[i] === 45;
  if (negative) i++;
  if (i >= stop || stop - i > 10) return NaN;
  let v = 0;
  for (; i < stop; i++) {
    const c = bytes[i];
    if (c < 48 || c > 57) return NaN;
    v = v * 10 + (c - 48);
  }
  return negative ? -v : v;
}
