import { CR, QUOTE, utf8Encode } from "./bytes";

const COMMA_BYTE = 44;

/**
 * Formats one command line (`AT+X=<p1>,<p2>,...`) into a preallocated buffer.
 *
 * Every parameter is checked before a byte reaches the UART: a string that holds `"`, CR,
 * LF or NUL, or is longer than its limit, and a number out of its range, make the whole
 * command refused (`error` says why), and nothing after the refused parameter is written.
 * That is what keeps a topic or a value from the cloud
 * from ever becoming a second command (AT injection).
 */
export class AtBuilder {
  readonly bytes: Uint8Array;
  length = 0;
  /** Why the command being built is refused, or null. */
  error: string | null = null;
  private params = 0;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(capacity);
  }

  /** Start a new command with its literal head, e.g. `AT+CGDCONT=`. */
  begin(head: string): this {
    this.length = 0;
    this.params = 0;
    this.error = null;
    this.ascii(head);
    return this;
  }

  /** An integer parameter within [min, max]. */
  int(value: number, min: number, max: number): this {
    if (this.error !== null) return this;
    if (typeof value !== "number") return this.refuse("number parameter is " + typeof value);
    if (value !== Math.floor(value) || value < min || value > max) {
      return this.refuse("number " + String(value) + " is outside " + min + ".." + max);
    }
    this.separator();
    this.digits(value);
    return this;
  }

  /** A quoted string parameter of at most `maxBytes` UTF-8 bytes. */
  str(value: string, maxBytes: number): this {
    if (typeof value !== "string") return this.refuse("string parameter is " + typeof value);
    if (this.error !== null) return this;
    if (hasForbidden(value)) return this.refuse("string holds a quote, CR, LF or NUL");
    this.separator();
    this.put(QUOTE);
    const start = this.length;
    const end = utf8Encode(value, this.bytes, start);
    // Stryker disable next-line EqualityOperator: end is never 0, the opening quote precedes it
    if (end < 0) return this.refuse("string does not fit or is not valid text");
    if (end - start > maxBytes) return this.refuse("string longer than " + maxBytes + " bytes");
    this.length = end;
    this.put(QUOTE);
    return this;
  }

  /** Literal ASCII, e.g. a quoted option name that is part of the command head. */
  ascii(text: string): this {
    for (let i = 0; i < text.length; i++) this.put(text.charCodeAt(i) & 0x7f);
    return this;
  }

  /** Terminate with CR alone (V.25ter S3; a LF could become the first payload byte). */
  end(): this {
    this.put(CR);
    return this;
  }

  private separator(): void {
    if (this.params++ > 0) this.put(COMMA_BYTE);
  }

  private digits(value: number): void {
    if (value < 0) {
      this.put(45);
      value = -value;
    }
    let div = 1;
    while (div * 10 <= value) div *= 10;
    for (; div >= 1; div = Math.floor(div / 10)) this.put(48 + (Math.floor(value / div) % 10));
  }

  private put(byte: number): void {
    if (this.length >= this.bytes.length) {
      this.refuse("command longer than " + this.bytes.length + " bytes");
      return;
    }
    this.bytes[this.length++] = byte;
  }

  private refuse(reason: string): this {
    if (this.error === null) this.error = reason;
    return this;
  }
}

// A quote would end the parameter early; CR, LF or NUL would end the command line.
function hasForbidden(text: string): boolean {
  // Stryker disable next-line EqualityOperator: charCodeAt(length) is NaN, which matches nothing
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE || c === CR || c === 10 || c === 0) return true;
  }
  return false;
}
