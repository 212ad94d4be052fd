import { createHmac } from "node:crypto";
import type { Crypto } from "../../src/hal";

/** Node's native HMAC, as the Moddable host has `crypt` (hosts/moddable/crypto.ts). */
export class NativeCrypto implements Crypto {
  hmacSha1Hex(key: string, message: string): string {
    return createHmac("sha1", key).update(message).digest("hex");
  }

  hmacSha256Hex(key: string, message: string): string {
    return createHmac("sha256", key).update(message).digest("hex");
  }
}
