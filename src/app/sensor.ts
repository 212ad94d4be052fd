import { clampHumidity, isTemperature } from "../cloud/thing";
import type { Clock, Log, Sensor, SensorSample } from "../hal";
import type { Config } from "./config";

/** Where readings go: the Alink client's `postTelemetry`. */
export interface TelemetrySink {
  postTelemetry(temperature: number, humidity: number): boolean;
}

export type SamplerSettings = Pick<
  Config,
  "sensorIntervalMs" | "smoothing" | "reportDeadbandTemperature" | "reportDeadbandHumidity" | "heartbeatMs"
>;

export interface SamplerStats {
  /** Good readings taken into the average. */
  samples: number;
  /** Measurements the bus refused to start. */
  startFailures: number;
  /** Reads that failed (bus error, bad CRC): never a value. */
  readFailures: number;
  /** Reads that decoded but cannot be real (outside the sensor's range): never a value. */
  implausible: number;
  /** Readings handed to the cloud client. */
  reports: number;
}

/**
 * Temperature and humidity, sampled without blocking: a measurement is started on one poll
 * and read back on a poll at least `conversionMs` later. Good readings are smoothed (EMA);
 * the smoothed value is reported when it has moved past the deadband since the last report,
 * or when the heartbeat is due. While the link is down nothing is built or sent: the report
 * stays due and carries the latest value once the link is back.
 */
export class SensorSampler {
  readonly stats: SamplerStats = { samples: 0, startFailures: 0, readFailures: 0, implausible: 0, reports: 0 };
  /** Smoothed values; NaN until the first good reading. */
  temperature = NaN;
  humidity = NaN;
  private readonly sensor: Sensor;
  private readonly clock: Clock;
  private readonly s: SamplerSettings;
  private readonly sink: TelemetrySink;
  private readonly log: Log;
  private readonly sample: SensorSample = { temperature: 0, humidity: 0 };
  private converting = false;
  private nextStartAt: number;
  private readAt = 0;
  private lastGoodAt = -1;
  private reportedTemperature = NaN;
  private reportedHumidity = NaN;
  private reportedAt = 0;
  private due = false;
  private failing = false;

  constructor(sensor: Sensor, clock: Clock, settings: SamplerSettings, sink: TelemetrySink, log: Log) {
    this.sensor = sensor;
    this.clock = clock;
    this.s = settings;
    this.sink = sink;
    this.log = log;
    this.nextStartAt = clock.now();
  }

  /** Call on every poll; `online`: a report can leave the device now. */
  poll(online: boolean): void {
    const now = this.clock.now();
    if (this.converting) {
      if (now >= this.readAt) this.finish(now);
    } else if (now >= this.nextStartAt) {
      this.begin(now);
    }
    if (this.due && online) this.report(now);
  }

  private begin(now: number): void {
    this.nextStartAt = now + this.s.sensorIntervalMs;
    if (!this.sensor.start()) {
      this.stats.startFailures++;
      this.failed("does not start a measurement");
      return;
    }
    this.converting = true;
    this.readAt = now + this.sensor.conversionMs;
  }

  private finish(now: number): void {
    this.converting = false;
    const sample = this.sample;
    if (!this.sensor.read(sample)) {
      this.stats.readFailures++;
      this.failed("read failed (bus error or CRC)");
      return;
    }
    const humidity = clampHumidity(sample.humidity);
    if (!isTemperature(sample.temperature) || isNaN(humidity)) {
      this.stats.implausible++;
      this.failed("reading outside the sensor's range");
      return;
    }
    this.recovered();
    this.smooth(sample.temperature, humidity, now);
    if (this.reportWanted(now)) this.due = true;
  }

  private smooth(temperature: number, humidity: number, now: number): void {
    // After a long gap the old average says nothing about now: start over from this reading.
    const fresh = this.lastGoodAt < 0 || now - this.lastGoodAt > this.s.heartbeatMs;
    this.lastGoodAt = now;
    this.stats.samples++;
    if (fresh) {
      this.temperature = temperature;
      this.humidity = humidity;
      return;
    }
    const a = this.s.smoothing;
    this.temperature += a * (temperature - this.temperature);
    this.humidity += a * (humidity - this.humidity);
  }

  private reportWanted(now: number): boolean {
    if (isNaN(this.reportedTemperature)) return true;
    if (now - this.reportedAt >= this.s.heartbeatMs) return true;
    return (
      Math.abs(this.temperature - this.reportedTemperature) > this.s.reportDeadbandTemperature ||
      Math.abs(this.humidity - this.reportedHumidity) > this.s.reportDeadbandHumidity
    );
  }

  private report(now: number): void {
    this.due = false;
    this.reportedTemperature = this.temperature;
    this.reportedHumidity = this.humidity;
    this.reportedAt = now;
    if (this.sink.postTelemetry(this.temperature, this.humidity)) this.stats.reports++;
  }

  // Logged on the change only: a missing sensor must not fill the log every interval.
  private failed(why: string): void {
    if (this.failing) return;
    this.failing = true;
    this.log("warn", "sensor: " + why);
  }

  private recovered(): void {
    if (!this.failing) return;
    this.failing = false;
    this.log("info", "sensor: readings again");
  }
}
