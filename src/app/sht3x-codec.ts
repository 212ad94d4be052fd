// SHT3x measurement frame: T msb, T lsb, T crc, RH msb, RH lsb, RH crc (Sensirion datasheet 4.4).
// Pure math so it runs on every host and is unit-tested on Node.
import type { SensorSample } from "../hal";

/** CRC-8 of the two bytes at `off`: polynomial 0x31, init 0xFF, no reflection, no final XOR. */
export function sht3xCrc8(buf: Uint8Array, off: number): number {
  let crc = 0xff;
  for (let i = off; i < off + 2; i++) {
    crc ^= buf[i];
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x80 ? ((crc << 1) ^ 0x31) & 0xff : (crc << 1) & 0xff;
    }
  }
  return crc;
}

/**
 * Decode a 6-byte frame into `out` (°C, %RH). Returns false, leaving `out` untouched, when either
 * CRC fails: a corrupted read must never become a reading.
 */
export function decodeSht3x(buf: Uint8Array, out: SensorSample): boolean {
  if (buf.length < 6 || sht3xCrc8(buf, 0) !== buf[2] || sht3xCrc8(buf, 3) !== buf[5]) return false;
  const rawT = (buf[0] << 8) | buf[1];
  const rawRh = (buf[3] << 8) | buf[4];
  out.temperature = -45 + (175 * rawT) / 65535;
  // The formula can exceed 100 % by a hair at the top of the range; clamp to the physical range.
  out.humidity = Math.min(100, (100 * rawRh) / 65535);
  return true;
}
