/**
 * The firmware's own set counters over a whole soak. An ESP32 reset builds a new Firmware
 * with fresh counters, so each one's are added up just before it is replaced.
 */
import type { Rig } from "../../hosts/node/rig";

export interface SetCounts {
  /** Sets that switched (or confirmed) the relay: one per id, more if a reset forgot the id. */
  applied: number;
  /** Sets recognised as a retry of an id already answered, answered again without acting. */
  repeated: number;
}

export class FirmwareTally {
  private readonly past: SetCounts = { applied: 0, repeated: 0 };

  constructor(private readonly rig: Rig) {
    const reboot = rig.rebootFirmware.bind(rig);
    rig.rebootFirmware = () => {
      this.add(this.past, this.current());
      return reboot();
    };
  }

  totals(): SetCounts {
    const sum = { ...this.past };
    this.add(sum, this.current());
    return sum;
  }

  private current(): SetCounts {
    const stats = this.rig.firmware.status().cloudStats;
    return { applied: stats.setsApplied, repeated: stats.setsRepeated };
  }

  private add(into: SetCounts, counts: SetCounts): void {
    into.applied += counts.applied;
    into.repeated += counts.repeated;
  }
}
