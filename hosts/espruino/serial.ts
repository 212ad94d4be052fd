import type { SerialPort } from "../../src/hal";
import type { EspruinoE, EspruinoSerial } from "./platform";

/** Where received bytes and transmit-ready events go (the firmware core). */
export interface UartSink {
  /** Bytes [0, length) of `bytes`; the view is only valid during the call. */
  receive(bytes: Uint8Array, length: number): void;
  writable(): void;
}

/**
 * Most bytes handed to Espruino at once. Serial.write waits, blocking everything, while
 * Espruino's transmit buffer (256 bytes on its ESP32 and Linux builds) is full; a quarter
 * of it stays clear of that.
 */
const TX_WINDOW = 64;

/**
 * The modem UART on Espruino (Serial2 on ESP32: UART1 on any two pins, an ESP-IDF driver
 * with a 1 KB receive buffer behind it). Received bytes arrive as a string per `data` event
 * and reach the core through a view of that string's own bytes, no copy. Transmit is paced
 * at the line rate: `write` takes no more than the wire has sent since (`tick`, from the
 * poll timer), so Espruino's buffer never fills and no write ever blocks.
 */
export class UartPort implements SerialPort {
  /** Bytes the transmitter may take now. */
  private credit = TX_WINDOW;
  /** A write was cut short: the core waits for `writable()`. */
  private held = false;
  private lastTick = -1;
  private sink: UartSink | undefined;

  constructor(
    private readonly serial: EspruinoSerial,
    private readonly e: EspruinoE,
    private readonly baud: number,
    private readonly onError: (error: unknown) => void,
  ) {
    serial.on("data", (data) => this.received(data));
  }

  /** Route received bytes to the core. Until then they are dropped. */
  attach(sink: UartSink): void {
    this.sink = sink;
  }

  write(bytes: Uint8Array, offset: number, length: number): number {
    const n = Math.min(length, Math.floor(this.credit));
    if (n < length) this.held = true;
    if (n <= 0) return 0;
    this.credit -= n;
    this.serial.write(bytes.subarray(offset, offset + n));
    return n;
  }

  /** From the poll timer: what the wire sent since the last tick is credit again (10 bits a byte). */
  tick(nowMs: number): void {
    if (this.lastTick >= 0) this.credit = Math.min(TX_WINDOW, this.credit + ((nowMs - this.lastTick) * this.baud) / 10000);
    this.lastTick = nowMs;
    if (!this.held || this.credit < 1 || this.sink === undefined) return;
    this.held = false;
    try {
      this.sink.writable();
    } catch (error) {
      this.onError(error);
    }
  }

  private received(data: string): void {
    if (this.sink === undefined) return;
    try {
      this.sink.receive(new Uint8Array(this.e.toArrayBuffer(data)), data.length);
    } catch (error) {
      this.onError(error);
    }
  }
}
