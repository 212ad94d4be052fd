/**
 * Netstrings (`<len>:<bytes>,`), the framing xsnap-worker speaks on fds 3 and 4.
 * See xsnap-native/xsnap/sources/xsnap-worker.c: fxReadNetString / fxWriteNetString.
 */

const COLON = 0x3a;
const COMMA = 0x2c;
/** The worker reads the length with `%9lu`, so nothing longer can be framed. */
export const MAX_NETSTRING = 999_999_999;

export function encodeNetstring(...parts: Uint8Array[]): Buffer {
  const length = parts.reduce((n, p) => n + p.byteLength, 0);
  if (length > MAX_NETSTRING) throw new RangeError(`netstring of ${length} bytes is too long for xsnap`);
  return Buffer.concat([Buffer.from(`${length}:`), ...parts, Buffer.from(",")]);
}

/**
 * Incremental decoder: push pipe chunks, get whole messages back. Bounded by `maxLength`
 * so a corrupt length prefix fails fast instead of buffering forever.
 */
export class NetstringReader {
  private chunks: Buffer[] = [];
  private bytes = 0;
  /** Bytes the current frame needs in total (prefix + body + comma), once its prefix is known. */
  private need = 0;

  constructor(private readonly maxLength = 256 * 1024 * 1024) {}

  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    const out: Buffer[] = [];
    for (let m = this.next(); m; m = this.next()) out.push(m);
    return out;
  }

  private next(): Buffer | undefined {
    // Waiting for the body of a large reply: do not re-concatenate on every pipe chunk.
    if (this.bytes === 0 || this.bytes < this.need) return undefined;
    const buf = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    this.chunks = [buf];
    const colon = buf.indexOf(COLON);
    const length = this.length(buf, colon);
    if (length === undefined) return undefined;
    const end = colon + 1 + length;
    this.need = end + 1;
    if (buf.length < this.need) return undefined;
    if (buf[end] !== COMMA) throw new Error("xsnap protocol error: netstring without trailing comma");
    this.chunks = [buf.subarray(this.need)];
    this.bytes = buf.length - this.need;
    this.need = 0;
    return buf.subarray(colon + 1, end);
  }

  /** The frame's body length, undefined while the prefix is incomplete; throws on garbage. */
  private length(buf: Buffer, colon: number): number | undefined {
    const digits = buf.subarray(0, colon < 0 ? Math.min(buf.length, 11) : colon).toString("latin1");
    const valid = /^\d*$/.test(digits) && digits.length <= 10 && Number(digits) <= this.maxLength;
    if (!valid || colon === 0) {
      throw new Error(`xsnap protocol error: bad netstring length prefix ${JSON.stringify(digits)}`);
    }
    return colon < 0 ? undefined : Number(digits);
  }
}
