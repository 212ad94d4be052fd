import type Serial from "embedded:io/serial";
import type { SerialPort } from "../../src/hal";

/** Where received bytes and transmit-ready events go (the firmware core). */
export interface UartSink {
  /**
   * Bytes [0, length) of `bytes`; the buffer is reused after the call returns. `words` is the
   * same buffer as 32-bit words: the parser then stores a read a word at a time.
   */
  receive(bytes: Uint8Array, length: number, words: Int32Array): void;
  writable(): void;
}

export interface UartOptions {
  /** The ECMA-419 Serial class (`device.io.Serial`, or `embedded:io/serial` where there is no provider). */
  Serial: typeof Serial;
  /** ESP32: UART number (0 is the console), TX and RX pins. */
  port: number;
  transmit: number;
  receive: number;
  baud: number;
  /** lin: path of the serial device (e.g. a pty); ignored on ESP32. */
  device?: string;
  /**
   * lin's serial `write()` takes only an ArrayBuffer and sends all of it; ESP32's takes any byte
   * view. True selects the ArrayBuffer path (one small allocation per write: fine on a PC).
   */
  arrayBufferWrites: boolean;
  rxSize?: number;
  txSize?: number;
  onError?: (error: unknown) => void;
}

// ESP32 UART hardware FIFO: the most one onWritable can ever accept.
const FIFO_BYTES = 128;

/**
 * The modem UART over ECMA-419 `embedded:io/serial`. ESP32 has no software buffer behind the
 * FIFO, so receive drains everything at once into a preallocated buffer, and transmit goes through
 * a preallocated queue sent only as far as onWritable's free count allows (write() throws "output
 * full" past it). Nothing on either path allocates on ESP32.
 */
export class UartPort implements SerialPort {
  private readonly serial: Serial;
  private readonly rx: Uint8Array;
  /** `rx` as 32-bit words (its length is a multiple of 4). */
  private readonly rxWords: Int32Array;
  // Pending TX bytes live at queue[0, tail): every write starts at offset 0, so the views below
  // can be made once.
  private readonly queue: Uint8Array;
  private readonly queueBuffer: ArrayBuffer;
  // pieces[k] = queue[0, 2^k): writes of any length without a new view per write.
  private readonly pieces: Uint8Array[] = [];
  private readonly arrayBufferWrites: boolean;
  private readonly onError: ((error: unknown) => void) | undefined;
  private tail = 0;
  /** Bytes the transmitter can take now: onWritable's count less what was written since. */
  private room = 0;
  /** read(buffer) fills in place on ESP32; lin treats the buffer as a count of 0 (see readChunk). */
  private inPlaceReads = true;
  private sink: UartSink | undefined;
  // onWritable calls so far, and as of the last watchdog() that saw progress.
  private writables = 0;
  private writablesSeen = 0;
  private stalledSince = 0;

  constructor(options: UartOptions) {
    // One FIFO's worth: the core's receive ring keeps that much slack past its tail, so every
    // chunk goes in with one native set() (a larger buffer would fall back to a byte loop).
    this.rx = new Uint8Array(((options.rxSize ?? FIFO_BYTES) + 3) & ~3);
    this.rxWords = new Int32Array(this.rx.buffer);
    this.queueBuffer = new ArrayBuffer(options.txSize ?? 1024);
    this.queue = new Uint8Array(this.queueBuffer);
    this.arrayBufferWrites = options.arrayBufferWrites;
    this.onError = options.onError;
    for (let n = 1; n <= FIFO_BYTES && n <= this.queue.length; n *= 2) {
      this.pieces.push(new Uint8Array(this.queueBuffer, 0, n));
    }
    // `device` is lin's option; the typings only know ESP32's, and ESP32 ignores unknown keys.
    const settings = {
      port: options.port,
      transmit: options.transmit,
      receive: options.receive,
      baud: options.baud,
      device: options.device,
      format: "buffer" as const,
      onReadable: (): void => this.readable(),
      onWritable: (count: number): void => this.writableNow(count),
    };
    this.serial = new options.Serial(settings);
  }

  /** Route received bytes to the core. Until then they are read and dropped (the FIFO must drain). */
  attach(sink: UartSink): void {
    this.sink = sink;
  }

  write(bytes: Uint8Array, offset: number, length: number): number {
    const n = Math.min(length, this.queue.length - this.tail);
    // set() is native but needs the whole array (a subarray would allocate a view).
    if (offset === 0 && n === bytes.length) this.queue.set(bytes, this.tail);
    else for (let i = 0; i < n; i++) this.queue[this.tail + i] = bytes[offset + i];
    this.tail += n;
    this.flush();
    return n;
  }

  /** Bytes queued and not yet handed to the UART. */
  pending(): number {
    return this.tail;
  }

  close(): void {
    this.serial.close();
  }

  private readable(): void {
    try {
      for (let n = this.readChunk(); n > 0; n = this.readChunk()) this.sink?.receive(this.rx, n, this.rxWords);
    } catch (error) {
      this.onError?.(error);
    }
  }

  private readChunk(): number {
    if (this.inPlaceReads) {
      const got: unknown = this.serial.read(this.rx);
      if (typeof got === "number") return got;
      if (got === undefined) return 0;
      // lin's read() converts its argument to a byte count (0 for a view) and returns an empty
      // ArrayBuffer: use read(count) there from now on.
      this.inPlaceReads = false;
    }
    const chunk = this.serial.read(this.rx.length);
    if (chunk === undefined) return 0;
    this.rx.set(new Uint8Array(chunk));
    return chunk.byteLength;
  }

  /**
   * Call from a timer. ESP32 raises onWritable only after a write re-arms the TX interrupt, so a
   * write that threw before re-arming would stall the queue for good: after a second with bytes
   * waiting and no onWritable, try one byte, which re-arms it.
   */
  watchdog(now: number): void {
    if (this.tail === 0 || this.room > 0 || this.writables !== this.writablesSeen) {
      this.writablesSeen = this.writables;
      this.stalledSince = now;
    } else if (now - this.stalledSince >= 1000) {
      this.stalledSince = now;
      this.room = 1;
      this.flush();
    }
  }

  private writableNow(count: number): void {
    this.writables++;
    this.room = count;
    try {
      this.flush();
      if (this.tail < this.queue.length) this.sink?.writable();
    } catch (error) {
      this.onError?.(error);
    }
  }

  private flush(): void {
    try {
      while (this.tail > 0 && this.room > 0) {
        const sent = this.send(Math.min(this.tail, this.room));
        this.queue.copyWithin(0, sent, this.tail);
        this.tail -= sent;
      }
    } catch (error) {
      // The bytes stay queued: wait for onWritable (or the watchdog) and try again.
      this.room = 0;
      this.onError?.(error);
    }
  }

  /** Hand up to `max` bytes from the queue head to the UART; returns how many were taken. */
  private send(max: number): number {
    if (this.arrayBufferWrites) {
      this.serial.write(this.queueBuffer.slice(0, max));
      // lin buffers one write at a time ("would overflow" on a second): wait for onWritable.
      this.room = 0;
      return max;
    }
    let k = this.pieces.length - 1;
    while (this.pieces[k].length > max) k--;
    const piece = this.pieces[k];
    this.serial.write(piece);
    this.room -= piece.length;
    return piece.length;
  }
}
