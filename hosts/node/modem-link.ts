/**
 * The modem end of the rig: the in-process EC600S simulator (MQTT over real TCP to a broker),
 * or a real module on a serial port. Either way the firmware gets a SerialPort and a PWRKEY pin.
 */
import { Ec600sSimulator, tcpMqttTransport, type Ec600sDelays, type Ec600sOptions, type MqttEndpoint } from "../../sim/ec600s";
import type { OutputPin, SerialPort } from "../../src/hal";
import { PwrkeyPin, UnwiredPin } from "./pins";
import { SimSerial } from "./sim-serial";
import type { SimTime } from "./time";
import { openUart, type NodeUart, type PortOpener } from "./uart";
import type { UartSink, UartTap } from "./uart-sink";

export type SimulatorExtras = Partial<Omit<Ec600sOptions, "onData" | "transport" | "timers" | "delays" | "trace">>;

export interface ModemLink {
  serial: SerialPort;
  pwrkey: OutputPin;
  simulator: Ec600sSimulator | null;
  attach(sink: UartSink): void;
  close(): Promise<void>;
}

export interface SimulatedModemOptions {
  time: SimTime;
  /** Where the module's QMTOPEN really goes (the cell network's routing). */
  route: (endpoint: MqttEndpoint) => MqttEndpoint;
  delays?: Partial<Ec600sDelays>;
  extras?: SimulatorExtras;
  tap?: UartTap;
  powered: boolean;
}

export function simulatedModem(o: SimulatedModemOptions): ModemLink {
  const serial = new SimSerial({ tap: o.tap });
  const simulator = new Ec600sSimulator({
    ...o.extras,
    onData: (bytes) => serial.fromModule(bytes),
    transport: tcpMqttTransport({ resolve: o.route }),
    timers: o.time,
    delays: o.delays,
  });
  serial.connect(simulator);
  if (o.powered) simulator.powerOn();
  return {
    serial,
    pwrkey: new PwrkeyPin(simulator),
    simulator,
    attach: (sink) => serial.attach(sink),
    close: async () => {
      serial.close();
      simulator.close();
      o.tap?.flush?.();
    },
  };
}

export interface RealModemOptions {
  path: string;
  baudRate: number;
  tap?: UartTap;
  log: (level: "info" | "error", message: string) => void;
  open?: PortOpener;
}

export async function realModem(o: RealModemOptions): Promise<ModemLink> {
  const uart: NodeUart = await openUart({ path: o.path, baudRate: o.baudRate, tap: o.tap, open: o.open, onProblem: (m) => o.log("error", m) });
  return {
    serial: uart,
    // A USB modem powers itself; the core's PWRKEY pulse has nothing to drive.
    pwrkey: new UnwiredPin("pwrkey", (m) => o.log("info", m)),
    simulator: null,
    attach: (sink) => uart.attach(sink),
    close: async () => {
      await uart.close();
      o.tap?.flush?.();
    },
  };
}
