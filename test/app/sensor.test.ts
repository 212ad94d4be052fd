import { test } from "uvu";
import * as assert from "uvu/assert";
import { SamplerSettings, SensorSampler } from "../../src/app/sensor";
import type { SensorSample } from "../../src/hal";
import { FakeClock, FakeSensor, memoryLog } from "./fakes";

const POLL = 10;
const INTERVAL = 1000;
const HEARTBEAT = 60000;

function rig(settings: Partial<SamplerSettings> = {}) {
  const s: SamplerSettings = {
    sensorIntervalMs: INTERVAL,
    smoothing: 1,
    reportDeadbandTemperature: 0.5,
    reportDeadbandHumidity: 2,
    heartbeatMs: HEARTBEAT,
  };
  Object.assign(s, settings);
  const clock = new FakeClock();
  const sensor = new FakeSensor(clock);
  const posts: Array<[number, number]> = [];
  const sink = {
    accept: true,
    postTelemetry(t: number, h: number): boolean {
      posts.push([t, h]);
      return this.accept;
    },
  };
  const log = memoryLog();
  const sampler = new SensorSampler(sensor, clock, s, sink, log);
  let online = true;
  const run = (ms: number): void => {
    for (let t = 0; t < ms; t += POLL) {
      sampler.poll(online);
      clock.t += POLL;
    }
  };
  /** Script the next readings and run one interval per reading. */
  const feed = (...readings: Array<SensorSample | null>): void => {
    for (const r of readings) {
      sensor.script.push(r);
      run(INTERVAL);
    }
  };
  const setOnline = (value: boolean): void => {
    online = value;
  };
  return { clock, sensor, sampler, posts, sink, log, run, feed, setOnline };
}

const at = (temperature: number, humidity: number): SensorSample => ({ temperature, humidity });

test("a measurement is read on a later poll, never before conversionMs", () => {
  const r = rig();
  r.sampler.poll(true);
  assert.is(r.sensor.starts, 1);
  assert.is(r.sensor.reads, 0, "no read in the poll that started it");
  r.run(5 * INTERVAL);
  assert.is(r.sensor.starts, 5, "one per interval: t = 0, 1000, ... 4000");
  assert.is(r.sensor.reads, 5);
  assert.is(r.sensor.earlyReads, 0);
});

test("the first good reading is reported at once", () => {
  const r = rig();
  r.feed(at(21.5, 40));
  assert.equal(r.posts, [[21.5, 40]]);
  assert.is(r.sampler.temperature, 21.5);
});

test("failed reads (bus error, CRC) are counted and never become a value", () => {
  const r = rig();
  r.sensor.steady = null;
  r.run(3 * INTERVAL);
  assert.is(r.sampler.stats.readFailures, 3);
  assert.equal(r.posts, []);
  assert.ok(isNaN(r.sampler.temperature));
  r.sensor.steady = at(20, 50);
  r.feed(at(20, 50), null, at(20, 50));
  assert.is(r.sampler.stats.readFailures, 4);
  assert.is(r.sampler.stats.samples, 2);
  assert.equal(r.posts, [[20, 50]]);
  const warnings = r.log.lines.filter((l) => l.indexOf("sensor: read failed") >= 0);
  assert.is(warnings.length, 2, "logged when failing starts, not every time");
});

test("a refused start is counted, and no read follows it", () => {
  const r = rig();
  r.sensor.startOk = false;
  r.run(3 * INTERVAL);
  assert.is(r.sampler.stats.startFailures, 3);
  assert.is(r.sensor.reads, 0);
  assert.equal(r.posts, []);
});

test("readings outside the sensor's range are counted, not smoothed in", () => {
  const r = rig({ smoothing: 0.5 });
  r.feed(at(20, 50), at(200, 50), at(20, NaN), at(-45, 50));
  assert.is(r.sampler.stats.implausible, 3);
  assert.is(r.sampler.temperature, 20);
  assert.equal(r.posts, [[20, 50]]);
});

