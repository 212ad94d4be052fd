/** The two modules the simulator can be (personality.ts). */
import { EC600S_COMMANDS } from "./commands";
import { basicCommands } from "./commands/basic";
import { cmqttCommands, cmqttMessage } from "./commands/cmqtt";
import { registrationCommands } from "./commands/registration";
import { simcomTimeCommands } from "./commands/simcom-time";
import { simcomSslCommands } from "./commands/simcom-ssl";
import type { ModuleModel, Personality } from "./personality";
import { deliverMessage } from "./qmt-recv";

export const EC600S: Personality = {
  model: "ec600s",
  commands: EC600S_COMMANDS,
  info: ["Quectel", "EC600S", "Revision: EC600SCNLAR01A01M08"],
  ready: "RDY",
  poweredDown: "POWERED DOWN",
  mqttClosed: (idx, err) => `+QMTSTAT: ${idx},${err}`,
  pdpLost: (cid) => `+QIURC: "pdpdeact",${cid}`,
  deliver: deliverMessage,
};

/** SIMCom A7670: 27.007 basics as the EC600S answers them, its own MQTT (commands/cmqtt.ts) and clock (commands/simcom-time.ts). */
export const A7670: Personality = {
  model: "a7670",
  commands: { ...basicCommands, ...registrationCommands, ...cmqttCommands, ...simcomTimeCommands, ...simcomSslCommands },
  // ATI on an A76xx: maker, model, revision, then the IMEI and the capabilities.
  info: ["Manufacturer: SIMCOM INCORPORATED", "Model: A7670C-LASE", "Revision: A7670M7_V1.11.1", "IMEI: 861234050000001", "+GCAP: +CGSM,+FCLASS,+DS"],
  ready: "*ATREADY: 1",
  poweredDown: "",
  // 1 socket closed passively, 2 socket reset (for a ping timeout), 3 network closed.
  mqttClosed: (idx, err) => `+CMQTTCONNLOST: ${idx},${err}`,
  pdpLost: () => "+CMQTTNONET",
  deliver: (m, idx, _slot, message) => m.urcBytes(cmqttMessage(idx, message)),
};

export const PERSONALITIES: Record<ModuleModel, Personality> = { ec600s: EC600S, a7670: A7670 };
