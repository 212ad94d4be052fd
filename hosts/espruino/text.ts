import { utf8Slow } from "../../src/at/bytes";
import type { TextDecoding } from "../../src/hal";
import type { EspruinoE } from "./platform";

// Not global or sticky: the host keeps no RegExp state between calls.
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Received bytes to text on Espruino, whose strings hold one byte per character. The bytes
 * are copied into a string natively; ASCII (nearly all Alink traffic) is done. Anything else
 * is checked and cleaned by the core (malformed sequences become U+FFFD's bytes, as
 * TextDecoder does) and, on a build with Unicode, marked as UTF-8 with `E.asUTF8`, so that
 * `length`, `charCodeAt` and `JSON.stringify` see characters. ESP32 builds have no Unicode:
 * the text stays UTF-8 bytes there, Espruino's own form of it.
 */
export class EspruinoText implements TextDecoding {
  constructor(private readonly e: EspruinoE) {}

  decode(bytes: Uint8Array, offset: number, length: number): string {
    // Two arguments: with one, E.toString hands back a whole-buffer view's own backing
    // string, which the receive ring then overwrites under the caller's feet.
    const raw = this.e.toString(bytes.subarray(offset, offset + length), "");
    if (!NON_ASCII.test(raw)) return raw;
    const text = utf8Slow(bytes, offset, length, false);
    return this.e.asUTF8 ? this.e.asUTF8(text) : text;
  }
}
