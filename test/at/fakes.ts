import type { Clock, Log, SerialPort } from "../../src/hal";

export class FakeClock implements Clock {
  t = 0;
  now(): number {
    return this.t;
  }
}

/** Captures what the core writes; `accept` limits how much one write takes. */
export class FakeSerial implements SerialPort {
  written = "";
  accept = Infinity;
  calls = 0;
  write(bytes: Uint8Array, offset: number, length: number): number {
    this.calls++;
    const n = Math.min(length, this.accept);
    this.written += Buffer.from(bytes.subarray(offset, offset + n)).toString("latin1");
    return n;
  }
  take(): string {
    const w = this.written;
    this.written = "";
    return w;
  }
}

export function memoryLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  const log = ((level: string, message: string) => {
    lines.push(level + ": " + message);
  }) as Log & { lines: string[] };
  log.lines = lines;
  return log;
}
