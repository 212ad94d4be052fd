import type Digital from "embedded:io/digital";
import type { InputPin, Log, OutputPin } from "../../src/hal";

type DigitalClass = typeof Digital;

/** A push-pull GPIO output (relay driver, modem PWRKEY). */
export class DigitalOutput implements OutputPin {
  private readonly io: Digital;

  constructor(Io: DigitalClass, pin: number, initialValue: 0 | 1) {
    // initialValue (a Moddable extension, not in the typings) sets the level before the pin is
    // driven, so the relay does not click on at boot.
    const options = { pin, mode: Io.Output, initialValue };
    this.io = new Io(options);
  }

  write(value: number): void {
    this.io.write(value ? 1 : 0);
  }
}

/**
 * The button: wired to ground with the internal pull-up. activeLow (a Moddable extension) inverts
 * reads, so `read()` is 1 while pressed.
 */
export class ButtonInput implements InputPin {
  private readonly io: Digital;

  constructor(Io: DigitalClass, pin: number) {
    const options = { pin, mode: Io.InputPullUp, activeLow: true };
    this.io = new Io(options);
  }

  read(): number {
    return this.io.read();
  }
}

/** Stands in for an output on a host without GPIO (the lin simulator): logs level changes. */
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
