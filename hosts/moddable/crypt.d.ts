/** Moddable's `crypt` module (documentation/crypt/crypt.md): the part this host uses. */
declare module "crypt" {
  export class Digest {
    constructor(type: "MD5" | "SHA1" | "SHA224" | "SHA256" | "SHA384" | "SHA512");
    /** A String is hashed as its UTF-8 bytes. */
    write(message: string | ArrayBuffer): void;
    close(): ArrayBuffer;
    reset(): void;
  }
}
