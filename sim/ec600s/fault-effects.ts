/** What each injected fault does to the module (see faults.ts for the list). */
import { randomBytes } from "./random";
import { deactivate } from "./commands/pdp";
import type { Fault } from "./faults";
import type { Module } from "./module";
import { dropClient } from "./qmt-link";

type Effects = { [K in Fault["kind"]]: (m: Module, fault: Extract<Fault, { kind: K }>) => void };

/** Faults that make the module say something need it to be up. */
const whenOn =
  <F>(effect: (m: Module, fault: F) => void) =>
  (m: Module, fault: F): void => {
    if (m.power === "on") effect(m, fault);
  };

const EFFECTS: Effects = {
  loss: (m, f) => (m.output.faults.loseNext += f.bytes),
  "loss-probability": (m, f) => (m.output.faults.lossProbability = f.p),
  garbage: (m, f) => m.output.send("noise", randomBytes(m.random, f.bytes)),
  "drop-final": (m, f) => (m.output.faults.dropFinals += f.count),
  "delay-final": (m, f) => (m.output.faults.delayNextFinalMs = f.ms),
  "drop-urc": (m, f) => m.output.faults.dropUrcPrefixes.push(f.prefix),
  reboot: (m, f) => {
    if (f.silent) m.output.faults.dropUrcPrefixes.push(m.personality.ready);
    m.reboot();
  },
  // Sent even for a client that is already closed: the stale `+QMTSTAT` of the field.
  qmtstat: whenOn((m, f) => m.state.slots[f.client] && dropClient(m, f.client, f.err)),
  pdpdeact: whenOn((m, f) => {
    m.urc(m.personality.pdpLost(f.cid));
    deactivate(m, f.cid);
  }),
  "reg-loss": whenOn((m, f) => m.state.registration.lose(f.stat, f.ms)),
  "reg-restore": whenOn((m) => m.state.registration.restore()),
  connack: (m, f) => m.forcedConnacks.push(f.code),
  "upload-refuse": (m, f) => m.refusedUploads.push(f.code),
  "upload-corrupt": (m, f) => (m.corruptUploads += f.count),
  sim: (m, f) => {
    m.simPresent = f.present;
    if (m.power === "on") simChanged(m, f.present);
  },
};

function simChanged(m: Module, present: boolean): void {
  m.urc(present ? "+CPIN: READY" : "+CPIN: NOT READY");
  if (present) m.state.registration.search(m.options.delays.registration);
  else m.state.registration.detach();
}

export function applyFault(m: Module, fault: Fault): void {
  (EFFECTS[fault.kind] as (m: Module, f: Fault) => void)(m, fault);
}
