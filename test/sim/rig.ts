/** A simulator on fake time with the in-memory broker, and a terminal to talk to it. */
import { Ec600sSimulator, FakeMqttNetwork, fakeTimers, type Ec600sOptions, type FakeNetworkOptions, type TraceEvent } from "../../sim/ec600s";

export const DEVICE = { productKey: "a1wFylTxYeD", deviceName: "co_0001", deviceSecret: "7ab0c4b3532b5783df5fdc58a2895d7a" };
export const SET_TOPIC = "/sys/a1wFylTxYeD/co_0001/thing/service/property/set";
export const POST_TOPIC = "/sys/a1wFylTxYeD/co_0001/thing/event/property/post";

export type RigOptions = Partial<Omit<Ec600sOptions, "onData" | "timers" | "transport">> & { network?: FakeNetworkOptions };

export function rig(options: RigOptions = {}) {
  const clock = fakeTimers();
  const network = new FakeMqttNetwork(options.network);
  const out: number[] = [];
  const trace: TraceEvent[] = [];
  const sim = new Ec600sSimulator({
    onData: (bytes) => out.push(...bytes),
    transport: network,
    timers: clock,
    clock: () => 1700000000000,
    trace: (e) => trace.push(e),
    ...options,
  });
  const take = (): string => Buffer.from(out.splice(0)).toString("latin1");
  return {
    sim,
    clock,
    network,
    trace,
    take,
    /** Powers on and waits for RDY and registration; output discarded. */
    async boot(): Promise<void> {
      sim.powerOn();
      await clock.advance(sim.delays.boot + sim.delays.registration);
      take();
    },
    /** Sends `line` + CR, lets `ms` of module time pass, returns what came back. */
    async at(line: string, ms = 1000): Promise<string> {
      sim.write(`${line}\r`);
      await clock.advance(ms);
      return take();
    },
    /** Boot, echo off, PDP up, aliauth set, client 0 open and connected. */
    async connected(): Promise<void> {
      await this.boot();
      for (const line of ["ATE0", "AT+QIACT=1", `AT+QMTCFG="recv/mode",0,0,1`, `AT+QMTCFG="aliauth",0,"${DEVICE.productKey}","${DEVICE.deviceName}","${DEVICE.deviceSecret}"`]) {
        await this.at(line, 2000);
      }
      await this.at(`AT+QMTOPEN=0,"broker",1883`);
      await this.at(`AT+QMTCONN=0,"dev"`);
      if (sim.clientState(0) !== "connected") throw new Error("rig: client 0 did not connect");
    },
  };
}

export type Rig = ReturnType<typeof rig>;
