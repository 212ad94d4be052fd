/**
 * A simulated SHT3x in a room, behind the hal's non-blocking Sensor interface.
 *
 * The room follows a slow ambient swing (±1.5 °C over 20 simulated minutes) with a little
 * sensor noise, and the relay is taken to drive a small heater: while it is on the room warms
 * towards +4 °C with a 3-minute time constant, and cools back when it is off. Relative humidity
 * falls as the air warms (about 3 %RH per °C), as it does in a closed room. All of it runs on
 * simulated time, so a time scale speeds the weather up too.
 */
import type { Clock, Sensor, SensorSample } from "../../src/hal";

const MINUTE = 60000;
const AMBIENT_C = 23;
const SWING_C = 1.5;
const SWING_PERIOD = 20 * MINUTE;
const HEATER_C = 4;
const HEATER_TAU = 3 * MINUTE;
const BASE_RH = 50;
const RH_PER_C = 3;

export interface RoomOptions {
  /** Level of the relay (the heater). */
  heater: () => number;
  /** Noise source (default Math.random). */
  random?: () => number;
  /** Every read fails while this returns true (a loose I2C wire, for tests). */
  failing?: () => boolean;
}

export class SimulatedRoom implements Sensor {
  /** SHT3x single shot, high repeatability: 15 ms. */
  readonly conversionMs = 15;
  private readonly options: RoomOptions;
  private readonly random: () => number;
  private startedAt = -1;
  private heat = 0;
  private heatAt: number;

  constructor(
    private readonly clock: Clock,
    options: RoomOptions,
  ) {
    this.options = options;
    this.random = options.random ?? Math.random;
    this.heatAt = clock.now();
  }

  start(): boolean {
    this.startedAt = this.clock.now();
    return true;
  }

  read(out: SensorSample): boolean {
    const now = this.clock.now();
    // Like the real part: no result without a finished conversion.
    const ready = this.startedAt >= 0 && now - this.startedAt >= this.conversionMs;
    this.startedAt = -1;
    if (!ready || this.options.failing?.()) return false;
    const temperature = this.temperatureAt(now);
    out.temperature = round2(temperature + this.noise(0.05));
    out.humidity = round2(Math.min(100, Math.max(0, BASE_RH - RH_PER_C * (temperature - AMBIENT_C) + this.noise(0.3))));
    return true;
  }

  /** The room's true temperature (no sensor noise) at simulated time `now`. */
  temperatureAt(now: number): number {
    // The heater is a first-order lag, integrated exactly over the time since the last read.
    const target = this.options.heater() ? HEATER_C : 0;
    this.heat = target + (this.heat - target) * Math.exp(-(now - this.heatAt) / HEATER_TAU);
    this.heatAt = now;
    return AMBIENT_C + SWING_C * Math.sin((2 * Math.PI * now) / SWING_PERIOD) + this.heat;
  }

  private noise(amplitude: number): number {
    return (this.random() * 2 - 1) * amplitude;
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
