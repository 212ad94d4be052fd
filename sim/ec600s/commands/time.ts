/** Network time: `AT+QLTS` (Quectel), from the options' wall clock once registered. */
import { intArg } from "../at-command";
import type { Handler } from "../module";

/** China Standard Time, as a Chinese network's NITZ reports it (quarter hours). */
const ZONE_QUARTERS = 32;

const two = (n: number): string => String(n).padStart(2, "0");

/** `yyyy/MM/dd,hh:mm:ss+zz,0` for `ms` shifted by `quarters` x 15 minutes. */
export function qltsTime(ms: number, quarters: number): string {
  const d = new Date(ms + quarters * 900000);
  const sign = quarters < 0 ? "-" : "+";
  return `${d.getUTCFullYear()}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())},${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}${sign}${two(Math.abs(quarters))},0`;
}

/**
 * QLTS (mode 0, the time last synced, here the current one), QLTS=1 (UTC now) and QLTS=2
 * (local now). Before registration the module has heard no network time: an empty string.
 */
const qlts: Handler = (m, cmd) => {
  const mode = cmd.form === "exec" ? 0 : cmd.form === "set" ? intArg(cmd, 0, 0, 2) : undefined;
  if (mode === undefined) return cmd.form === "test" ? m.reply("OK", ["+QLTS: (0-2)"]) : m.fail();
  if (!m.state.registration.registered) return m.reply("OK", ['+QLTS: ""']);
  const now = m.options.clock();
  m.reply("OK", [`+QLTS: "${mode === 2 ? qltsTime(now, ZONE_QUARTERS) : qltsTime(now, 0).replace(/[+-]\d\d,0$/, `+${ZONE_QUARTERS},0`)}"`]);
};

export const timeCommands: Record<string, Handler> = {
  "+QLTS": qlts,
};
