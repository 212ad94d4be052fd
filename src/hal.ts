/**
 * The small set of services the firmware core needs from a host (ESP32/Moddable, Node, tests).
 * Only hosts/* implement these with platform modules; src/ never imports one.
 *
 * Time is pull-based: the host calls `poll()` on the core from one repeating timer, and the
 * core compares numeric deadlines against `clock.now()`. No closure is allocated per timeout,
 * and tests drive a fake clock by setting `now` and polling.
 */

/** Monotonic milliseconds. */
export interface Clock {
  now(): number;
}

/**
 * The modem UART, transmit side. Receive is pushed by the host into the core
 * (`Firmware.receive(bytes, length, words?)`) from its onReadable callback.
 */
export interface SerialPort {
  /**
   * Hand bytes [offset, offset+length) to the UART. Returns how many were taken; the
   * caller keeps the rest and tries again when the host calls its `onWritable()`.
   */
  write(bytes: Uint8Array, offset: number, length: number): number;
}

/** A push-pull output (relay coil driver, modem PWRKEY). */
export interface OutputPin {
  write(value: number): void;
}

/** A digital input, sampled by the core (button). */
export interface InputPin {
  read(): number;
}

/** Non-volatile key/value storage (NVS on ESP32). Keys are at most 15 characters. */
export interface Storage {
  getInt(key: string): number | undefined;
  setInt(key: string, value: number): void;
}

/**
 * Text settings in NVS, in a namespace of their own (ESP32: a `preference` domain), named
 * as the config keys they override (so at most 15 characters). The device's identity and
 * cloud settings live here: the same image runs on every unit, and build-time config is
 * only the default under what is stored.
 */
export interface SettingsStore {
  /** The stored text, or undefined when the key is not set. */
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  /** Forget the key (no error when it is not set). */
  remove(key: string): void;
}

/**
 * A temperature/humidity sensor that never blocks: `start()` begins a conversion,
 * `read()` fetches it once `conversionMs` have passed.
 */
export interface Sensor {
  readonly conversionMs: number;
  /** Begin a measurement. False if the bus refused it. */
  start(): boolean;
  /** Fetch the finished measurement into `out`. False on bus error or bad CRC. */
  read(out: SensorSample): boolean;
}

export interface SensorSample {
  temperature: number;
  humidity: number;
}

/**
 * Received bytes to text, for the few consumers that need a string (a topic, a JSON payload).
 * Hosts with a native decoder supply it (Moddable and Node: TextDecoder, one call whatever
 * the length); without one the core decodes in fixed-size steps (src/at/bytes.ts utf8).
 * Malformed UTF-8 becomes U+FFFD, as TextDecoder does.
 */
export interface TextDecoding {
  decode(bytes: Uint8Array, offset: number, length: number): string;
  /**
   * The other way, for publish payloads: `text` as UTF-8 into out[offset...], returning the
   * end offset, or -1 if it does not fit. Optional: without it the core encodes per character
   * (src/at/bytes.ts utf8Encode), about 57 XS compute a byte, so a 900-byte LocalTimer report
   * alone would be 51,000, over the 20,000 per-turn budget.
   */
  encodeInto?(text: string, out: Uint8Array, offset: number): number;
}

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Log {
  (level: LogLevel, message: string): void;
}

/**
 * HMAC-SHA1, for a login the module cannot sign itself (SIMCom modules have no `aliauth`: the
 * firmware signs the Aliyun password). Hosts with a native one supply it (Node: `crypto`;
 * Moddable: `crypt`); without it the core hashes in TypeScript, one block per turn
 * (src/modem/hmac-sha1.ts).
 */
export interface Crypto {
  /** Lower-case hex HMAC-SHA1 of the UTF-8 `message` under the UTF-8 `key`. */
  hmacSha1Hex(key: string, message: string): string;
}

/**
 * A host's native HMAC-SHA256 (mbedTLS through Moddable's `crypt`, node:crypto): a login
 * signature (OneNET's token, Huawei's password, Aliyun's dynamic registration) in one call
 * instead of twenty slices of the TypeScript one (src/cloud/sign). Keys are bytes (OneNET's
 * is base64-decoded). Writes the 32-byte digest into out[0, 32); false if it cannot sign.
 */
export interface HmacService {
  sha256(key: Uint8Array, keyLength: number, message: string, out: Uint8Array): boolean;
}

/**
 * A running digest of a firmware image as it downloads (native: mbedTLS through Moddable's
 * `crypt` Digest, node:crypto). Hashing in TypeScript costs about 18,000 XS compute a
 * 64-byte block (src/cloud/sign/sha256.ts): far too slow for a download's turns, so a host
 * without one cannot update over the air.
 */
export interface ImageDigest {
  /** Start over with `method`: "md5" or "sha256". False if the host cannot do that one. */
  begin(method: string): boolean;
  update(bytes: Uint8Array, offset: number, length: number): void;
  /** The digest of everything since begin, lower-case hex. */
  hex(): string;
}

/**
 * Where a downloaded firmware image goes: the next OTA partition on the ESP32 (Moddable's
 * `ota`), a file on the PC host. The image is written as it arrives and never held whole.
 */
export interface FirmwareWriter {
  /** The largest image it takes (the partition's size). */
  readonly capacity: number;
  /** Start an image of `size` bytes; false if it cannot (a reason is logged by the host). */
  begin(size: number): boolean;
  write(bytes: Uint8Array, offset: number, length: number): boolean;
  /** All written and verified: make it the image the next boot runs, as `version`. */
  complete(version: string): boolean;
  /** Forget the image being written; the running firmware stays the one that boots. */
  cancel(): void;
}

/**
 * The boot image's standing after an update, as ESP-IDF's app rollback keeps it: a new image
 * boots "pending verify" and must confirm itself; one that does not (it never gets online
 * and stable, or it crashes at boot) is replaced by the image that ran before.
 */
export interface BootImage {
  /** This boot runs an update that has not confirmed itself yet. */
  readonly trial: boolean;
  /** The version an earlier boot rolled back from, "" if none (reported once, then forgotten). */
  readonly rolledBack: string;
  /** The update proved itself: keep it. */
  confirm(): void;
  /** Make the previous image the boot image again; false if there is none. The caller restarts. */
  rollback(): boolean;
  forgetRollback(): void;
}
