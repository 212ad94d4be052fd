import { Digest } from "crypt";
import { utf8Encode } from "../../src/at/bytes";
import type { Crypto, HmacService } from "../../src/hal";

const BLOCK = 64;
const HEX = "0123456789abcdef";

/**
 * HMAC-SHA1 and HMAC-SHA256 (RFC 2104) over Moddable's native digests (`Digest` of the
 * `crypt` module; both have 64-byte blocks): two digests in C instead of hundreds of rounds
 * in JavaScript. Keys longer than a block are not used by any login this firmware makes (an
 * Aliyun device secret is 32 bytes, a product secret about as long): refused.
 */
export class NativeCrypto implements Crypto, HmacService {
  hmacSha1Hex(key: string, message: string): string {
    const pad = new Uint8Array(BLOCK);
    if (utf8Encode(key, pad, 0) < 0) throw new Error("HMAC key longer than 64 bytes");
    const hash = hmac("SHA1", pad, message);
    let hex = "";
    for (let i = 0; i < hash.length; i++) hex += HEX[hash[i] >> 4] + HEX[hash[i] & 15];
    return hex;
  }

  /** HmacService's HMAC-SHA256: the key's bytes, the digest into `out`. */
  sha256(key: Uint8Array, keyLength: number, message: string, out: Uint8Array): boolean {
    if (keyLength > BLOCK || out.length < 32) return false;
    const pad = new Uint8Array(BLOCK);
    for (let i = 0; i < keyLength; i++) pad[i] = key[i];
    out.set(hmac("SHA256", pad, message), 0);
    return true;
  }
}

/** RFC 2104 with `pad` holding the key (zero-filled to a block); `pad` is spent. */
function hmac(algorithm: "SHA1" | "SHA256", pad: Uint8Array<ArrayBuffer>, message: string): Uint8Array {
  for (let i = 0; i < BLOCK; i++) pad[i] ^= 0x36;
  const inner = new Digest(algorithm);
  inner.write(pad.buffer);
  inner.write(message);
  const innerHash = inner.close();
  for (let i = 0; i < BLOCK; i++) pad[i] ^= 0x36 ^ 0x5c;
  const outer = new Digest(algorithm);
  outer.write(pad.buffer);
  outer.write(innerHash);
  return new Uint8Array(outer.close());
}
