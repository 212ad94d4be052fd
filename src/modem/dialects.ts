import { constant } from "../at/constant";
import type { Dialect } from "./dialect";
import { EC600S } from "./quectel/dialect";
import { A7670 } from "./simcom/dialect";

/** Every dialect the firmware carries; the first is the default. A new module adds one line. */
export const DIALECTS: Dialect[] = constant([EC600S, A7670]);

/** What the `modem` config key may say (a test keeps it in step with DIALECTS). */
export const MODEM_NAMES: string[] = constant(["ec600s", "a7670"]);

/** The dialect the `modem` config key names, or null. */
export function dialectNamed(name: string): Dialect | null {
  for (let i = 0; i < DIALECTS.length; i++) if (DIALECTS[i].name === name) return DIALECTS[i];
  return null;
}
