/**
 * The module's receive FIFO. Bytes wait here until the AT engine is ready for them, and
 * are consumed either as a command line (ended by CR or LF; an LF right after the CR of the
 * same terminator is part of it) or, after a `>` prompt, as an exact count of raw bytes.
 *
 * `lfAfterCr: "payload"` models a strict module: the LF of a `...,<len>\r\n` PUBEX line
 * stays in the FIFO and becomes the first payload byte (docs/quectel-qmt.md, "Known traps").
 */

export type LfAfterCr = "swallow" | "payload";

export class UartInput {
  private fifo: number[] = [];
  private line: number[] = [];
  /** The last line ended with CR; an LF arriving next belongs to that terminator. */
  private afterCr = false;

  constructor(private readonly lfAfterCr: LfAfterCr = "swallow") {}

  push(bytes: Uint8Array): void {
    for (const b of bytes) this.fifo.push(b);
  }

  get buffered(): number {
    return this.fifo.length;
  }

  clear(): void {
    this.fifo = [];
    this.line = [];
    this.afterCr = false;
  }

  /**
   * Consumes bytes up to and including one line terminator. Returns the bytes consumed
   * (for echo) and the line text once complete; `line` is undefined while incomplete.
   */
  takeLine(): { consumed: Uint8Array; line?: string } {
    const consumed: number[] = [];
    while (this.fifo.length > 0) {
      const b = this.fifo.shift() as number;
      consumed.push(b);
      const line = this.accept(b);
      if (line === undefined) continue;
      if (this.lfAfterCr === "swallow" && this.afterCr && this.fifo[0] === 0x0a) {
        // The LF of a CRLF already here belongs to this line (and to its echo).
        consumed.push(this.fifo.shift() as number);
        this.afterCr = false;
      }
      return { consumed: Uint8Array.from(consumed), line };
    }
    return { consumed: Uint8Array.from(consumed) };
  }

  private accept(b: number): string | undefined {
    const swallow = this.afterCr && b === 0x0a;
    this.afterCr = b === 0x0d;
    if (swallow) return undefined;
    if (b !== 0x0d && b !== 0x0a) {
      this.line.push(b);
      return undefined;
    }
    const text = new TextDecoder().decode(Uint8Array.from(this.line));
    this.line = [];
    return text;
  }

  /** Takes up to `max` raw bytes (a PUBEX payload). */
  takeRaw(max: number): Uint8Array {
    if (this.afterCr && this.lfAfterCr === "swallow" && this.fifo[0] === 0x0a) this.fifo.shift();
    if (this.fifo.length > 0) this.afterCr = false;
    return Uint8Array.from(this.fifo.splice(0, max));
  }
}
