import type { InputPin, Log, OutputPin } from "../../src/hal";
import type { Espruino, PinNumber } from "./platform";

/** A push-pull output (relay driver, modem PWRKEY), low until the core drives it. */
export class DigitalOutput implements OutputPin {
  constructor(
    private readonly board: Espruino,
    private readonly pin: PinNumber,
  ) {
    // The level first, then the mode: the relay must not click on at boot.
    board.digitalWrite(pin, 0);
    board.pinMode(pin, "output");
  }

  write(value: number): void {
    this.board.digitalWrite(this.pin, value ? 1 : 0);
  }
}

/**
 * The button, wired to ground with the internal pull-up. A watch on both edges keeps the
 * level; `read()` is 1 while pressed. Debouncing is the core's (config buttonDebounceMs), so
 * the watch has none of its own.
 */
export class ButtonInput implements InputPin {
  private pressed = 0;

  constructor(board: Espruino, pin: PinNumber) {
    board.pinMode(pin, "input_pullup");
    this.pressed = board.digitalRead(pin) === 0 ? 1 : 0;
    board.setWatch((event) => this.edge(event.state), pin, { repeat: true, edge: "both", debounce: 0 });
  }

  read(): number {
    return this.pressed;
  }

  private edge(high: boolean): void {
    this.pressed = high ? 0 : 1;
  }
}

/** Stands in for an output where there is no GPIO (the Linux build in tests): logs level changes. */
export class LoggedOutput implements OutputPin {
  private value = -1;

  constructor(
    private readonly name: string,
    private readonly log: Log,
  ) {}

  write(value: number): void {
    const level = value ? 1 : 0;
    if (level === this.value) return;
    this.value = level;
    this.log("info", this.name + " -> " + level);
  }
}
