import { contains, startsWithText } from "../at/text";
import type { Dialect } from "./dialect";
import { EC600S } from "./quectel/dialect";
import { quectelModel, quectelModelOf } from "./quectel/models";
import { A7670 } from "./simcom/dialect";

/** What `ATI` said, and what the runner makes of it. */
export interface Identity {
  /** `EC200U`, `A7670C-LASE`..., or "" before identification. */
  model: string;
  /** The firmware revision, or "". */
  revision: string;
  /** `AT+CGSN`'s serial number, read only when asked for (ModemOptions.readImei), else "". */
  imei: string;
}

/** The outcome of identification: the dialect to run, and a warning line ("" for none). */
export interface Identified {
  dialect: Dialect;
  warning: string;
}

const REVISION = "Revision: ";
const MODEL = "Model: ";
/** The SIMCom models the CMQTT dialect was written for (A7670C/E/G/SA..., A7600, A7608). */
const SIMCOM_A76 = "A76";

/**
 * Reads `ATI` into `id` and picks the dialect. Quectel answers `Quectel` / `<model>` /
 * `Revision: <rev>`; SIMCom `Manufacturer: SIMCOM INCORPORATED` / `Model: <model>` /
 * `Revision: <rev>` (then `IMEI:`, `+GCAP:`). A Quectel model not in models.ts runs as an
 * EC600S, with a warning. A SIMCom module runs the A7670's CMQTT dialect; one outside the
 * A76xx series (a SIM7600, a SIM7670) with a warning, since its CMQTT set was not checked.
 * Anything else (another maker, no answer) runs as an EC600S with a warning: its command
 * set is unknown, and the EC600S's is the commonest of the Cat 1 modules.
 */
export function identify(lines: string[], id: Identity, pwrkeyPulseMs: number): Identified {
  const simcom = readAti(lines, id);
  const model = id.model || "(no model in ATI)";
  if (simcom) return { dialect: A7670, warning: startsWithText(id.model, SIMCOM_A76) ? "" : "SIMCom " + model + ": run as an A7670" };
  const known = quectelModel(id.model);
  if (known === null) return { dialect: EC600S, warning: (lines[0] === "Quectel" ? "unknown Quectel " : "unknown module ") + model + ": run as an EC600S" };
  const short = pwrkeyPulseMs < known.pwrkeyMinMs;
  return { dialect: known.dialect, warning: short ? id.model + " needs a PWRKEY pulse of " + known.pwrkeyMinMs + " ms; pwrkeyPulseMs is " + pwrkeyPulseMs + ": pulsing " + known.pwrkeyMinMs + " ms from now on" : "" };
}

/** The PWRKEY pulse to give a module of `dialect`: the config's, or the model's minimum if that is longer. */
export function pwrkeyPulseFor(dialect: Dialect, pwrkeyPulseMs: number): number {
  const model = quectelModelOf(dialect);
  return model !== null ? Math.max(model.pwrkeyMinMs, pwrkeyPulseMs) : pwrkeyPulseMs;
}

/**
 * Model and revision into `id`; true if the module is a SIMCom: its maker line says so, or
 * (that line damaged on the UART) its model is one of SIMCom's (A76xx, SIM7xxx).
 */
function readAti(lines: string[], id: Identity): boolean {
  id.model = "";
  id.revision = "";
  let simcom = false;
  // Stryker disable next-line StringLiteral: only "Quectel" before a line matters, and the first line has none
  let previous = "";
  for (let i = 0; i < lines.length; i++) {
    readLine(lines[i], previous, id);
    if (contains(lines[i], "SIMCOM")) simcom = true;
    previous = lines[i];
  }
  return simcom || simcomModel(id.model);
}

/** `Revision: `, SIMCom's `Model: `, or the line after Quectel's `Quectel`. */
function readLine(line: string, previous: string, id: Identity): void {
  if (startsWithText(line, REVISION)) id.revision = line.slice(REVISION.length);
  else if (startsWithText(line, MODEL)) id.model = line.slice(MODEL.length);
  else if (previous === "Quectel" && id.model === "") id.model = line;
}

/** A76xx, or SIM7xxx (`SIMCOM_SIM7600E-H` is caught by its maker line too). */
function simcomModel(model: string): boolean {
  return startsWithText(model, SIMCOM_A76) || startsWithText(model, "SIM");
}
