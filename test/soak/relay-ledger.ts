/**
 * The relay coil as a soak sees it: every real change of the pin, charged to the command in
 * flight (a careful cloud has at most one). A change with no command in flight, or a second
 * change for one id, is exactly what "applied exactly once" forbids.
 */
import type { RelayPin } from "../../hosts/node/pins";

export interface LedgerEntry {
  id: string;
  value: 0 | 1;
  /** Pin level when the command was first sent. */
  before: 0 | 1;
  changes: number;
}

export class RelayLedger {
  readonly entries: LedgerEntry[] = [];
  /** Pin changes while no command was in flight (a reset that lost the saved state...). */
  readonly unsolicited: Array<{ level: 0 | 1; afterId: string | null }> = [];
  private current: LedgerEntry | null = null;

  constructor(private readonly pin: RelayPin) {
    // Wrapped on the instance: the rig's pin object survives firmware reboots, so this sees
    // every write of every Firmware the rig builds.
    const write = pin.write.bind(pin);
    pin.write = (value: number): void => {
      const before = pin.level;
      write(value);
      if (pin.level !== before) this.changed(pin.level as 0 | 1);
    };
  }

  get level(): 0 | 1 {
    return this.pin.level as 0 | 1;
  }

  begin(id: string, value: 0 | 1): void {
    this.current = { id, value, before: this.level, changes: 0 };
    this.entries.push(this.current);
  }

  end(): void {
    this.current = null;
  }

  /** Commands whose pin changes were not exactly "one if the value differed, else none". */
  violations(): string[] {
    const bad = this.entries.filter((e) => e.changes !== (e.value !== e.before ? 1 : 0));
    return bad.map((e) => `id ${e.id}: ${e.before} -> ${e.value} switched ${e.changes}x`);
  }

  /** Commands that should have switched the relay. */
  get expectedSwitches(): number {
    return this.entries.filter((e) => e.value !== e.before).length;
  }

  private changed(level: 0 | 1): void {
    if (this.current) this.current.changes++;
    else this.unsolicited.push({ level, afterId: this.entries.at(-1)?.id ?? null });
  }
}
