import TextDecoder from "text/decoder";
import TextEncoder from "text/encoder";
import type { TextDecoding } from "../../src/hal";

/**
 * Moddable's native UTF-8 decoder: one call, whatever the length, and no JS stack per byte
 * (a cloud message of a few KB is decoded without going near the 512-slot stack).
 */
export class NativeText implements TextDecoding {
  private readonly decoder = new TextDecoder();
  private readonly encoder = new TextEncoder();

  decode(bytes: Uint8Array, offset: number, length: number): string {
    return this.decoder.decode(bytes.subarray(offset, offset + length));
  }

  /** One native call for a publish payload, as decode is for a received one. */
  encodeInto(text: string, out: Uint8Array, offset: number): number {
    const r = this.encoder.encodeInto(text, out.subarray(offset));
    return r.read === text.length ? offset + r.written : -1;
  }
}
