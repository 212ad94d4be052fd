import { constant } from "../at/constant";
import type { OutputPin } from "../hal";

/**
 * The status LED's patterns: 20 slots of 100 ms (a 2 s cycle), the first slot in the
 * highest bit, 1 = lit. Distinct at a glance:
 *
 * | pattern          | looks like                          |
 * | booting          | long on (1.5 s), short off          |
 * | no-sim           | three quick blinks, pause           |
 * | registering      | slow blink (0.5 s on, 0.5 s off)    |
 * | connecting       | fast blink (0.1 s on, 0.1 s off)    |
 * | online           | steady on                           |
 * | bad-credentials  | two quick blinks, pause             |
 * | ota              | 0.2 s on, 0.2 s off                 |
 * | factory-reset    | 1 s on, 1 s off                     |
 */
export type LedPattern = "booting" | "no-sim" | "registering" | "connecting" | "online" | "bad-credentials" | "ota" | "factory-reset";

export const LED_PATTERN_NAMES: readonly LedPattern[] = constant([
  "booting",
  "no-sim",
  "registering",
  "connecting",
  "online",
  "bad-credentials",
  "ota",
  "factory-reset",
] as LedPattern[]);

const LED_MASKS: readonly number[] = constant([
  0b11111111111111100000,
  0b10101000000000000000,
  0b11111000001111100000,
  0b10101010101010101010,
  0b11111111111111111111,
  0b10100000000000000000,
  0b11001100110011001100,
  0b11111111110000000000,
]);

const SLOT_MS = 100;
const SLOTS = 20;

/** The pattern of each modem state (src/modem/states.ts order), when nothing overrides it. */
const MODEM_LED: readonly number[] = constant([
  0, // off
  0, // probing
  0, // powering-on
  0, // booting
  0, // configuring
  0, // sim
  1, // no-sim
  2, // registering
  3, // pdp
  3, // mqtt-config
  3, // mqtt-opening
  3, // mqtt-connecting
  3, // subscribing
  4, // online
  3, // backoff
  5, // auth-failed
  5, // config-error
  3, // recovering
  0, // powering-off
]);

export function patternForModem(state: number): number {
  const p = MODEM_LED[state];
  return p === undefined ? 0 : p;
}

/**
 * Drives the LED from the poll: one array read and a compare per poll, a pin write only when
 * the level changes. `pin` null (no LED wired) still tracks the pattern for the console.
 */
export class StatusLed {
  /** Index in LED_PATTERN_NAMES. */
  pattern = 0;
  private readonly pin: OutputPin | null;
  private level = -1;

  constructor(pin: OutputPin | null) {
    this.pin = pin;
  }

  /** A pin is wired: `poll` has something to drive. */
  get wired(): boolean {
    return this.pin !== null;
  }

  get name(): LedPattern {
    return LED_PATTERN_NAMES[this.pattern];
  }

  /** Show a pattern; true if it changed. */
  show(pattern: number): boolean {
    if (pattern === this.pattern) return false;
    this.pattern = pattern;
    return true;
  }

  poll(now: number): void {
    if (this.pin === null) return;
    const slot = Math.floor(now / SLOT_MS) % SLOTS;
    const level = (LED_MASKS[this.pattern] >> (SLOTS - 1 - slot)) & 1;
    if (level === this.level) return;
    this.level = level;
    this.pin.write(level);
  }
}

export const LED_OTA = 6;
export const LED_FACTORY_RESET = 7;
