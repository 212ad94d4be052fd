/**
 * Updates over the air end to end: firmware + simulated EC600S (its HTTP client serving
 * images from SimFiles, with faults) + the embedded Aliyun-compatible broker, from the cloud's
 * upgrade message to the restart into the new version; and every kind of bad image refused
 * with Aliyun's step code while the old firmware keeps answering sets.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createRig, type Rig } from "../../hosts/node/rig";
import type { CloudConsole } from "../../sim/broker";
import { SimFiles, type FileFault } from "../../sim/ota/files";
import { nextVersion, pushUpdate } from "../../hosts/node/ota-push";
import { runFault } from "../../hosts/node/faults";
import { ONLINE_MS, SCALE, STEP_MS, until } from "./helpers";
import { E2E_CONFIG, NO_JITTER } from "./scenario";

const IMAGE_BYTES = 24 * 1024;
/** 24 KB at the simulated UART's ~11 bytes/ms is about 2.2 s simulated, 0.11 s real. */
const DOWNLOAD_MS = 3 * STEP_MS;

interface OtaRig {
  rig: Rig;
  cloud: CloudConsole;
  files: SimFiles;
  dir: string;
  progress: Array<{ step: number; desc: string }>;
  informs: string[];
}

async function otaRig(config: Record<string, unknown> = {}): Promise<OtaRig> {
  const files = new SimFiles();
  const dir = mkdtempSync(join(tmpdir(), "cat1-ota-"));
  const rig = await createRig({ timeScale: SCALE, config: { ...E2E_CONFIG, ...config }, random: NO_JITTER, otaDir: dir, simulator: { files } });
  const cloud = await rig.connectConsole();
  const progress: Array<{ step: number; desc: string }> = [];
  const informs: string[] = [];
  const { productKey: pk, deviceName: dn } = rig.device;
  await cloud.mqtt.subscribeAsync([`/ota/device/progress/${pk}/${dn}`, `/ota/device/inform/${pk}/${dn}`]);
  cloud.mqtt.on("message", (topic, payload) => {
    const params = JSON.parse(payload.toString()).params;
    if (topic.startsWith("/ota/device/progress/")) progress.push({ step: Number(params.step), desc: params.desc });
    else if (topic.startsWith("/ota/device/inform/")) informs.push(params.version);
  });
  if (!rig.firmware.online) await rig.waitFor("online", ONLINE_MS);
  await until(() => rig.firmware.otaReady, STEP_MS, "the upgrade topic subscribed");
  return { rig, cloud, files, dir, progress, informs };
}

async function close(t: OtaRig): Promise<void> {
  await t.cloud.close().catch(() => undefined);
  await t.rig.stop();
  rmSync(t.dir, { recursive: true, force: true });
}

function offer(t: OtaRig, url: string, image: Uint8Array, overrides: Record<string, unknown> = {}): Promise<void> {
  const md5 = createHash("md5").update(image).digest("hex");
  const data = { size: image.length, version: "1.1.0", url, signMethod: "Md5", sign: md5, md5, isDiff: 0, ...overrides };
  const { productKey: pk, deviceName: dn } = t.rig.device;
  return t.cloud.publish(`/ota/device/upgrade/${pk}/${dn}`, JSON.stringify({ code: "1000", data, id: Date.now(), message: "success" }), 1);
}

/** The old firmware still switches on a set from the cloud. */
async function stillAnswersSets(t: OtaRig): Promise<void> {
  const before = t.rig.relay.level;
  await t.cloud.setProperty(t.rig.device.productKey, t.rig.device.deviceName, { PowerSwitch_1: before === 1 ? 0 : 1 });
  await until(() => t.rig.relay.level !== before, STEP_MS, "the relay switched by a set after the refused update");
}

test("an update is downloaded, verified, written, and the unit restarts into it and reports 1.1.0", async () => {
  const t = await otaRig();
  try {
    const image = new Uint8Array(randomBytes(IMAGE_BYTES));
    const url = t.files.put("fw-1.1.0.bin", image);
    const relay = t.rig.relay.level;
    const boot = t.rig.waitFor("firmware-boot", DOWNLOAD_MS);
    await offer(t, url, image);
    await boot;
    await until(() => t.rig.firmware.online && t.informs.includes("1.1.0"), ONLINE_MS, "the new version informed");
    assert.is(t.rig.firmware.status().ota.version, "1.1.0");
    assert.ok(existsSync(join(t.dir, "firmware-1.1.0.bin")));
    assert.equal(t.progress.filter((p) => p.step === 100).length, 1, JSON.stringify(t.progress));
    assert.ok(t.progress.some((p) => p.step > 0 && p.step < 100), "progress on the way");
    assert.ok(t.progress.every((p) => p.step > 0), JSON.stringify(t.progress));
    assert.is(t.rig.relay.level, relay, "the relay never changed");
  } finally {
    await close(t);
  }
});

