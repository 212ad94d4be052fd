/** Every AT command the simulated EC600S knows; anything else answers ERROR. */
import type { Handler } from "../module";
import { basicCommands } from "./basic";
import { httpCommands } from "./http";
import { pdpCommands } from "./pdp";
import { fileCommands } from "./qfile";
import { messageCommands } from "./qmt-messages";
import { sessionCommands } from "./qmt-session";
import { qmtcfg } from "./qmtcfg";
import { registrationCommands } from "./registration";
import { timeCommands } from "./time";

export const EC600S_COMMANDS: Record<string, Handler> = {
  ...basicCommands,
  ...registrationCommands,
  ...pdpCommands,
  "+QMTCFG": qmtcfg,
  ...sessionCommands,
  ...messageCommands,
  ...timeCommands,
  ...fileCommands,
  ...httpCommands,
};
