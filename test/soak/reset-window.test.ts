/**
 * The one window the fault run steps around on purpose: an ESP32 reset in the poll between a
 * cloud set switching the relay and the relay's NVS write (relay.ts saves from poll(), to keep
 * flash erases out of the UART turn). The reset undoes the switch and loses the queued
 * set_reply; the careful cloud's retry applies the same id again. Nothing is left wrong (the
 * cloud never saw a 200 before the retry, and the device reports the state it really has),
 * but the coil moves three times for one id. This pins that behaviour down so a change to it
 * is a decision, not an accident.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createRig, type Rig } from "../../hosts/node/rig";
import type { CloudConsole } from "../../sim/broker";
import { CarefulCloud } from "./careful-cloud";
import { RelayLedger } from "./relay-ledger";

const SCALE = 0.05;
let rig: Rig;
let watcher: CloudConsole;

test.before(async () => {
  rig = await createRig({ timeScale: SCALE });
  await rig.waitFor("online", 20000);
  watcher = await rig.connectConsole();
});

test.after(async () => {
  await rig?.stop();
});

test("a reset right after a cloud switch: reverted from NVS, reported, re-applied by the retry", async () => {
  const ledger = new RelayLedger(rig.relay);
  const pins: number[] = [];
  rig.events.on("event", (e) => {
    if (e.type !== "relay" || e.source !== "cloud" || pins.length > 0) return;
    pins.push(rig.relay.level);
    // Right after the UART turn that switched the relay: before the next poll saves it.
    queueMicrotask(() => rig.rebootFirmware());
  });
  const truthful = watcher.waitFor("propertyPost", (p) => p.params.PowerSwitch_1 === 0, 20000);
  const cloud = new CarefulCloud(rig, rig.time.realMs(6000), 20);
  ledger.begin("window", 1);
  const outcome = await cloud.command("window", 1);
  ledger.end();
  await cloud.close();
  await truthful;
  assert.is(outcome.code, 200);
  assert.ok(outcome.attempts >= 2, "the first set_reply died with the reset");
  assert.is(rig.relay.level, 1);
  assert.equal(pins, [1]);
  assert.is(ledger.entries[0].changes, 3, "on (set), off (reset restores NVS), on (retry)");
});

test.run();
