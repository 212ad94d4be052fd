import { ConfigError } from "../../src/app/config";

/** The Storage file holding the settings: one JSON object, the keys of the Moddable host's mc/config. */
export const CONFIG_FILE = "cat1.json";

/** The wiring the host needs: the same keys, meanings and defaults as the Moddable host's. */
export interface Board {
  modemTxPin: number;
  modemRxPin: number;
  modemBaud: number;
  /** Linux build only: the modem's serial device (a pty in tests). Empty on ESP32. */
  modemDevice: string;
  modemPwrkeyPin: number;
  relayPin: number;
  /** -1: no button fitted. */
  buttonPin: number;
  /** -1: no sensor fitted. */
  i2cSdaPin: number;
  i2cSclPin: number;
  sht3xAddress: number;
  logDebug: boolean;
}

/** manifest.json's `config` for esp32: the board the README wires. */
export const BOARD_DEFAULTS: Record<string, unknown> = {
  modemTxPin: 17,
  modemRxPin: 16,
  modemBaud: 115200,
  modemPwrkeyPin: 4,
  relayPin: 26,
  buttonPin: 0,
  i2cSdaPin: 21,
  i2cSclPin: 22,
  sht3xAddress: 0x44,
  logDebug: 0,
};

// Numbers, or numeric strings ("0x44" too), as in the Moddable host. No Number.isInteger on
// Espruino, and its Number() refuses surrounding spaces: trim first.
function int(raw: Record<string, unknown>, key: string, min: number, max: number): number {
  const value = key in raw ? raw[key] : BOARD_DEFAULTS[key];
  const n = typeof value === "string" && value.trim() !== "" ? Number(value.trim()) : value;
  if (typeof n !== "number" || Math.floor(n) !== n || n < min || n > max) {
    throw new ConfigError(key + " must be an integer from " + min + " to " + max + ", not '" + String(value) + "'");
  }
  return n;
}

/** A flag: 1, true or "1". */
export function isOn(value: unknown): boolean {
  return value === 1 || value === true || value === "1";
}

// ESP32 GPIOs are 0..39 (34..39 input only); the Moddable host allows the S3's 48.
const GPIO_MAX = 48;

export function readBoard(raw: Record<string, unknown>): Board {
  return {
    modemTxPin: int(raw, "modemTxPin", 0, GPIO_MAX),
    modemRxPin: int(raw, "modemRxPin", 0, GPIO_MAX),
    modemBaud: int(raw, "modemBaud", 1200, 3000000),
    modemDevice: typeof raw.modemDevice === "string" ? raw.modemDevice : "",
    modemPwrkeyPin: int(raw, "modemPwrkeyPin", 0, GPIO_MAX),
    relayPin: int(raw, "relayPin", 0, GPIO_MAX),
    buttonPin: int(raw, "buttonPin", -1, GPIO_MAX),
    i2cSdaPin: int(raw, "i2cSdaPin", -1, GPIO_MAX),
    i2cSclPin: int(raw, "i2cSclPin", -1, GPIO_MAX),
    sht3xAddress: int(raw, "sht3xAddress", 0x44, 0x45),
    logDebug: isOn(key(raw, "logDebug")),
  };
}

function key(raw: Record<string, unknown>, name: string): unknown {
  return name in raw ? raw[name] : BOARD_DEFAULTS[name];
}
