/** Moddable's `crypt` module (documentation/crypt/crypt.md): the part this host uses. */
declare module "crypt" {
  export class Digest {
    constructor(type: "MD5" | "SHA1" | "SHA224" | "SHA256" | "SHA384" | "SHA512");
    /** A String is hashed as its UTF-8 bytes; a byte view as the bytes it spans. */
    write(message: string | ArrayBuffer | Uint8Array): void;
    close(): ArrayBuffer;
    reset(): void;
  }
}
