import TextDecoder from "text/decoder";
import type { TextDecoding } from "../../src/hal";

/**
 * Moddable's native UTF-8 decoder: one call, whatever the length, and no JS stack per byte
 * (a cloud message of a few KB is decoded without going near the 512-slot stack).
 */
export class NativeText implements TextDecoding {
  private readonly decoder = new TextDecoder();

  decode(bytes: Uint8Array, offset: number, length: number): string {
    return this.decoder.decode(bytes.subarray(offset, offset + length));
  }
}
