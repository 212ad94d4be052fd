import type Serial from "embedded:io/serial";
import type { Log } from "../../src/hal";
import type { Unit } from "../../src/app/unit";
import { UartPort } from "./serial";

export interface ConsoleWiring {
  Serial: typeof Serial;
  /** ESP32: the USB UART (0), its TX and RX pins; lin: a device path. */
  port: number;
  transmit: number;
  receive: number;
  baud: number;
  device: string;
  arrayBufferWrites: boolean;
}

/**
 * The serial console on the board's USB UART: bytes in go to the unit's line editor as they
 * arrive (src/app/console-lines.ts), lines out go through a preallocated transmit queue sent
 * from onWritable, so a long answer never waits in a turn. Its own UART: the modem's is
 * never touched. Answers longer than the queue are cut, never blocking.
 */
export class SerialConsole {
  private readonly uart: UartPort;
  private readonly line = new Uint8Array(256);
  private unit: Unit | undefined;

  constructor(wiring: ConsoleWiring, log: Log) {
    this.uart = new UartPort({
      Serial: wiring.Serial,
      port: wiring.port,
      transmit: wiring.transmit,
      receive: wiring.receive,
      baud: wiring.baud,
      device: wiring.device,
      arrayBufferWrites: wiring.arrayBufferWrites,
      txSize: 2048,
      onError: (error) => log("warn", "console uart: " + String(error)),
    });
    this.uart.attach({
      receive: (bytes, length) => {
        if (this.unit) this.unit.consoleReceive(bytes, 0, length);
      },
      writable: () => undefined,
    });
  }

  attach(unit: Unit): void {
    this.unit = unit;
  }

  /** One line, CRLF-terminated; non-ASCII as '?'. */
  write(text: string): void {
    const n = Math.min(text.length, this.line.length - 2);
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      this.line[i] = c < 128 ? c : 63;
    }
    this.line[n] = 13;
    this.line[n + 1] = 10;
    this.uart.write(this.line, 0, n + 2);
  }

  watchdog(now: number): void {
    this.uart.watchdog(now);
  }
}
