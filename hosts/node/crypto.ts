import { createHmac } from "node:crypto";
import type { Crypto, HmacService } from "../../src/hal";

/** Node's native HMACs, as the Moddable host has `crypt` (hosts/moddable/crypto.ts). */
export class NativeCrypto implements Crypto, HmacService {
  hmacSha1Hex(key: string, message: string): string {
    return createHmac("sha1", key).update(message).digest("hex");
  }

  sha256(key: Uint8Array, keyLength: number, message: string, out: Uint8Array): boolean {
    if (out.length < 32) return false;
    out.set(createHmac("sha256", key.subarray(0, keyLength)).update(message).digest(), 0);
    return true;
  }
}
