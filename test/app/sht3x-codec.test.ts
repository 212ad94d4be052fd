import { test } from "uvu";
import * as assert from "uvu/assert";
import { decodeSht3x, sht3xCrc8 } from "../../src/app/sht3x-codec";
import type { SensorSample } from "../../src/hal";

function frame(rawT: number, rawRh: number): Uint8Array {
  const b = new Uint8Array([rawT >> 8, rawT & 0xff, 0, rawRh >> 8, rawRh & 0xff, 0]);
  b[2] = sht3xCrc8(b, 0);
  b[5] = sht3xCrc8(b, 3);
  return b;
}

function sample(): SensorSample {
  return { temperature: Number.NaN, humidity: Number.NaN };
}

test("crc matches the datasheet example: 0xBEEF -> 0x92", () => {
  assert.is(sht3xCrc8(new Uint8Array([0xbe, 0xef]), 0), 0x92);
});

test("crc reads at the given offset", () => {
  assert.is(sht3xCrc8(new Uint8Array([0x00, 0x11, 0xbe, 0xef]), 2), 0x92);
});

test("crc of 0x0000 is 0x81 (init 0xFF, not 0x00)", () => {
  assert.is(sht3xCrc8(new Uint8Array([0x00, 0x00]), 0), 0x81);
});

test("decodes 25.0 C and 50 %RH", () => {
  const out = sample();
  assert.ok(decodeSht3x(frame(0x6666, 0x8000), out));
  assert.ok(Math.abs(out.temperature - 25) < 1e-9);
  assert.ok(Math.abs(out.humidity - 50.00076) < 1e-4);
});

test("decodes the range ends", () => {
  const out = sample();
  assert.ok(decodeSht3x(frame(0x0000, 0x0000), out));
  assert.is(out.temperature, -45);
  assert.is(out.humidity, 0);
  assert.ok(decodeSht3x(frame(0xffff, 0xffff), out));
  assert.is(out.temperature, 130);
  assert.is(out.humidity, 100);
});

test("a bad temperature crc returns false and leaves out untouched", () => {
  const b = frame(0x6666, 0x8000);
  b[2] ^= 0x01;
  const out = sample();
  assert.not.ok(decodeSht3x(b, out));
  assert.ok(Number.isNaN(out.temperature));
  assert.ok(Number.isNaN(out.humidity));
});

test("a bad humidity crc returns false", () => {
  const b = frame(0x6666, 0x8000);
  b[4] ^= 0x80;
  assert.not.ok(decodeSht3x(b, sample()));
});

test("every single-bit flip in a frame is caught", () => {
  const good = frame(0x5a5a, 0x1234);
  for (let bit = 0; bit < 48; bit++) {
    const b = good.slice();
    b[bit >> 3] ^= 1 << (bit & 7);
    assert.not.ok(decodeSht3x(b, sample()), `bit ${bit}`);
  }
});

test("an all-0xFF frame (bus pulled high, no sensor) is rejected", () => {
  assert.not.ok(decodeSht3x(new Uint8Array(6).fill(0xff), sample()));
});

test("a short buffer is rejected", () => {
  assert.not.ok(decodeSht3x(new Uint8Array(5), sample()));
});

test.run();
