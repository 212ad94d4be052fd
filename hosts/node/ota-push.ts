/**
 * Updates pushed from the console, as Aliyun's OTA service would push them: an image put on
 * the simulated module's HTTP server (sim/ota/files.ts) with a fault, and the upgrade
 * message published on the device's `/ota/device/upgrade` topic.
 */
import { createHash } from "node:crypto";
import type { FileFault } from "../../sim/ota/files";
import { BROKEN_MARK } from "./firmware-file";
import type { Rig } from "./rig";

/** What a push sends: an image the firmware must take, or one of the kinds it must refuse. */
export type UpdateKind = "good" | "bad-digest" | "not-found" | "cut" | "drop-once" | "too-large" | "broken";

export const UPDATE_KINDS: UpdateKind[] = ["good", "bad-digest", "not-found", "cut", "drop-once", "too-large", "broken"];

const IMAGE_BYTES = 64 * 1024;
const FAULT_OF: Record<UpdateKind, FileFault> = { good: "none", "bad-digest": "none", "not-found": "not-found", cut: "cut", "drop-once": "drop-once", "too-large": "none", broken: "none" };

/** The next patch version after `version` ("1.0.0" -> "1.0.1"; anything else gets ".1"). */
export function nextVersion(version: string): string {
  const m = /^(.*?)(\d+)$/.exec(version);
  return m ? `${m[1]}${Number(m[2]) + 1}` : `${version}.1`;
}

/** A deterministic image for `version` (its bytes depend on the version alone). */
export function demoImage(version: string, bytes = IMAGE_BYTES): Uint8Array {
  const image = new Uint8Array(bytes);
  let seed = createHash("sha256").update(version).digest().readUInt32LE(0) || 1;
  for (let i = 0; i < bytes; i++) {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    image[i] = seed & 255;
  }
  return image;
}

/** Put an image of the next version on the module's HTTP server and offer it; returns the version. */
export async function pushUpdate(rig: Rig, kind: UpdateKind): Promise<string> {
  if (rig.device.productKey === "" || rig.device.deviceName === "") throw new Error("updates over the air are Aliyun's (this rig's cloud has no OTA topics)");
  const version = nextVersion(rig.firmware.status().ota.version);
  const image = demoImage(version);
  // A good download of an image that will not work: the PC host boots it as never getting online.
  if (kind === "broken") image.set(Buffer.from(BROKEN_MARK, "latin1"), 0);
  const url = rig.files.put(`fw-${version}-${kind}.bin`, image, FAULT_OF[kind]);
  const md5 = createHash("md5").update(kind === "bad-digest" ? "not the image" : image).digest("hex");
  const size = kind === "too-large" ? 16 * 1024 * 1024 : image.length;
  const data = { size, version, url, signMethod: "Md5", sign: md5, md5, isDiff: 0 };
  const { productKey: pk, deviceName: dn } = rig.device;
  const cloud = await rig.connectConsole();
  try {
    await cloud.publish(`/ota/device/upgrade/${pk}/${dn}`, JSON.stringify({ code: "1000", data, id: Date.now(), message: "success" }), 1);
  } finally {
    await cloud.close();
  }
  rig.emit({ type: "fault", name: `ota-${kind}`, detail: `offered ${version} (${kind})` });
  return version;
}
