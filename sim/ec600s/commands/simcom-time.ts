/**
 * SIMCom's clock: `AT+CTZU` (automatic time and time zone update from the network's NITZ,
 * off after a boot here) and `AT+CCLK?`, the real-time clock in local time with its zone in
 * quarter hours, `+CCLK: "yy/MM/dd,hh:mm:ss±zz"`.
 *
 * Choices where the manuals are silent: the clock follows the network once the module is
 * registered with CTZU on (set before or after registering), and keeps that time after;
 * until then it counts from the module's epoch, `70/01/01,00:00:00+00`.
 */
import { intArg } from "../at-command";
import type { Handler, Module } from "../module";

/** China Standard Time, as a Chinese network's NITZ reports it (quarter hours). */
const ZONE_QUARTERS = 32;

interface Clock {
  ctzu: number;
  synced: boolean;
}

const clocks = new WeakMap<Module["state"], Clock>();

function clockOf(m: Module): Clock {
  let c = clocks.get(m.state);
  if (!c) clocks.set(m.state, (c = { ctzu: 0, synced: false }));
  if (c.ctzu === 1 && m.state.registration.registered) c.synced = true;
  return c;
}

const two = (n: number): string => String(n).padStart(2, "0");

/** `yy/MM/dd,hh:mm:ss±zz`: `utcMs` in the zone `quarters` x 15 minutes east. */
export function cclkTime(utcMs: number, quarters: number): string {
  const d = new Date(utcMs + quarters * 900000);
  const sign = quarters < 0 ? "-" : "+";
  return `${two(d.getUTCFullYear() % 100)}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())},${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}${sign}${two(Math.abs(quarters))}`;
}

const ctzu: Handler = (m, cmd) => {
  if (cmd.form === "read") return m.reply("OK", [`+CTZU: ${clockOf(m).ctzu}`]);
  if (cmd.form === "test") return m.reply("OK", ["+CTZU: (0,1)"]);
  const value = cmd.form === "set" && cmd.args.length === 1 ? intArg(cmd, 0, 0, 1) : undefined;
  if (value === undefined) return m.fail();
  clockOf(m).ctzu = value;
  m.reply("OK");
};

const cclk: Handler = (m, cmd) => {
  if (cmd.form === "test") return m.reply("OK");
  if (cmd.form !== "read") return m.fail();
  const time = clockOf(m).synced ? cclkTime(m.options.clock(), ZONE_QUARTERS) : "70/01/01,00:00:00+00";
  m.reply("OK", [`+CCLK: "${time}"`]);
};

export const simcomTimeCommands: Record<string, Handler> = {
  "+CTZU": ctzu,
  "+CCLK": cclk,
};