/** A bad image: refused with `step`, the old firmware keeps running and answering sets. */
async function refused(name: string, fault: FileFault, step: number, overrides: Record<string, unknown> = {}, image = new Uint8Array(randomBytes(IMAGE_BYTES))): Promise<void> {
  const t = await otaRig();
  try {
    const url = t.files.put(`fw-${name}.bin`, image, fault);
    const relay = t.rig.relay.level;
    const boots: unknown[] = [];
    t.rig.events.on("event", (e) => e.type === "firmware-boot" && boots.push(e));
    await offer(t, url, image, overrides);
    await until(() => t.progress.some((p) => p.step < 0), DOWNLOAD_MS * 3, `${name}: a failure reported`);
    const failure = t.progress.find((p) => p.step < 0)!;
    assert.is(failure.step, step, `${name}: ${failure.desc}`);
    assert.is(t.rig.firmware.status().ota.state, "failed");
    assert.is(t.rig.firmware.status().ota.version, "1.0.0");
    assert.equal(boots, [], `${name}: no restart`);
    assert.is(t.rig.relay.level, relay, `${name}: the relay never changed`);
    assert.not.ok(existsSync(join(t.dir, "firmware-1.1.0.bin")));
    await stillAnswersSets(t);
  } finally {
    await close(t);
  }
}

test("wrong digest: -3 (verification failed), the old firmware stays", () => refused("digest", "none", -3, { sign: "0".repeat(32), md5: "0".repeat(32) }));
test("HTTP 404: -2 (download failed)", () => refused("missing", "not-found", -2));
test("the server cuts the image short every time: -2 after three attempts", () => refused("cut", "cut", -2));
test("larger than the update partition: -1, nothing downloaded", () => refused("huge", "none", -1, { size: 4 * 1024 * 1024 }));
test("the server sends another length than offered: -2", () => refused("length", "none", -2, { size: IMAGE_BYTES - 1 }));

test("a link drop mid-download is survived: the download starts again and the update goes through", async () => {
  const t = await otaRig();
  try {
    const image = new Uint8Array(randomBytes(IMAGE_BYTES));
    const url = t.files.put("fw-drop.bin", image, "drop-once");
    const boot = t.rig.waitFor("firmware-boot", DOWNLOAD_MS * 3);
    await offer(t, url, image);
    await boot;
    assert.is(t.files.file(url)!.fetches, 2);
    await until(() => t.rig.firmware.online && t.informs.includes("1.1.0"), ONLINE_MS, "the new version informed");
  } finally {
    await close(t);
  }
});

test("the console's update buttons: a good push installs the next version, a wrong digest is refused", async () => {
  const t = await otaRig();
  try {
    assert.is(nextVersion("1.0.9"), "1.0.10");
    const boot = t.rig.waitFor("firmware-boot", DOWNLOAD_MS * 3);
    await runFault(t.rig, "ota-good");
    await boot;
    await until(() => t.rig.firmware.online && t.informs.includes("1.0.1"), ONLINE_MS, "1.0.1 informed");
    await until(() => t.rig.firmware.otaReady, STEP_MS, "subscribed again");
    await pushUpdate(t.rig, "bad-digest");
    await until(() => t.progress.some((p) => p.step === -3), DOWNLOAD_MS * 3, "the wrong digest refused");
    assert.is(t.rig.firmware.status().ota.version, "1.0.1");
    assert.match(t.rig.firmware.status().ota.error, /md5 is [0-9a-f]{32}, the offer says/);
  } finally {
    await close(t);
  }
});

test("an image that never gets online is rolled back after its trial window, and the old one reports it", async () => {
  const t = await otaRig({ otaTrialMs: 60000 });
  try {
    const booted = t.rig.waitFor("firmware-boot", DOWNLOAD_MS * 3);
    await pushUpdate(t.rig, "broken");
    await booted;
    assert.is(t.rig.firmware.status().ota.version, "1.0.1", "the new image runs");
    // It never gets online; at the window's end the previous image comes back.
    await t.rig.waitFor("firmware-boot", 60000 * SCALE + ONLINE_MS);
    await until(() => t.rig.firmware.online && t.progress.some((p) => p.step === -1 && /rolled back from 1.0.1/.test(p.desc)), ONLINE_MS, "the rollback reported");
    assert.is(t.rig.firmware.status().ota.version, "1.0.0");
    assert.ok(t.informs.filter((v) => v === "1.0.0").length >= 2, JSON.stringify(t.informs));
    await stillAnswersSets(t);
  } finally {
    await close(t);
  }
});

test.run();
