import { constant } from "../../at/constant";
import type { Dialect } from "../dialect";
import { EC600S, EC600S_CLIENT_ID_MAX, quectelDialect } from "./dialect";
import { connectStep, quectelSteps, urcPortStep } from "./steps";

/**
 * The Quectel Cat 1 family and how each model differs from the EC600S. All speak the same
 * QMT dialect (QMTCFG version/recv-mode/keepalive/aliauth, QMTOPEN, QMTCONN, QMTSUB,
 * QMTPUBEX, `+QMTRECV`, `+QMTSTAT`, QIACT/QIDEACT, QPOWD). What each row applies:
 *
 * | model  | URC port | PWRKEY low to power on | QMTCONN client id | user name, password |
 * | ------ | -------- | ---------------------- | ----------------- | ------------------- |
 * | EC600S | `uart1`  | 500 ms                 | 128 bytes (ours)  | 256 bytes (ours)    |
 * | EC200S | `uart1`  | 500 ms                 | 128 bytes (ours)  | 256 bytes (ours)    |
 * | EC800M | `uart1`  | 500 ms                 | 128 bytes (ours)  | 256 bytes (ours)    |
 * | EC200U | `uart1`  | 2000 ms                | 256 bytes         | 256 bytes           |
 * | EG912Y | `uart1`  | 2000 ms                | 128 bytes (ours)  | 256 bytes (ours)    |
 *
 * Where the facts come from, and how sure they are:
 * - EC600S: the seed session (test/fixtures/seed-ec600s-aliyun.html.txt), a real EC600S: QMTCFG "version",
 *   "recv/mode" 0,0,1 and "aliauth", QMTPUBEX with a length and a `>` prompt.
 * - EC800M: a public EC800M-to-Aliyun walkthrough (missing-shell/E53_Cat1, README) shows
 *   the same: `recv/mode` 0,0,1, `aliauth`, and `AT+QMTPUBEX=?` answering
 *   `(0-5),<msgid>,(0-2),(0,1),"topic","length"` (no length range given).
 * - EC200U: Quectel's release notes for EC200UCNAAR03A14M08 (as transcribed in the public
 *   MISTERNEGATIVE21/QuectelEC200U library, src/new.txt): PWRKEY held low 2000 ms (and
 *   2000 ms after VBAT before it), and QMTCONN's client id, user name and password up to
 *   256 bytes each.
 * - `uart1`: the value `AT+QURCCFG=?` lists beside "usbat"/"usbmodem"/"all" on the EC2x /
 *   EC200 line (Quectel's EC20/EC200 usage notes, public EC200 drivers); the setting is kept
 *   in NVRAM. The URC port of each model here is that one name: no model was found to differ.
 * Not confirmed (the EC600S's behaviour is kept): the EC200S's, EC800M's and EG912Y's PWRKEY
 * times and login limits, the EC600S's own login limits (EG912Y's 2000 ms is an assumption from its UNISOC-based siblings,
 * kept because a longer pulse is harmless), per-model QMTCFG option support beyond the
 * above, maximum topic and payload lengths, QMTPUBEX limits, and HTTP/SSL availability.
 *
 * The PWRKEY pulse comes before the module can be identified: the first one is config
 * `pwrkeyPulseMs`; once a model is identified the runner warns if that is short and pulses
 * at least the model's minimum from then on. An unknown Quectel model runs as an EC600S,
 * with a warning.
 */
export interface QuectelModel {
  /** As `ATI` prints it on its second line. */
  readonly model: string;
  readonly dialect: Dialect;
  /** The shortest PWRKEY pulse that powers it on. */
  readonly pwrkeyMinMs: number;
  /** Longest client id in `AT+QMTCONN` (without aliauth; user name and password: 256). */
  readonly clientIdMax: number;
}

function entry(name: string, urcPort: string, pwrkeyMinMs: number, clientIdMax: number): QuectelModel {
  return {
    model: name.toUpperCase(),
    dialect: quectelDialect(name, quectelSteps(urcPortStep(urcPort), connectStep(clientIdMax))),
    pwrkeyMinMs: pwrkeyMinMs,
    clientIdMax: clientIdMax,
  };
}

export const QUECTEL_MODELS: QuectelModel[] = constant([
  { model: "EC600S", dialect: EC600S, pwrkeyMinMs: 500, clientIdMax: EC600S_CLIENT_ID_MAX },
  entry("ec200s", "uart1", 500, EC600S_CLIENT_ID_MAX),
  entry("ec800m", "uart1", 500, EC600S_CLIENT_ID_MAX),
  entry("ec200u", "uart1", 2000, 256),
  entry("eg912y", "uart1", 2000, EC600S_CLIENT_ID_MAX),
]);

/** The model `ATI` names (its second line, e.g. `EC200U`), or null if it is none of the table's. */
export function quectelModel(name: string): QuectelModel | null {
  for (let i = 0; i < QUECTEL_MODELS.length; i++) if (name.indexOf(QUECTEL_MODELS[i].model) === 0) return QUECTEL_MODELS[i];
  return null;
}

/** The model whose dialect is `dialect` (config `modem=ec200u`...), or null. */
export function quectelModelOf(dialect: Dialect): QuectelModel | null {
  for (let i = 0; i < QUECTEL_MODELS.length; i++) if (QUECTEL_MODELS[i].dialect === dialect) return QUECTEL_MODELS[i];
  return null;
}
