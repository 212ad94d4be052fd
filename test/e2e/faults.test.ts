/**
 * Every button of the console's "Break it" card, on a running rig: each fault is noticed (or
 * absorbed) and the device is online again afterwards. Plus the board's own resets: an ESP32
 * reset keeps the relay from NVS, and so does a whole new rig on the same storage.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { FAULTS, runFault, UnknownFault } from "../../hosts/node/faults";
import { createRig, type Rig } from "../../hosts/node/rig";
import { MemoryStorage } from "../../hosts/node/storage";
import { ONLINE_MS, SCALE, until } from "./helpers";

// Faults wait out module timeouts and backoffs: run this file at 50x.
const FAST = SCALE / 2.5;
// At 50x the default 200 ms AT probe is 4 ms of real time: a loaded machine stalls the event
// loop longer than that, the module's answer looks late, and the firmware pulses PWRKEY at a
// module that was on. The probe gets room in real time; the firmware's logic is the same.
const PROBE = { probeTimeoutMs: 5000, probeAttempts: 3 };

const storage = new MemoryStorage();
let rig: Rig;

test.before(async () => {
  rig = await createRig({ timeScale: FAST, storage, config: PROBE });
  await rig.waitFor("online", ONLINE_MS);
});

test.after(async () => {
  await rig?.stop();
});

// The board's own resets come last, in order: each one is a boot the tests below count.
for (const fault of FAULTS.filter((f) => f.id !== "esp32-reboot" && f.id !== "esp32-hang")) {
  test(`fault "${fault.id}": ${fault.label}, then online again`, async () => {
    await runFault(rig, fault.id);
    // Some faults take a moment to be noticed (a lost OK waits for its timeout): give them a
    // little simulated time, then the link must be up again.
    await new Promise((r) => setTimeout(r, rig.time.realMs(2000)));
    await until(() => rig.firmware.online, ONLINE_MS, `online after ${fault.id}`);
  });
}

test("an unknown fault is refused", async () => {
  try {
    await runFault(rig, "meteor");
    assert.unreachable();
  } catch (error) {
    assert.instance(error, UnknownFault);
  }
});

test("ESP32 reset: a new firmware, boot #2, relay restored from NVS, online without a PWRKEY pulse", async () => {
  rig.firmware.setRelay(1);
  // Reset between commands: a reset while QMTPUBEX's payload is owed leaves the module
  // swallowing the new firmware's probe as payload, which ends in a power cycle (see the
  // README's known issues). Under load the post of setRelay was still in flight.
  await until(() => !rig.firmware.modem.engine.busy && rig.firmware.modem.publisher.queue.length === 0, ONLINE_MS, "idle link");
  const pulses: string[] = [];
  rig.events.on("event", (e) => e.type === "modem" && e.state === "powering-on" && pulses.push(e.reason));
  await runFault(rig, "esp32-reboot");
  assert.is(rig.firmware.boot, 2);
  assert.is(rig.relay.level, 1);
  await until(() => rig.firmware.online, ONLINE_MS, "online after the ESP32 reset");
  assert.equal(pulses, [], "the module was still on");
});

test("a power cycle of the whole board (new rig, same NVS): boot #3, relay still on", async () => {
  await rig.stop();
  rig = await createRig({ timeScale: FAST, storage, autoStart: false, config: PROBE });
  const cloud = await rig.connectConsole();
  const posted = cloud.waitFor("propertyPost", (p) => p.params.PowerSwitch_1 === 1, ONLINE_MS);
  rig.start();
  assert.is(rig.firmware.boot, 3);
  assert.is(rig.relay.level, 1);
  await posted;
});

test("ESP32 hang: the task watchdog resets the board after 5 s without a turn; boot #4, relay kept, online again", async () => {
  await until(() => rig.firmware.online && !rig.firmware.modem.engine.busy && rig.firmware.modem.publisher.queue.length === 0, ONLINE_MS, "idle link");
  const hungAt = rig.time.now();
  const reset = rig.waitFor("fault", ONLINE_MS, (e) => e.name === "task-watchdog");
  await runFault(rig, "esp32-hang");
  assert.is(rig.firmware.boot, 3, "the hung firmware");
  const event = await reset;
  // Not sooner than the watchdog's 5 s, in simulated time (a real-time sleep here is a few ms
  // at this scale, which a loaded machine outlasts). The last turn was up to a poll interval
  // (and a scheduling delay) before the fault hit.
  assert.ok(event.at - hungAt >= 4500, `reset ${event.at - hungAt} ms after the hang`);
  assert.is(rig.firmware.boot, 4);
  assert.is(rig.relay.level, 1);
  await until(() => rig.firmware.online, ONLINE_MS, "online after the watchdog reset");
});

test.run();
