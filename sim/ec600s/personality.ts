/**
 * What differs between the modules the simulator can be: its command set and the texts it
 * prints on its own (boot, power down, a lost MQTT connection, a lost PDP context, an
 * incoming message). The AT engine, power life, registration, PDP contexts, MQTT clients
 * and faults are shared.
 */
import type { Handler, Module } from "./module";
import type { IncomingMessage } from "./mqtt-transport";
import type { QmtSlot } from "./qmt-slot";

export type ModuleModel = "ec600s" | "a7670";

export interface Personality {
  readonly model: ModuleModel;
  readonly commands: Record<string, Handler>;
  /** What `ATI` answers before OK: the module's maker, model and revision as the real one prints them. */
  readonly info: readonly string[];
  /** Printed when booted (`RDY`; `*ATREADY: 1` on the A7670). */
  readonly ready: string;
  /** Printed as it powers down, or "" (the A7670 says nothing). */
  readonly poweredDown: string;
  /** The URC for "client `idx` lost its connection" (`+QMTSTAT`, `+CMQTTCONNLOST`). */
  mqttClosed(idx: number, err: number): string;
  /** The URC for "the network deactivated context `cid`". */
  pdpLost(cid: number): string;
  deliver(m: Module, idx: number, slot: QmtSlot, message: IncomingMessage): void;
}
