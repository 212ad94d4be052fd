/**
 * Power the fleet on: one rig per device on the shared broker, started `staggerMs` apart as
 * boards on one circuit would not all come up in the same millisecond, each one's first
 * "online" stamped in simulated ms (its own clock starts at its power-on) and in real ms.
 */
import { createRig, type Rig } from "../../hosts/node/rig";
import type { DeviceTriple } from "../../sim/aliyun";
import type { RunningBroker } from "../../sim/broker";
import type { Deadline } from "./deadline";

export interface FleetMember {
  rig: Rig;
  /** Power-on to first online; null until then. */
  online: { simMs: number; realMs: number } | null;
  /** A command is in flight for this device. */
  busy: boolean;
  /** The value of the last command answered, to check the relay at the end. */
  lastValue: 0 | 1 | null;
}

export interface PowerOnOptions {
  broker: RunningBroker | string;
  timeScale: number;
  staggerMs: number;
  random: () => number;
  /** The firmware's `modem` key (the rig gives an "a7670" the simulator's A7670 personality). */
  modem: string;
}

/** Rigs for as many devices as the deadline allows. */
export async function powerOn(devices: DeviceTriple[], o: PowerOnOptions, deadline: Deadline): Promise<FleetMember[]> {
  const members: FleetMember[] = [];
  for (const device of devices) {
    if (deadline.expired) break;
    members.push(await startMember(device, o));
    if (o.staggerMs > 0) await deadline.sleep(o.staggerMs);
  }
  return members;
}

async function startMember(device: DeviceTriple, o: PowerOnOptions): Promise<FleetMember> {
  const rig = await createRig({ timeScale: o.timeScale, broker: o.broker, device, autoStart: false, random: o.random, config: { modem: o.modem } });
  const member: FleetMember = { rig, online: null, busy: false, lastValue: null };
  const wall = Date.now();
  rig.events.on("event", (e) => {
    if (e.type === "online" && member.online === null) member.online = { simMs: e.at, realMs: e.wall - wall };
  });
  rig.start();
  return member;
}

/** Resolves when every member is online or the deadline has passed. */
export async function allOnline(members: FleetMember[], deadline: Deadline): Promise<void> {
  while (!deadline.expired && members.some((m) => m.online === null)) await deadline.sleep(20);
}

/** Stop every rig; a rig that will not stop is left behind after `ms`. */
export async function powerOff(members: FleetMember[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([Promise.all(members.map((m) => m.rig.stop().catch(() => undefined))), bound]);
  clearTimeout(timer);
}
