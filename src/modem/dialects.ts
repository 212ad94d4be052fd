import { startsWith } from "../at/bytes";
import type { Urc } from "../at/command";
import { constant } from "../at/constant";
import type { Dialect, DialectEnv } from "./dialect";
import { EC600S } from "./quectel/dialect";
import { QUECTEL_MODELS } from "./quectel/models";
import { A7670 } from "./simcom/dialect";

/**
 * Every dialect the firmware carries; the first is the default. A new module adds one line
 * here (and its folder).
 */
export const DIALECTS: Dialect[] = constant([
  EC600S,
  QUECTEL_MODELS[1].dialect,
  QUECTEL_MODELS[2].dialect,
  QUECTEL_MODELS[3].dialect,
  QUECTEL_MODELS[4].dialect,
  A7670,
]);

/** `modem=auto` (the default): the module is identified by `ATI` at boot (identify.ts). */
export const MODEM_AUTO = "auto";

/** What the `modem` config key may say (a test keeps it in step with DIALECTS). */
export const MODEM_NAMES: string[] = constant(["ec600s", "ec200s", "ec800m", "ec200u", "eg912y", "a7670", MODEM_AUTO]);

/** The dialect the `modem` config key names, or null. */
export function dialectNamed(name: string): Dialect | null {
  for (let i = 0; i < DIALECTS.length; i++) if (DIALECTS[i].name === name) return DIALECTS[i];
  return null;
}

/**
 * Every dialect's URCs, the first of each prefix: the table of a runner that has not
 * identified its module yet (`modem=auto`), so that any module's boot line is heard.
 */
export function everyDialectsUrcs(env: DialectEnv): Urc[] {
  const table: Urc[] = [];
  for (let d = 0; d < DIALECTS.length; d++) {
    const urcs = DIALECTS[d].urcs(env);
    for (let i = 0; i < urcs.length; i++) if (!heardAlready(table, urcs[i].prefix)) table.push(urcs[i]);
  }
  return table;
}

/** The engine hands a line to the first URC whose prefix starts it: one after such a prefix is never reached. */
function heardAlready(table: Urc[], prefix: Uint8Array): boolean {
  for (let i = 0; i < table.length; i++) if (startsWith(prefix, 0, prefix.length, table[i].prefix)) return true;
  return false;
}
