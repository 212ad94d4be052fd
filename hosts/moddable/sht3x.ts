import { decodeSht3x } from "../../src/app/sht3x-codec";
import type { Sensor, SensorSample } from "../../src/hal";

/** The part of ECMA-419 `embedded:io/i2c` the driver uses (ESP32 reads into a buffer in place). */
export interface I2cBus {
  write(buffer: Uint8Array): void;
  read(buffer: Uint8Array): unknown;
}

// Single shot, high repeatability, no clock stretching (datasheet table 9): the sensor NAKs
// reads until done instead of holding SCL, so nothing waits on the bus.
const MEASURE = Uint8Array.of(0x24, 0x00);

/**
 * Non-blocking SHT3x: `start()` sends the command and returns; the caller comes back for
 * `read()` after `conversionMs`. Moddable's own SHT3x driver sleeps 50 ms per sample instead,
 * far longer than the modem UART's FIFO lasts.
 */
export class Sht3x implements Sensor {
  /** Datasheet: 15 ms max at high repeatability; a margin for a slow RC oscillator. */
  readonly conversionMs = 20;
  private readonly frame = new Uint8Array(6);

  constructor(private readonly bus: I2cBus) {}

  start(): boolean {
    try {
      this.bus.write(MEASURE);
      return true;
    } catch {
      return false; // NAK: no sensor, or it is still busy
    }
  }

  read(out: SensorSample): boolean {
    try {
      this.bus.read(this.frame);
    } catch {
      return false; // NAK: conversion not finished or sensor gone
    }
    return decodeSht3x(this.frame, out);
  }
}
