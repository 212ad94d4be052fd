import { constant } from "../at/constant";
import type { Dialect } from "./dialect";
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

/** `modem=auto`: a Quectel module, identified by `ATI` at boot (identify.ts). */
export const MODEM_AUTO = "auto";

/** What the `modem` config key may say (a test keeps it in step with DIALECTS). */
export const MODEM_NAMES: string[] = constant(["ec600s", "ec200s", "ec800m", "ec200u", "eg912y", "a7670", MODEM_AUTO]);

/** The dialect the `modem` config key names, or null. */
export function dialectNamed(name: string): Dialect | null {
  for (let i = 0; i < DIALECTS.length; i++) if (DIALECTS[i].name === name) return DIALECTS[i];
  return null;
}
