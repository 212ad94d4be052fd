import type { Dialect } from "./dialect";
import { EC600S } from "./quectel/dialect";
import { quectelModel } from "./quectel/models";

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
  dialect: Dialect | null;
  warning: string;
}

const REVISION = "Revision: ";
const MODEL = "Model: ";

/**
 * Reads `ATI` (`Quectel` / `<model>` / `Revision: <rev>`; SIMCom: `Manufacturer: SIMCOM
 * INCORPORATED` / `Model: <model>` / `Revision: <rev>`) into `id`. A Quectel model not in
 * the table runs as an EC600S with a warning. A SIMCom module needs `modem=a7670`: its URCs
 * and message framing are not the ones the runner was built with, so it is refused (null).
 */
export function identify(lines: string[], id: Identity, pwrkeyPulseMs: number): Identified {
  const simcom = readAti(lines, id);
  if (simcom) return { dialect: null, warning: "a SIMCom " + id.model + ": set modem=a7670" };
  const known = quectelModel(id.model);
  if (known === null) return { dialect: EC600S, warning: "unknown module " + (id.model || "(no model in ATI)") + ": run as an EC600S" };
  const short = pwrkeyPulseMs < known.pwrkeyMinMs;
  return { dialect: known.dialect, warning: short ? id.model + " needs a PWRKEY pulse of " + known.pwrkeyMinMs + " ms; pwrkeyPulseMs is " + pwrkeyPulseMs : "" };
}

/** Model and revision into `id`; true if the manufacturer is SIMCom. */
function readAti(lines: string[], id: Identity): boolean {
  id.model = "";
  id.revision = "";
  let simcom = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.indexOf(REVISION) === 0) id.revision = line.slice(REVISION.length);
    else if (line.indexOf(MODEL) === 0) id.model = line.slice(MODEL.length);
    else if (line.indexOf("SIMCOM") >= 0) simcom = true;
    else if (i > 0 && lines[i - 1] === "Quectel" && id.model === "") id.model = line;
  }
  return simcom;
}
