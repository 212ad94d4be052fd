/**
 * The fleet's device triples: one product, numbered device names, secrets derived from the
 * seed (made up: the embedded broker is told them; an external broker does not check them).
 */
import { createHash } from "node:crypto";
import type { DeviceTriple } from "../../sim/aliyun";

export const FLEET_PRODUCT_KEY = "a1Cat1Fleet";

export function fleetDevices(count: number, seed: number): DeviceTriple[] {
  const width = Math.max(4, String(count).length);
  return Array.from({ length: count }, (_, i) => {
    const deviceName = "switch-" + String(i + 1).padStart(width, "0");
    const deviceSecret = createHash("sha256").update(`${seed}/${deviceName}`).digest("hex").slice(0, 32);
    return { productKey: FLEET_PRODUCT_KEY, deviceName, deviceSecret };
  });
}
