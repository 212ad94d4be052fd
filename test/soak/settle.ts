/**
 * "After things settle": the link is up, the modem's publish queue is empty and the cloud
 * client holds nothing back, and that stays so for a while (a reply may still be leaving).
 */
import type { Rig } from "../../hosts/node/rig";

export interface Quiet {
  online: boolean;
  queued: number;
  pending: boolean;
}

export function quiet(rig: Rig): Quiet {
  const firmware = rig.firmware;
  return { online: firmware.online, queued: firmware.status().queued, pending: firmware.client.pending };
}

const isQuiet = (q: Quiet): boolean => q.online && q.queued === 0 && !q.pending;

/** Resolves with the last look once quiet for `holdMs` real ms, or when `timeoutMs` runs out. */
export async function settle(rig: Rig, holdMs: number, timeoutMs: number): Promise<Quiet> {
  const end = Date.now() + timeoutMs;
  let since = Date.now();
  for (;;) {
    const look = quiet(rig);
    if (!isQuiet(look)) since = Date.now();
    else if (Date.now() - since >= holdMs) return look;
    if (Date.now() > end) return look;
    await new Promise((r) => setTimeout(r, 5));
  }
}
