/**
 * One image for every unit, on the PC host: a rig whose build carries no identity waits
 * quietly (no byte to the module, no login at the broker), is provisioned over the serial
 * console, comes online against the embedded broker, and keeps its identity in the NVS file
 * across a power cycle.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { DEMO_DEVICE } from "../../hosts/node/demo-device";
import { createRig, type Rig } from "../../hosts/node/rig";
import { JsonFileStorage } from "../../hosts/node/storage";
import { ONLINE_MS, SCALE, until } from "./helpers";

const dir = mkdtempSync(join(tmpdir(), "provision-"));
const path = join(dir, "nvs.json");
let rig: Rig | undefined;
const said: string[] = [];

test.after(async () => {
  await rig?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test("a unit with no identity waits quietly: no AT command, no login", async () => {
  const trace: string[] = [];
  rig = await createRig({ timeScale: SCALE, storage: new JsonFileStorage(path), provisioned: false, consoleOut: (l) => said.push(l), trace: (l) => trace.push(l) });
  await new Promise((r) => setTimeout(r, rig!.time.realMs(20000)));
  assert.is(rig.unit.state, "unprovisioned");
  assert.equal(trace.filter((l) => l.indexOf("[TX]") >= 0), [], "nothing sent to the module");
  assert.is(rig.broker!.isOnline(DEMO_DEVICE.productKey, DEMO_DEVICE.deviceName), false);
  rig.consoleInput("status\r\n");
  assert.match(said.join("\n"), /state unprovisioned[\s\S]*no device identity, waiting for provisioning on the console: productKey is required/);
});

test("provisioned over the serial console: online at the embedded broker; the secret never echoed", async () => {
  said.length = 0;
  rig!.consoleInput(`set productKey ${DEMO_DEVICE.productKey}\nset deviceName ${DEMO_DEVICE.deviceName}\nset deviceSecret ${DEMO_DEVICE.deviceSecret}\n`);
  assert.ok(said.indexOf("provisioned: starting") >= 0, said.join("\n"));
  assert.ok(said.join("\n").indexOf(DEMO_DEVICE.deviceSecret) < 0);
  await until(() => rig!.unit.state === "online", ONLINE_MS, "online after provisioning");
  await until(() => rig!.broker!.isOnline(DEMO_DEVICE.productKey, DEMO_DEVICE.deviceName), ONLINE_MS, "logged in at the broker");
  const file = JSON.parse(readFileSync(path, "utf8")) as { settings: Record<string, string> };
  assert.equal(file.settings, { productKey: DEMO_DEVICE.productKey, deviceName: DEMO_DEVICE.deviceName, deviceSecret: DEMO_DEVICE.deviceSecret });
});

test("a power cycle (new rig, the same NVS file): online with no console at all", async () => {
  await rig!.stop();
  rig = await createRig({ timeScale: SCALE, storage: new JsonFileStorage(path), provisioned: false });
  await rig.waitFor("online", ONLINE_MS);
  assert.is(rig.unit.state, "online");
});

test.run();
