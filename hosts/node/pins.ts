/** The board's output pins on a PC: the relay is a level to look at, PWRKEY drives the simulator. */
import type { OutputPin } from "../../src/hal";

/** The relay coil driver: remembers its level and says when it changes. */
export class RelayPin implements OutputPin {
  level = 0;

  constructor(private readonly onChange?: (level: 0 | 1) => void) {}

  write(value: number): void {
    const level = value ? 1 : 0;
    if (level === this.level) return;
    this.level = level;
    this.onChange?.(level);
  }
}

/** What PWRKEY is wired to: the simulator's key (0 = pulled low). */
export interface PowerKey {
  pwrkey(level: 0 | 1): void;
}

/**
 * The core asserts (1) PWRKEY for a pulse. On the EC600S the key is active low through an
 * NPN transistor, so asserted means the module's line is pulled to 0.
 */
export class PwrkeyPin implements OutputPin {
  constructor(private readonly key: PowerKey) {}

  write(value: number): void {
    this.key.pwrkey(value ? 0 : 1);
  }
}

/** A pin wired to nothing (PWRKEY of a USB modem, which powers itself): the pulse is logged. */
export class UnwiredPin implements OutputPin {
  constructor(
    private readonly name: string,
    private readonly log: (message: string) => void,
  ) {}

  write(value: number): void {
    this.log(`${this.name} ${value} (not wired on this host)`);
  }
}
