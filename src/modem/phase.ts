/**
 * The runner's control state: one phase at a time (after Zephyr's modem_cellular). Each
 * phase owns the one timer while it lasts: entering a phase sets it, leaving clears it, so
 * no timed action survives a change of phase by accident, and events that arrive in a phase
 * change what that phase will do (never overwrite it). Literal types: the runner's switches
 * over them are checked exhaustive by the compiler; on the device they are plain numbers.
 */
/** Not started. */
export const PHASE_IDLE = 0;
/** `AT` sent, or about to be: is the module on? */
export const PHASE_PROBE = 1;
/** PWRKEY: waiting to press (timer), then held for the pulse (timer). */
export const PHASE_PULSE = 2;
/** After the pulse: waiting for `RDY` (timer: give up and probe). */
export const PHASE_BOOT = 3;
/** A bring-up step: waiting to send it (timer), or its command in flight. */
export const PHASE_STEP = 4;
/** Recovery commands owed (close, deactivate), then bring-up resumes at a marked step. */
export const PHASE_RECOVER = 5;
/** Powering the module down before a PWRKEY pulse. */
export const PHASE_POWER_OFF = 6;
/** Connected: publishing, link checks. */
export const PHASE_ONLINE = 7;
/** `modem=auto`: `ATI` sent, to pick the model's steps. */
export const PHASE_IDENTIFY = 8;

export type Phase =
  | typeof PHASE_IDLE
  | typeof PHASE_PROBE
  | typeof PHASE_PULSE
  | typeof PHASE_BOOT
  | typeof PHASE_STEP
  | typeof PHASE_RECOVER
  | typeof PHASE_POWER_OFF
  | typeof PHASE_ONLINE
  | typeof PHASE_IDENTIFY;

/** What a phase handler is told. Arguments (status, code, stat...) travel in two numbers. */
export const EV_TIMER = 0;
export const EV_PROBE_DONE = 1;
export const EV_STEP_DONE = 2;
export const EV_CLOSE_DONE = 3;
export const EV_DEACTIVATE_DONE = 4;
export const EV_POWER_OFF_DONE = 5;
export const EV_LINK_CHECK_DONE = 6;
export const EV_IDENTIFY_DONE = 7;
/** `+QMTSTAT`, `+CMQTTCONNLOST`...: our client was closed by the module (a = its error). */
export const EV_MQTT_CLOSED = 8;
/** The network deactivated our PDP context. */
export const EV_PDP_LOST = 9;
/** A registration URC with a stat that is not registered (a = stat). */
export const EV_REGISTRATION_LOST = 10;
/** A registration URC saying registered. */
export const EV_REGISTERED = 11;
export const EV_SIM_LOST = 12;

/** A command of the runner's ended (a = AT status, b = CME code). */
export type CommandDone =
  | typeof EV_PROBE_DONE
  | typeof EV_STEP_DONE
  | typeof EV_CLOSE_DONE
  | typeof EV_DEACTIVATE_DONE
  | typeof EV_POWER_OFF_DONE
  | typeof EV_LINK_CHECK_DONE
  | typeof EV_IDENTIFY_DONE;

/** What the module says about the link it holds for us. */
export type LinkEvent = typeof EV_MQTT_CLOSED | typeof EV_PDP_LOST | typeof EV_REGISTRATION_LOST | typeof EV_REGISTERED | typeof EV_SIM_LOST;

export type ModemEvent = typeof EV_TIMER | CommandDone | LinkEvent;

export function isCommandDone(ev: ModemEvent): ev is CommandDone {
  return ev >= EV_PROBE_DONE && ev <= EV_IDENTIFY_DONE;
}

export function isLinkEvent(ev: ModemEvent): ev is LinkEvent {
  return ev >= EV_MQTT_CLOSED;
}

/** Recovery commands owed to the module, as bits: each is sent once, close first. */
export const OWE_NOTHING = 0;
export const OWE_CLOSE = 1;
export const OWE_DEACTIVATE = 2;
