import { ascii, startsWith } from "../../at/bytes";
import type { Urc } from "../../at/command";
import { Fields } from "../../at/fields";
import type { ModemEvents } from "../dialect";
import { readAfter, standardUrcs } from "../urcs";

const PDPDEACT = ascii("pdpdeact");

/** Quectel's URCs: boot and power, `+QMTSTAT`, a failed `+QMTPING`, `+QIURC: "pdpdeact"`. */
export function quectelUrcs(events: ModemEvents): Urc[] {
  const f = new Fields(6);
  const QMTSTAT = ascii("+QMTSTAT:");
  const QMTPING = ascii("+QMTPING:");
  const QIURC = ascii("+QIURC:");
  const own: Urc[] = [
    { prefix: ascii("RDY"), abort: true, on: () => events.moduleReady() },
    { prefix: ascii("APP RDY"), abort: true, on: () => events.moduleReady() },
    { prefix: ascii("POWERED DOWN"), abort: true, on: () => events.poweredDown() },
    {
      prefix: QMTSTAT,
      abort: false,
      on: (b, o, l) => {
        readAfter(f, QMTSTAT, b, o, l);
        events.mqttClosed(f.int(0, -1), f.int(1, -1));
      },
    },
    {
      prefix: QMTPING,
      abort: false,
      on: (b, o, l) => {
        readAfter(f, QMTPING, b, o, l);
        if (f.int(1, 0) !== 0) events.mqttClosed(f.int(0, -1), -1);
      },
    },
    {
      prefix: QIURC,
      abort: false,
      on: (b, o, l) => {
        readAfter(f, QIURC, b, o, l);
        if (f.count >= 1 && startsWith(b, f.starts[0], f.lengths[0], PDPDEACT)) events.pdpDeactivated(f.int(1, 1));
      },
    },
  ];
  const standard = standardUrcs(events);
  for (let i = 0; i < standard.length; i++) own.push(standard[i]);
  return own;
}
