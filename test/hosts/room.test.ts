import { test } from "uvu";
import * as assert from "uvu/assert";
import { SimulatedRoom } from "../../hosts/node/room";

function room(heater = 0) {
  const clock = { t: 0, now() { return this.t; } };
  let level = heater;
  const sensor = new SimulatedRoom(clock, { heater: () => level, random: () => 0.5 });
  const sample = { temperature: NaN, humidity: NaN };
  const measure = (): boolean => {
    sensor.start();
    clock.t += sensor.conversionMs;
    return sensor.read(sample);
  };
  return { clock, sensor, sample, measure, heat: (v: number) => (level = v) };
}

test("no reading before the conversion time, and none without a start", () => {
  const r = room();
  const out = { temperature: 0, humidity: 0 };
  assert.is(r.sensor.read(out), false);
  r.sensor.start();
  r.clock.t += r.sensor.conversionMs - 1;
  assert.is(r.sensor.read(out), false);
  assert.is(r.measure(), true);
});

test("a plausible room: about 23 °C and 50 %RH", () => {
  const r = room();
  assert.ok(r.measure());
  assert.ok(Math.abs(r.sample.temperature - 23) < 0.1, String(r.sample.temperature));
  assert.ok(Math.abs(r.sample.humidity - 50) < 0.5, String(r.sample.humidity));
});

test("with the relay on, the heater warms the room and the air gets drier", () => {
  const r = room();
  r.measure();
  const before = { ...r.sample };
  r.heat(1);
  r.clock.t += 10 * 60000 - 15;
  r.measure();
  // ±1.5 °C of ambient swing at most, +4 °C of heater almost reached after 10 min (tau 3 min).
  assert.ok(r.sample.temperature > before.temperature + 2, `${before.temperature} -> ${r.sample.temperature}`);
  assert.ok(r.sample.humidity < before.humidity - 6, `${before.humidity} -> ${r.sample.humidity}`);
  r.heat(0);
  r.clock.t += 60 * 60000;
  r.measure();
  assert.ok(r.sample.temperature < 24.6, "cooled back to ambient");
});

test("a failing bus gives no reading", () => {
  const clock = { t: 0, now() { return this.t; } };
  let failing = true;
  const sensor = new SimulatedRoom(clock, { heater: () => 0, failing: () => failing });
  const out = { temperature: 0, humidity: 0 };
  sensor.start();
  clock.t += 20;
  assert.is(sensor.read(out), false);
  failing = false;
  sensor.start();
  clock.t += 20;
  assert.is(sensor.read(out), true);
});

test.run();
