/**
 * The CA certificate the module verifies the broker with, as the bring-up provisions it: the
 * PEM text from the config (the firmware reads no file at run time), its bytes, their 16-bit
 * XOR checksum (what Quectel's `+QFUPL` answers) and the file name on the module.
 *
 * The name carries the checksum (`cat1ca_<hex>.pem`), so a CA already on the module under
 * that name with the right size is the same CA and is not sent again, and a changed CA goes
 * to a new name instead of being mistaken for the old one.
 *
 * Encoding ~1-2 KB of text is done a slice per call of `prepare()` (a step's prepare, once a
 * poll), so that no turn runs long on the device.
 */

/** Characters encoded per prepare() call. */
const SLICE = 256;

export class CaFile {
  /** The PEM as bytes (ASCII); valid once `ready`. */
  readonly bytes: Uint8Array;
  readonly length: number;
  /** XOR of the big-endian 16-bit words (a last odd byte is the high half of its word). */
  checksum = 0;
  /** The file's name on the module, "" until `ready`. */
  name = "";
  ready = false;
  /** The module holds this CA (listed with the right size, or uploaded and checked). */
  // Stryker disable next-line BooleanLiteral: every bring-up's ca check step sets it before a step reads it
  onModule = false;
  /** A file under this name is on the module but is not this CA (torn upload): delete it first. */
  // Stryker disable next-line BooleanLiteral: every bring-up's ca check step sets it before a step reads it
  mustDelete = false;
  /** The step in flight deletes rather than uploads (a dialect's upload step alternates). */
  deleting = false;
  private readonly pem: string;
  private at = 0;

  constructor(pem: string) {
    this.pem = pem;
    this.length = pem.length;
    this.bytes = new Uint8Array(pem.length);
  }

  /** One slice of the encoding; true once the bytes, checksum and name are ready. */
  prepare(): boolean {
    // Stryker disable next-line ConditionalExpression: past the end a call encodes nothing and makes the same name again
    if (this.ready) return true;
    const pem = this.pem;
    const bytes = this.bytes;
    const end = Math.min(this.at + SLICE, this.length);
    let sum = this.checksum;
    for (let i = this.at; i < end; i++) {
      const c = pem.charCodeAt(i) & 0xff;
      bytes[i] = c;
      sum ^= (i & 1) === 0 ? c << 8 : c;
    }
    this.checksum = sum;
    this.at = end;
    if (end < this.length) return false;
    this.name = "cat1ca_" + hex4(sum) + ".pem";
    this.ready = true;
    return true;
  }

  /** The module restarted or was never asked: what is on it is unknown again. */
  // Stryker disable BlockStatement,BooleanLiteral: a restart's bring-up begins with the ca check step, which sets these again before a step reads them
  forget(): void {
    this.onModule = false;
    this.mustDelete = false;
    this.deleting = false;
  }
  // Stryker restore BlockStatement,BooleanLiteral
}

function hex4(n: number): string {
  const digits = "0123456789abcdef";
  return digits.charAt((n >> 12) & 15) + digits.charAt((n >> 8) & 15) + digits.charAt((n >> 4) & 15) + digits.charAt(n & 15);
}

/** A hex field (`+QFUPL`'s checksum, unquoted, without leading zeros) as a number; -1 if not hex. */
export function hexField(bytes: Uint8Array, start: number, length: number): number {
  if (length < 1 || length > 8) return -1;
  let v = 0;
  for (let i = start; i < start + length; i++) {
    const d = hexDigit(bytes[i] | 0x20);
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

function hexDigit(c: number): number {
  // Stryker disable next-line ConditionalExpression: below "0", c - 48 is negative, which hexField rejects as it does -1
  if (c >= 48 && c <= 57) return c - 48;
  return c >= 97 && c <= 102 ? c - 87 : -1;
}

/** Field text equals `text` (ASCII). */
export function fieldIs(bytes: Uint8Array, start: number, length: number, text: string): boolean {
  if (length !== text.length) return false;
  for (let i = 0; i < length; i++) if (bytes[start + i] !== text.charCodeAt(i)) return false;
  return true;
}
