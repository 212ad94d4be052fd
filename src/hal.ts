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
 * (`Modem.receive(bytes, length)`) from its onReadable callback.
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
}

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Log {
  (level: LogLevel, message: string): void;
}

/**
 * A host's native HMAC-SHA256 (mbedTLS on the ESP32, node:crypto), if it has one: a login
 * signature in one call instead of twenty steps of the TypeScript one (src/cloud/sign).
 * Writes the 32-byte digest into out[0, 32); false if it cannot sign.
 */
export interface HmacService {
  sha256(key: Uint8Array, keyLength: number, message: string, out: Uint8Array): boolean;
}
