/**
 * One fleet run: a broker (the embedded one, started here, or an external URL), the devices
 * powered on, a console's commands, then everything stopped. Progress goes to `log`; the
 * result is a FleetReport.
 */
import { DEMO_CONSOLE } from "../../hosts/node/demo-device";
import { connectConsole, startBroker, type CloudConsole, type RunningBroker } from "../../sim/broker";
import { seededRandom } from "../../sim/ec600s/random";
import type { FleetOptions } from "./args";
import { Commander, relayMismatches } from "./commander";
import { Deadline } from "./deadline";
import { FLEET_PRODUCT_KEY, fleetDevices } from "./devices";
import { allOnline, powerOff, powerOn, type FleetMember } from "./power-on";
import { startProcessMeter } from "./process-meter";
import { buildReport, type FleetReport } from "./report";

/** Real ms the rigs get to close their sockets at the end. */
const STOP_MS = 15000;

export async function runFleet(o: FleetOptions, log: (line: string) => void): Promise<FleetReport> {
  const stopMeter = startProcessMeter();
  const deadline = new Deadline(o.durationS * 1000);
  const { broker, url } = await cloudFor(o);
  let members: FleetMember[] = [];
  let cloud: CloudConsole | undefined;
  try {
    const t0 = Date.now();
    log(`powering on ${o.devices} ${o.modem} devices against ${url}`);
    members = await powerOn(fleetDevices(o.devices, o.seed), { broker: broker ?? url, timeScale: o.timeScale, staggerMs: o.staggerMs, random: seededRandom(o.seed), modem: o.modem }, deadline);
    await allOnline(members, deadline);
    const t1 = Date.now();
    log(`${members.filter((m) => m.online).length} online after ${t1 - t0} ms; sending ${o.commands} commands`);
    cloud = await watchFleet(url, broker);
    const tally = await new Commander(cloud, members, { ...o, random: seededRandom(o.seed + 1) }, deadline).run();
    return buildReport({
      broker: broker ? `the embedded broker ${url}` : url,
      requested: { devices: o.devices, commands: o.commands, timeScale: o.timeScale, staggerMs: o.staggerMs, modem: o.modem },
      connects: connectTimes(members, o.devices),
      tally,
      finalMismatches: relayMismatches(members),
      realMs: { powerOn: t1 - t0, commands: tally.realMs, total: Date.now() - t0 },
      process: stopMeter(),
      completed: !deadline.expired && members.length === o.devices,
    });
  } finally {
    stopMeter();
    await cloud?.close().catch(() => undefined);
    await powerOff(members, STOP_MS);
    await broker?.close();
  }
}

/** The embedded broker, started for this run, or the external one's URL. */
async function cloudFor(o: FleetOptions): Promise<{ broker: RunningBroker | null; url: string }> {
  if (o.broker !== undefined) return { broker: null, url: o.broker };
  const broker = await startBroker({ console: DEMO_CONSOLE });
  return { broker, url: broker.url };
}

/** One entry per requested device: null for one never online, or never even powered on. */
function connectTimes(members: FleetMember[], devices: number): Array<FleetMember["online"]> {
  return Array.from({ length: devices }, (_, i) => members[i]?.online ?? null);
}

/** The console: the embedded broker's console login, anonymous on an external broker. */
async function watchFleet(url: string, broker: RunningBroker | null): Promise<CloudConsole> {
  const cloud = await connectConsole(url, broker ? { ...DEMO_CONSOLE } : {});
  // A socket error must not become an unhandled 'error' event; lost replies show anyway.
  cloud.mqtt.on("error", () => undefined);
  await cloud.watch(FLEET_PRODUCT_KEY, "+");
  return cloud;
}
