import type { TextDecoding } from "../../src/hal";

/** Node's native UTF-8 decoder, as the Moddable host has one (hosts/moddable/text.ts). */
export class NativeText implements TextDecoding {
  private readonly decoder = new TextDecoder();

  private readonly encoder = new TextEncoder();

  decode(bytes: Uint8Array, offset: number, length: number): string {
    return this.decoder.decode(bytes.subarray(offset, offset + length));
  }

  encodeInto(text: string, out: Uint8Array, offset: number): number {
    const r = this.encoder.encodeInto(text, out.subarray(offset));
    return r.read === text.length ? offset + r.written : -1;
  }
}
