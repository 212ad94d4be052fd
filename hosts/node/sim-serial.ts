/**
 * The firmware's UART wired to the in-process EC600S simulator.
 *
 * It behaves like the ESP32 UART the firmware was written for, not like a function call:
 * - transmit takes at most `fifoBytes` per write (the rest waits for `writable()`), so the
 *   core's partial-write path runs here as it does on the device;
 * - receive is delivered on a later turn of the event loop, never from inside `write()`,
 *   as an onReadable callback would be (the simulator may answer synchronously).
 */
import type { SerialPort } from "../../src/hal";
import type { UartSink, UartTap } from "./uart-sink";

/** What the adapter needs of the simulator. */
export interface ModuleInput {
  write(bytes: Uint8Array): void;
}

export interface SimSerialOptions {
  /** Bytes one write may hand over (ESP32 TX FIFO: 128). */
  fifoBytes?: number;
  tap?: UartTap;
}

export class SimSerial implements SerialPort {
  private readonly fifoBytes: number;
  private readonly tap: UartTap | undefined;
  private sink: UartSink | undefined;
  private module: ModuleInput | undefined;
  private inbox: Uint8Array[] = [];
  private deliveryQueued = false;
  private writableQueued = false;
  private closed = false;

  constructor(options: SimSerialOptions = {}) {
    this.fifoBytes = options.fifoBytes ?? 128;
    this.tap = options.tap;
  }

  /** The simulator is made after the adapter (it needs `fromModule` as its onData). */
  connect(module: ModuleInput): void {
    this.module = module;
  }

  /** Route received bytes to the core (again after a simulated firmware reboot). */
  attach(sink: UartSink): void {
    this.sink = sink;
  }

  write(bytes: Uint8Array, offset: number, length: number): number {
    if (this.closed || !this.module) return 0;
    const n = Math.min(length, this.fifoBytes);
    // A copy: the core reuses its buffer as soon as write() returns.
    const chunk = bytes.slice(offset, offset + n);
    this.tap?.tx(chunk);
    this.module.write(chunk);
    if (n < length) this.queueWritable();
    return n;
  }

  /** The simulator's onData. */
  fromModule(bytes: Uint8Array): void {
    if (this.closed) return;
    this.inbox.push(bytes.slice());
    if (this.deliveryQueued) return;
    this.deliveryQueued = true;
    setImmediate(() => this.deliver());
  }

  close(): void {
    this.closed = true;
    this.inbox = [];
  }

  private deliver(): void {
    this.deliveryQueued = false;
    const chunks = this.inbox;
    this.inbox = [];
    for (const chunk of chunks) {
      if (this.closed) return;
      this.tap?.rx(chunk);
      this.sink?.receive(chunk, chunk.length);
    }
  }

  private queueWritable(): void {
    if (this.writableQueued) return;
    this.writableQueued = true;
    setImmediate(() => {
      this.writableQueued = false;
      if (!this.closed) this.sink?.writable();
    });
  }
}
