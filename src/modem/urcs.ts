import { ascii, startsWith } from "../at/bytes";
import type { Urc } from "../at/command";
import { Fields } from "../at/fields";
import { registrationStat } from "./steps";

/** What the module can tell us unasked that changes the state machine. */
export interface ModemUrcHandler {
  /** `RDY`/`APP RDY`: the module (re)started; every setting is gone. */
  moduleReady(): void;
  poweredDown(): void;
  /** `+QMTSTAT`: the module closed an MQTT client; `+QMTPING` failure likewise. */
  mqttClosed(client: number, err: number): void;
  /** `+QIURC: "pdpdeact",<cid>`. */
  pdpDeactivated(cid: number): void;
  /** `+CEREG`/`+CGREG`/`+CREG` URC stat. */
  registration(stat: number): void;
  simNotReady(): void;
}

const PDPDEACT = ascii("pdpdeact");
const NOT_READY = ascii("NOT READY");

/**
 * The static URC table (after Zephyr's modem_chat unsolicited matches): prefix, whether it
 * aborts the command in flight, and a handler that reads the fields in place.
 */
export function modemUrcs(h: ModemUrcHandler): Urc[] {
  const f = new Fields(6);
  const read = (prefix: Uint8Array, bytes: Uint8Array, offset: number, length: number) => f.read(bytes, offset + prefix.length, offset + length);
  const QMTSTAT = ascii("+QMTSTAT:");
  const QMTPING = ascii("+QMTPING:");
  const QIURC = ascii("+QIURC:");
  const CPIN = ascii("+CPIN:");
  const regUrc = (prefix: Uint8Array): Urc => ({
    prefix,
    abort: false,
    on: (b, o, l) => {
      read(prefix, b, o, l);
      h.registration(registrationStat(f));
    },
  });
  return [
    { prefix: ascii("RDY"), abort: true, on: () => h.moduleReady() },
    { prefix: ascii("APP RDY"), abort: true, on: () => h.moduleReady() },
    { prefix: ascii("POWERED DOWN"), abort: true, on: () => h.poweredDown() },
    {
      prefix: QMTSTAT,
      abort: false,
      on: (b, o, l) => {
        read(QMTSTAT, b, o, l);
        h.mqttClosed(f.int(0, -1), f.int(1, -1));
      },
    },
    {
      prefix: QMTPING,
      abort: false,
      on: (b, o, l) => {
        read(QMTPING, b, o, l);
        if (f.int(1, 0) !== 0) h.mqttClosed(f.int(0, -1), -1);
      },
    },
    {
      prefix: QIURC,
      abort: false,
      on: (b, o, l) => {
        read(QIURC, b, o, l);
        if (f.count >= 1 && startsWith(b, f.starts[0], f.lengths[0], PDPDEACT)) h.pdpDeactivated(f.int(1, 1));
      },
    },
    {
      prefix: CPIN,
      abort: false,
      on: (b, o, l) => {
        read(CPIN, b, o, l);
        if (f.count >= 1 && startsWith(b, f.starts[0], f.lengths[0], NOT_READY)) h.simNotReady();
      },
    },
    regUrc(ascii("+CEREG:")),
    regUrc(ascii("+CGREG:")),
    regUrc(ascii("+CREG:")),
  ];
}
