/**
 * A Quectel EC600S as its UART sees it: bytes in (`write`), bytes out (`onData`), with the
 * module's real response shapes and delays, an MQTT side behind `MqttTransport`, and
 * fault injection. See docs/quectel-qmt.md for the dialect and test/sim/seed.test.ts for the
 * byte-exact replay of a real session.
 */
import { encode } from "./bytes";
import { applyFault } from "./fault-effects";
import { parseFaults, type Fault } from "./faults";
import { Module, type Power } from "./module";
import { minimumPathMs, resolveOptions, type Ec600sDelays, type Ec600sOptions } from "./options";
import type { SlotState } from "./qmt-slot";
import { PERSONALITIES } from "./personalities";

type KeyState = "up" | "pressed" | "fired";

export class Ec600sSimulator {
  private readonly module: Module;
  private key: KeyState = "up";
  private keyTimer: unknown;

  constructor(options: Ec600sOptions) {
    this.module = new Module(resolveOptions(options), PERSONALITIES[options.model ?? "ec600s"]);
  }

  /** Host -> module bytes (a string is sent as UTF-8). */
  write(data: Uint8Array | string): void {
    const bytes = typeof data === "string" ? encode(data) : data;
    const { trace, timers } = this.module.options;
    trace?.({ dir: "tx", at: timers.now(), bytes });
    this.module.receive(bytes);
  }

  /** As if PWRKEY had been pulsed on a module that is off: `RDY` after the boot delay. */
  powerOn(): void {
    this.module.powerOn();
  }

  /**
   * The PWRKEY line (0 = pulled low). Held low for `delays.pwrkeyHold` it turns an off
   * module on, or powers a running one down (`POWERED DOWN`), once per press.
   */
  pwrkey(level: 0 | 1): void {
    const timers = this.module.options.timers;
    if (level === 1) {
      if (this.key === "pressed") timers.clearTimeout(this.keyTimer);
      this.key = "up";
    } else if (this.key === "up") {
      this.key = "pressed";
      this.keyTimer = timers.setTimeout(() => this.keyHeld(), this.module.options.delays.pwrkeyHold);
    }
  }

  private keyHeld(): void {
    this.key = "fired";
    const m = this.module;
    if (m.power === "off") return m.powerOn();
    m.after(m.options.delays.powerDown, () => {
      if (m.personality.poweredDown) m.urc(m.personality.poweredDown);
      m.powerOff();
    });
  }

  /** A fault, as data or in the string form of faults.ts (`"qmtstat:2"`, `"loss:3 reboot"`). */
  inject(fault: Fault | string): void {
    const faults = typeof fault === "string" ? parseFaults(fault) : [fault];
    for (const f of faults) applyFault(this.module, f);
  }

  /** Sum of the module's delays on the power-on -> subscribed path (options.ts). */
  minimumPathMs(): number {
    return minimumPathMs(this.module.options.delays);
  }

  get delays(): Ec600sDelays {
    return { ...this.module.options.delays };
  }

  get power(): Power {
    return this.module.power;
  }

  get echo(): boolean {
    return this.module.state.echo;
  }

  clientState(idx: number): SlotState {
    return this.module.state.slots[idx].state;
  }

  /** Power off for good: timers cancelled, MQTT connections dropped. */
  close(): void {
    if (this.key === "pressed") this.module.options.timers.clearTimeout(this.keyTimer);
    this.key = "up";
    this.module.powerOff();
  }
}
