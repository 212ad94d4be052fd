import { constant } from "../../at/constant";
import type { Dialect } from "../dialect";
import { EC600S, quectelDialect } from "./dialect";
import { quectelSteps, urcPortStep } from "./steps";

/**
 * The Quectel Cat 1 family and how each model differs from the EC600S, from Quectel's public
 * documents (AT command manuals, hardware designs, release notes). All speak the same QMT
 * dialect (QMTCFG version/recv-mode/keepalive/aliauth, QMTOPEN, QMTCONN, QMTSUB, QMTPUBEX,
 * `+QMTRECV`, `+QMTSTAT`, QIACT/QIDEACT, QPOWD). What differs:
 *
 * | model  | chipset       | URC port (`AT+QURCCFG="urcport"`) | PWRKEY low to power on | MQTT id/user/password |
 * | ------ | ------------- | --------------------------------- | ---------------------- | --------------------- |
 * | EC600S | ASR1601       | `uart1`                           | >= 500 ms              | 64 bytes client id    |
 * | EC200S | ASR1601       | `uart1`                           | >= 500 ms              | 64 bytes client id    |
 * | EC800M | ASR1606       | `uart1`                           | >= 500 ms              | 64 bytes client id    |
 * | EC200U | UNISOC 8910DM | `uart1`                           | >= 2000 ms             | 256 bytes each        |
 * | EG912Y | UNISOC 8910DM | `uart1`                           | >= 2000 ms             | 256 bytes each        |
 *
 * The PWRKEY pulse is the runner's (config `pwrkeyPulseMs`, 600 by default) and comes before
 * the module can be identified: on an EC200U or EG912Y set it to 2000 or more; identification
 * warns when it is shorter. An unknown Quectel model is run as an EC600S, with a warning.
 */
export interface QuectelModel {
  /** As `ATI` prints it on its second line. */
  readonly model: string;
  readonly dialect: Dialect;
  /** The shortest PWRKEY pulse that powers it on. */
  readonly pwrkeyMinMs: number;
}

function entry(name: string, urcPort: string, pwrkeyMinMs: number): QuectelModel {
  return { model: name.toUpperCase(), dialect: quectelDialect(name, quectelSteps(urcPortStep(urcPort))), pwrkeyMinMs: pwrkeyMinMs };
}

export const QUECTEL_MODELS: QuectelModel[] = constant([
  { model: "EC600S", dialect: EC600S, pwrkeyMinMs: 500 },
  entry("ec200s", "uart1", 500),
  entry("ec800m", "uart1", 500),
  entry("ec200u", "uart1", 2000),
  entry("eg912y", "uart1", 2000),
]);

/** The model `ATI` names (its second line, e.g. `EC200U`), or null if it is none of the table's. */
export function quectelModel(name: string): QuectelModel | null {
  for (let i = 0; i < QUECTEL_MODELS.length; i++) if (name.indexOf(QUECTEL_MODELS[i].model) === 0) return QUECTEL_MODELS[i];
  return null;
}
