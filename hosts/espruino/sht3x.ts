import { decodeSht3x } from "../../src/app/sht3x-codec";
import type { Sensor, SensorSample } from "../../src/hal";
import type { EspruinoI2c } from "./platform";

// Single shot, high repeatability, no clock stretching (datasheet table 9): the sensor NAKs
// reads until done instead of holding SCL, so nothing waits on the bus.
const MEASURE_MSB = 0x24;
const MEASURE_LSB = 0x00;

/**
 * Non-blocking SHT3x on Espruino's I2C: `start()` sends the command and returns; the core
 * comes back for `read()` after `conversionMs`. A NAK throws on Espruino; it is a false here.
 */
export class Sht3x implements Sensor {
  /** Datasheet: 15 ms max at high repeatability; a margin for a slow RC oscillator. */
  readonly conversionMs = 20;
  private readonly command = new Uint8Array(2);

  constructor(
    private readonly bus: EspruinoI2c,
    private readonly address: number,
  ) {
    this.command[0] = MEASURE_MSB;
    this.command[1] = MEASURE_LSB;
  }

  start(): boolean {
    try {
      this.bus.writeTo(this.address, this.command);
      return true;
    } catch {
      return false; // NAK: no sensor, or it is still busy
    }
  }

  read(out: SensorSample): boolean {
    let frame: Uint8Array;
    try {
      frame = this.bus.readFrom(this.address, 6);
    } catch {
      return false; // NAK: conversion not finished or sensor gone
    }
    return decodeSht3x(frame, out);
  }
}
