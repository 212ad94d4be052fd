import { ascii, startsWith } from "../at/bytes";
import type { Urc } from "../at/command";
import { Fields } from "../at/fields";
import type { ModemEvents } from "./dialect";
import { registrationStat } from "./steps";

const NOT_READY = ascii("NOT READY");

/** Reads a URC's fields after its prefix into `f`. */
export function readAfter(f: Fields, prefix: Uint8Array, bytes: Uint8Array, offset: number, length: number): void {
  f.read(bytes, offset + prefix.length, offset + length);
}

function registrationUrc(prefix: Uint8Array, f: Fields, events: ModemEvents): Urc {
  return {
    prefix,
    abort: false,
    on: (b, o, l) => {
      readAfter(f, prefix, b, o, l);
      events.registration(registrationStat(f));
    },
  };
}

/**
 * The 3GPP TS 27.007 URCs every module sends alike: registration and SIM state. A dialect's
 * table (after Zephyr's modem_chat unsolicited matches) adds its own before these.
 */
export function standardUrcs(events: ModemEvents): Urc[] {
  const f = new Fields(6);
  const CPIN = ascii("+CPIN:");
  return [
    {
      prefix: CPIN,
      abort: false,
      on: (b, o, l) => {
        readAfter(f, CPIN, b, o, l);
        // Stryker disable next-line ConditionalExpression: with no fields, field 0 is empty (Fields.read), which NOT_READY does not start
        if (f.count >= 1 && startsWith(b, f.starts[0], f.lengths[0], NOT_READY)) events.simNotReady();
      },
    },
    registrationUrc(ascii("+CEREG:"), f, events),
    registrationUrc(ascii("+CGREG:"), f, events),
    registrationUrc(ascii("+CREG:"), f, events),
  ];
}
