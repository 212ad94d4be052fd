/**
 * The life of a client's network link after the command that started it: which results
 * still belong to the current client, what the module prints when the link dies, and how
 * incoming messages reach the host.
 */
import type { Module } from "./module";
import type { LinkLoss, MqttLinkEvents } from "./mqtt-transport";
import type { QmtSlot } from "./qmt-slot";

/** `+QMTSTAT` error codes. */
export const QMTSTAT_PEER_CLOSED = 1;
export const QMTSTAT_PING_TIMEOUT = 2;

/** A token for "this client as it is now"; stale after a reset, close or reboot. */
export interface SlotTicket {
  idx: number;
  slot: QmtSlot;
  generation: number;
}

export function ticketFor(m: Module, idx: number): SlotTicket {
  const slot = m.state.slots[idx];
  return { idx, slot, generation: slot.generation };
}

export function isCurrent(m: Module, t: SlotTicket): boolean {
  return m.power === "on" && m.state.slots[t.idx] === t.slot && t.slot.generation === t.generation;
}

export function linkEvents(m: Module, t: SlotTicket): MqttLinkEvents {
  return {
    message: (message) => {
      if (isCurrent(m, t) && t.slot.state === "connected") m.personality.deliver(m, t.idx, t.slot, message);
    },
    closed: (reason: LinkLoss) => {
      if (isCurrent(m, t)) dropClient(m, t.idx, reason === "ping-timeout" ? QMTSTAT_PING_TIMEOUT : QMTSTAT_PEER_CLOSED);
    },
  };
}

/** The module closes the client and says why with `+QMTSTAT: <idx>,<err>`. */
export function dropClient(m: Module, idx: number, err: number): void {
  m.state.slots[idx].reset();
  m.urc(m.personality.mqttClosed(idx, err));
}

/** Every client on PDP context `cid` loses its link. */
export function dropClientsOn(m: Module, cid: number): void {
  m.state.slots.forEach((slot, idx) => {
    if (slot.inUse && slot.config.pdpcid[0] === cid) dropClient(m, idx, QMTSTAT_PEER_CLOSED);
  });
}
