import { ConfigError } from "../../src/app/config";

/** The wiring the host needs, read from the flat mc/config (manifest `config`, mcconfig overrides). */
export interface Board {
  modemPort: number;
  modemTxPin: number;
  modemRxPin: number;
  modemBaud: number;
  /** lin: serial device path of the modem (a pty to a simulated modem, or a USB adapter). */
  modemDevice: string;
  modemPwrkeyPin: number;
  relayPin: number;
  /** -1: no button fitted. */
  buttonPin: number;
  /** A 2-gang switch (config gangs=2): the second relay and button; -1: none. */
  relay2Pin: number;
  button2Pin: number;
  /** -1: no sensor fitted. */
  i2cSdaPin: number;
  i2cSclPin: number;
  sht3xAddress: number;
  /** Status LED (high = lit); -1: none fitted (the pattern is still logged). */
  ledPin: number;
  logDebug: boolean;
  /** The serial console's UART (0, the USB one, on ESP32); -1: no console. */
  consolePort: number;
  consoleTxPin: number;
  consoleRxPin: number;
  consoleBaud: number;
  /** lin: the console's device path (a pty); "" for none. */
  consoleDevice: string;
}

// Manifest values arrive as numbers, but `key=value` on the mcconfig command line arrives as a
// string: accept both ("0x44" too).
function int(raw: Record<string, unknown>, key: string, min: number, max: number): number {
  const value = raw[key];
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(key + " must be an integer from " + min + " to " + max + ", not '" + String(value) + "'");
  }
  return n;
}

function str(raw: Record<string, unknown>, key: string): string {
  const value = raw[key];
  return typeof value === "string" ? value : "";
}

/** A flag from the manifest (1, true) or the command line ("1"). */
export function isOn(value: unknown): boolean {
  return value === 1 || value === true || value === "1";
}

const GPIO_MAX = 48;

export function readBoard(raw: Record<string, unknown>): Board {
  return {
    modemPort: int(raw, "modemPort", 0, 2),
    modemTxPin: int(raw, "modemTxPin", 0, GPIO_MAX),
    modemRxPin: int(raw, "modemRxPin", 0, GPIO_MAX),
    modemBaud: int(raw, "modemBaud", 1200, 3000000),
    modemDevice: str(raw, "modemDevice"),
    modemPwrkeyPin: int(raw, "modemPwrkeyPin", 0, GPIO_MAX),
    relayPin: int(raw, "relayPin", 0, GPIO_MAX),
    buttonPin: int(raw, "buttonPin", -1, GPIO_MAX),
    relay2Pin: int(raw, "relay2Pin", -1, GPIO_MAX),
    button2Pin: int(raw, "button2Pin", -1, GPIO_MAX),
    i2cSdaPin: int(raw, "i2cSdaPin", -1, GPIO_MAX),
    i2cSclPin: int(raw, "i2cSclPin", -1, GPIO_MAX),
    sht3xAddress: int(raw, "sht3xAddress", 0x44, 0x45),
    ledPin: raw.ledPin === undefined ? -1 : int(raw, "ledPin", -1, GPIO_MAX),
    logDebug: isOn(raw.logDebug),
    consolePort: int(raw, "consolePort", -1, 2),
    consoleTxPin: int(raw, "consoleTxPin", 0, GPIO_MAX),
    consoleRxPin: int(raw, "consoleRxPin", 0, GPIO_MAX),
    consoleBaud: int(raw, "consoleBaud", 1200, 3000000),
    consoleDevice: str(raw, "consoleDevice"),
  };
}
