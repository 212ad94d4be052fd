import { ascii } from "../../at/bytes";
import type { Urc } from "../../at/command";
import { Fields } from "../../at/fields";
import type { ModemEvents } from "../dialect";
import { readAfter, standardUrcs } from "../urcs";

/**
 * SIMCom's URCs: boot (`*ATREADY: 1` on the A7670, `RDY` on the A7600), power down,
 * `+CMQTTCONNLOST: <idx>,<cause>` (1 socket closed by the peer, 2 reset, 3 network closed)
 * and `+CMQTTNONET` (the network under the MQTT service is gone).
 */
export function simcomUrcs(events: ModemEvents): Urc[] {
  const f = new Fields(4);
  const CONNLOST = ascii("+CMQTTCONNLOST:");
  const own: Urc[] = [
    { prefix: ascii("*ATREADY:"), abort: true, on: () => events.moduleReady() },
    { prefix: ascii("RDY"), abort: true, on: () => events.moduleReady() },
    { prefix: ascii("NORMAL POWER DOWN"), abort: true, on: () => events.poweredDown() },
    {
      prefix: CONNLOST,
      abort: false,
      on: (b, o, l) => {
        readAfter(f, CONNLOST, b, o, l);
        events.mqttClosed(f.int(0, -1), f.int(1, -1));
      },
    },
    { prefix: ascii("+CMQTTNONET"), abort: false, on: () => events.pdpDeactivated(1) },
  ];
  const standard = standardUrcs(events);
  for (let i = 0; i < standard.length; i++) own.push(standard[i]);
  return own;
}
