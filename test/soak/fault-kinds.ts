/**
 * Every fault a soak throws at a rig, by kind. Module faults go through the simulator's
 * injector (sim/ec600s/faults.ts syntax); the broker and board faults reuse the console's own
 * actions (hosts/node/faults.ts), so a soak breaks things exactly as a person can.
 */
import { runFault } from "../../hosts/node/faults";
import type { Rig } from "../../hosts/node/rig";
import { RELAY_KEY } from "../../src/app/relay";

export interface FaultKind {
  name: string;
  /** `round`: how many times this kind ran before, to vary it. */
  run(rig: Rig, round: number): Promise<void> | void;
}

const inject =
  (...variants: string[]) =>
  (rig: Rig, round: number): void =>
    rig.inject(variants[round % variants.length]);

export const FAULT_KINDS: FaultKind[] = [
  // 2% of the module's bytes lost for 10 s: corrupt URCs, lost OKs, damaged +QMTRECV.
  { name: "byte-loss", run: (rig) => runFault(rig, "byte-loss") },
  { name: "garbage", run: inject("garbage:64", "garbage:8") },
  // Once inside the firmware's 3 s AT timeout, once past it (the late OK must not confuse).
  { name: "delayed-response", run: inject("delay-final:1500", "delay-final:5000") },
  { name: "missing-response", run: inject("drop-final", "drop-final:2") },
  // Every other one with its RDY lost (as byte loss once did): the driver must notice by itself.
  { name: "module-reboot", run: inject("reboot", "reboot:silent") },
  { name: "qmtstat-1", run: inject("qmtstat:1") },
  { name: "qmtstat-2", run: inject("qmtstat:2") },
  { name: "qmtstat-7", run: inject("qmtstat:7") },
  { name: "pdpdeact", run: inject("pdpdeact:1") },
  { name: "registration-loss", run: inject("reg-loss:2:3000", "reg-loss:3:1500") },
  // The refusal waits for the next connect; a drop makes that connect happen now.
  { name: "connack-4", run: inject("connack:4 qmtstat:1") },
  { name: "broker-restart", run: (rig) => runFault(rig, "broker-restart") },
  { name: "second-login", run: (rig) => runFault(rig, "kick") },
  { name: "firmware-reboot", run: resetOnceSaved },
];

/**
 * An ESP32 reset with the same NVS, but not in the one poll between a relay switch and its
 * NVS write: a reset there undoes the switch and the cloud's retry switches it again (a
 * known window, relay.ts persists from poll(); reset-window.test.ts covers it on purpose).
 */
async function resetOnceSaved(rig: Rig): Promise<void> {
  const end = Date.now() + 1000;
  while (rig.storage.getInt(RELAY_KEY) !== rig.relay.level && Date.now() < end) await new Promise((r) => setTimeout(r, 1));
  await runFault(rig, "esp32-reboot");
}
