/**
 * The real-modem path (`--port`): the rig opens a serial port through `serialport`'s stream
 * API and has no simulator of its own. Here the "module" behind the port is the EC600S
 * simulator, bridged through SerialPortMock, so the path runs without hardware.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { SerialPortMock } from "serialport";
import { startBroker, type RunningBroker } from "../../sim/broker";
import { Ec600sSimulator, realTimers, tcpMqttTransport } from "../../sim/ec600s";
import { CloudLink } from "../../hosts/node/cloud-link";
import { DEMO_CONSOLE, DEMO_DEVICE } from "../../hosts/node/demo-device";
import { availableFaults } from "../../hosts/node/faults";
import { createRig, RigError, type Rig } from "../../hosts/node/rig";
import type { PortStream } from "../../hosts/node/uart";
import { ONLINE_MS, STEP_MS, until } from "./helpers";

type Binding = { write(buffer: Buffer): Promise<void>; emitData(data: Buffer): void };

// A quick module: this path runs in real time (no time scale with a real port).
const DELAYS = { boot: 200, registration: 200, pdpActivation: 100, mqttOpen: 30, mqttConnect: 30, subscribe: 10, response: 5 };

/** Opens a mock port whose other end is a powered, booted EC600S simulator. */
async function portToSimulator(path: string, baudRate: number): Promise<PortStream> {
  const port = new SerialPortMock({ path, baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  const binding = port.port as unknown as Binding;
  const sim = new Ec600sSimulator({ onData: (b) => binding.emitData(Buffer.from(b)), transport: tcpMqttTransport(), timers: realTimers(1), delays: DELAYS });
  const write = binding.write.bind(binding);
  binding.write = async (buffer) => {
    await write(buffer);
    sim.write(new Uint8Array(buffer));
  };
  port.once("close", () => sim.close());
  // A USB modem is on before the host opens its port.
  sim.powerOn();
  await new Promise((r) => setTimeout(r, DELAYS.boot + 50));
  return port;
}

let broker: RunningBroker | undefined;
let rig: Rig | undefined;
let cloud: CloudLink | undefined;
const trace: string[] = [];

test.before(async () => {
  SerialPortMock.binding.reset();
  SerialPortMock.binding.createPort("/dev/ttyUSB2", { echo: false, record: false });
  broker = await startBroker({ devices: [DEMO_DEVICE], console: DEMO_CONSOLE });
  rig = await createRig({ port: "/dev/ttyUSB2", broker: broker.url, consoleLogin: DEMO_CONSOLE, openPort: portToSimulator, trace: (l) => trace.push(l) });
});

test.after(async () => {
  cloud?.close();
  await rig?.stop();
  await broker?.close();
});

test("a module that answers the probe is not pulsed; it comes online over the serial port", async () => {
  const powering: string[] = [];
  rig!.events.on("event", (e) => e.type === "modem" && e.state === "powering-on" && powering.push(e.reason));
  if (!rig!.firmware.online) await rig!.waitFor("online", ONLINE_MS);
  assert.equal(powering, []);
  assert.is(rig!.simulator, null);
  assert.is(rig!.config.mqttHost, "127.0.0.1", "the firmware dials the broker it was given");
  assert.ok(broker!.isOnline(DEMO_DEVICE.productKey, DEMO_DEVICE.deviceName));
  // Wall-clock stamps for a real module, to line up with cloud-side logs.
  await until(() => trace.some((l) => l.includes("[TX] AT+QMTCONN=")), STEP_MS, "trace");
  assert.match(trace.find((l) => l.includes("[TX] AT+QMTCONN="))!, /^\[\d\d:\d\d:\d\d\.\d{3}\]\[TX\] AT\+QMTCONN=0,"switch-0001"\\r$/);
});

test("a cloud set round trip over the serial port", async () => {
  cloud = new CloudLink(rig!);
  await cloud.start();
  const done = rig!.waitFor("roundtrip", STEP_MS, (e) => e.trip.done);
  await cloud.setPowerSwitch(1);
  assert.is((await done).trip.replyCode, 200);
  assert.is(rig!.relay.level, 1);
});

test("module faults need the simulator; only the ESP32's own (reset, hang) are offered", () => {
  assert.throws(() => rig!.inject("reboot"), (e: unknown) => e instanceof RigError && /simulated modem/.test((e as Error).message));
  assert.equal(availableFaults(rig!).map((f) => f.id), ["esp32-reboot", "esp32-hang"]);
});

test.run();