test("humidity a hair over 100 %RH is clamped, not refused", () => {
  const r = rig();
  r.feed(at(20, 100.3));
  assert.equal(r.posts, [[20, 100]]);
});

test("deadband: small moves are not reported, a move past it since the last report is", () => {
  const r = rig();
  r.feed(at(20, 50), at(20.3, 50), at(20.5, 51), at(19.6, 48.1));
  assert.equal(r.posts, [[20, 50]], "within 0.5 C and 2 %RH of the report");
  r.feed(at(20.6, 50));
  assert.equal(r.posts, [[20, 50], [20.6, 50]]);
  r.feed(at(20.6, 52.7));
  assert.equal(r.posts, [[20, 50], [20.6, 50], [20.6, 52.7]]);
});

test("a slow creep is reported once it adds up past the deadband", () => {
  const r = rig();
  r.feed(at(20, 50), at(20.2, 50), at(20.4, 50), at(20.6, 50));
  assert.equal(r.posts, [[20, 50], [20.6, 50]]);
});

test("heartbeat: a steady value is reported again every heartbeatMs", () => {
  const r = rig();
  r.sensor.steady = at(20, 50);
  r.run(HEARTBEAT - INTERVAL);
  assert.is(r.posts.length, 1);
  r.run(2 * INTERVAL);
  assert.is(r.posts.length, 2);
  r.run(HEARTBEAT);
  assert.is(r.posts.length, 3);
});

test("smoothing: the exponential average is what is kept and reported", () => {
  const r = rig({ smoothing: 0.5 });
  r.feed(at(20, 50), at(30, 60));
  assert.is(r.sampler.temperature, 25);
  assert.is(r.sampler.humidity, 55);
  r.feed(at(30, 60));
  assert.is(r.sampler.temperature, 27.5);
  assert.equal(r.posts, [[20, 50], [25, 55], [27.5, 57.5]]);
});

test("smoothing filters a one-sample spike below the deadband", () => {
  const r = rig({ smoothing: 0.2 });
  r.feed(at(20, 50), at(22, 50), at(20, 50));
  assert.equal(r.posts, [[20, 50]]);
  assert.ok(Math.abs(r.sampler.temperature - 20.32) < 1e-9);
});

test("after a gap longer than the heartbeat the average starts over", () => {
  const r = rig({ smoothing: 0.1 });
  r.feed(at(20, 50));
  r.sensor.steady = null;
  r.run(HEARTBEAT + INTERVAL);
  r.feed(at(30, 60));
  assert.is(r.sampler.temperature, 30);
});

test("offline: no report storm; the latest value goes out once the link is back", () => {
  const r = rig();
  r.feed(at(20, 50));
  r.setOnline(false);
  for (let i = 1; i <= 30; i++) r.feed(at(20 + i, 50 + i));
  r.sensor.steady = at(50, 80);
  r.run(2 * HEARTBEAT);
  assert.equal(r.posts, [[20, 50]], "nothing is handed over while offline");
  r.setOnline(true);
  r.run(POLL);
  assert.equal(r.posts, [[20, 50], [50, 80]]);
  r.run(5 * INTERVAL);
  assert.is(r.posts.length, 2);
});

test("offline with nothing new to say: nothing is sent on reconnect", () => {
  const r = rig();
  r.sensor.steady = at(20, 50);
  r.run(INTERVAL);
  r.setOnline(false);
  r.run(5 * INTERVAL);
  r.setOnline(true);
  r.run(5 * INTERVAL);
  assert.equal(r.posts, [[20, 50]]);
});

test("a reading the client refuses is not counted as reported", () => {
  const r = rig();
  r.sink.accept = false;
  r.feed(at(20, 50));
  assert.is(r.posts.length, 1);
  assert.is(r.sampler.stats.reports, 0);
});

test.run();
