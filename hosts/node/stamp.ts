/** Timestamps for log and trace lines. */
import type { Clock } from "../../src/hal";

export type Stamp = () => string;

/** `00:01:02.345`: simulated time since start (what the firmware's timeouts count). */
export function elapsedStamp(clock: Clock): Stamp {
  return () => clockText(clock.now());
}

/** `14:03:07.120` local wall time: for a real modem, to line up with cloud-side logs. */
export function wallStamp(): Stamp {
  return () => {
    const d = new Date();
    return clockText((d.getHours() * 3600 + d.getMinutes() * 60 + d.getSeconds()) * 1000 + d.getMilliseconds());
  };
}

export function clockText(ms: number): string {
  const total = Math.max(0, Math.floor(ms));
  const pad = (n: number, width = 2): string => String(n).padStart(width, "0");
  const h = Math.floor(total / 3600000);
  const m = Math.floor(total / 60000) % 60;
  const s = Math.floor(total / 1000) % 60;
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(total % 1000, 3)}`;
}
