/**
 * The Espruino globals this host uses, typed here. They are read off globalThis so that no
 * ambient declaration clashes with Node's (`require`, `setInterval`) where the tests compile
 * this folder, and so that esbuild does not take `require("Storage")` for a CommonJS import.
 */

/** Pins are plain numbers: on Espruino's ESP32 build pin index n is GPIOn (D26 === 26). */
export type PinNumber = number;

export interface EspruinoSerial {
  /** `path`: the Linux build's serial device (a pty in tests); ignored on ESP32. */
  setup(baud: number, options: { tx?: PinNumber; rx?: PinNumber; path?: string }): void;
  /** `data` holds one or more received bytes, one per character. */
  on(event: "data", handler: (data: string) => void): void;
  write(data: Uint8Array): void;
}

export interface EspruinoI2c {
  setup(options: { scl: PinNumber; sda: PinNumber; bitrate: number }): void;
  /** Throws on a NAK ("slave doesn't ACK the transfer"). */
  writeTo(address: number, data: Uint8Array): void;
  readFrom(address: number, quantity: number): Uint8Array;
}

/** require("Storage"): files in flash, at most 28-character names. */
export interface EspruinoStorage {
  /** The file's contents (memory-mapped, no RAM), or undefined if there is none. */
  read(name: string): string | undefined;
  /** noExceptions: undefined instead of a throw for a file that is not JSON. */
  readJSON(name: string, noExceptions: boolean): unknown;
  write(name: string, data: string): boolean;
}

export interface WatchEvent {
  state: boolean;
}

export interface EspruinoE {
  /** Several arguments: a new string; one 8-bit typed array may return its own backing string. */
  toString(first: Uint8Array, second: string): string;
  /** Unicode builds only (Bangle.js, Linux); ESP32 builds have none. */
  asUTF8?: (text: string) => string;
  /** A view of the string's bytes, without a copy. */
  toArrayBuffer(text: string): ArrayBuffer;
  /** e.g. ["FIFO_FULL"] once received bytes were lost. */
  getErrorFlags(): string[];
}

export interface Espruino {
  E: EspruinoE;
  Serial2: EspruinoSerial;
  I2C1: EspruinoI2c;
  pinMode(pin: PinNumber, mode: "output" | "input_pullup"): void;
  digitalWrite(pin: PinNumber, value: number): void;
  digitalRead(pin: PinNumber): number;
  setWatch(callback: (event: WatchEvent) => void, pin: PinNumber, options: { repeat: boolean; edge: "both"; debounce: number }): number;
  setInterval(callback: () => void, ms: number): number;
  /** Seconds since start-up (or since setTime), as a float. */
  getTime(): number;
  require(name: "Storage"): EspruinoStorage;
  print(text: string): void;
}

export function espruino(): Espruino {
  return globalThis as unknown as Espruino;
}
