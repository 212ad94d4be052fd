/**
 * The firmware's UART on a real serial device (an EC600S on USB: its AT port is usually
 * /dev/ttyUSB2) through the `serialport` package. `serialport` is loaded only here and only
 * when a port is opened, so the simulated setup never touches native code.
 */
import type { SerialPort } from "../../src/hal";
import type { UartSink, UartTap } from "./uart-sink";

/** The part of a serialport stream this adapter uses (SerialPortMock has it too). */
export interface PortStream {
  write(chunk: Buffer): boolean;
  on(event: "data", listener: (chunk: Buffer) => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  on(event: "close", listener: () => void): unknown;
  once(event: "drain", listener: () => void): unknown;
  readonly isOpen: boolean;
  close(callback?: (error?: Error | null) => void): void;
}

export type PortOpener = (path: string, baudRate: number) => Promise<PortStream>;

export interface UartOptions {
  path: string;
  baudRate: number;
  tap?: UartTap;
  /** Told when the device reports an error or goes away (unplugged). */
  onProblem?: (message: string) => void;
  /** Default: the `serialport` package. Tests pass SerialPortMock. */
  open?: PortOpener;
}

export class UartOpenError extends Error {}

export async function openUart(options: UartOptions): Promise<NodeUart> {
  const open = options.open ?? openWithSerialport;
  try {
    return new NodeUart(await open(options.path, options.baudRate), options);
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/^Error: /, "") : String(error);
    throw new UartOpenError(`cannot open serial port ${options.path}: ${why}`);
  }
}

async function openWithSerialport(path: string, baudRate: number): Promise<PortStream> {
  const { SerialPort: Port } = await import("serialport");
  const port = new Port({ path, baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  return port;
}

/**
 * Transmit: Node's stream buffers everything it is given, so a write is taken whole; once the
 * stream reports back-pressure, writes take nothing until "drain", which becomes `writable()`.
 */
export class NodeUart implements SerialPort {
  private sink: UartSink | undefined;
  private blocked = false;
  private closing = false;

  constructor(
    private readonly port: PortStream,
    private readonly options: UartOptions,
  ) {
    port.on("data", (chunk) => this.received(chunk));
    port.on("error", (error) => options.onProblem?.(`serial port ${options.path}: ${error.message}`));
    port.on("close", () => {
      if (!this.closing) options.onProblem?.(`serial port ${options.path} closed`);
    });
  }

  attach(sink: UartSink): void {
    this.sink = sink;
  }

  write(bytes: Uint8Array, offset: number, length: number): number {
    if (this.blocked || !this.port.isOpen) return 0;
    const chunk = Buffer.from(bytes.subarray(offset, offset + length));
    this.options.tap?.tx(chunk);
    if (!this.port.write(chunk)) {
      this.blocked = true;
      this.port.once("drain", () => {
        this.blocked = false;
        this.sink?.writable();
      });
    }
    return length;
  }

  close(): Promise<void> {
    this.closing = true;
    if (!this.port.isOpen) return Promise.resolve();
    return new Promise((resolve) => this.port.close(() => resolve()));
  }

  private received(chunk: Buffer): void {
    const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
    this.options.tap?.rx(bytes);
    this.sink?.receive(bytes, bytes.length);
  }
}
