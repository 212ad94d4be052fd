/**
 * The Espruino entry point (ESP32; the Linux build in tests). Settings come from the Storage
 * file CONFIG_FILE, a JSON object with the keys of the Moddable host's mc/config; wiring
 * defaults to the README's board. `npm run build:espruino` bundles this into one file.
 */
import { ConfigError, parseConfig } from "../../src/app/config";
import { Firmware, type FirmwareHost } from "../../src/app/firmware";
import type { InputPin, Log, OutputPin, Sensor } from "../../src/hal";
import { CONFIG_FILE, isOn, readBoard, type Board } from "./board";
import { UptimeClock } from "./clock";
import { printLog } from "./log";
import { ButtonInput, DigitalOutput, LoggedOutput } from "./pins";
import { espruino, type Espruino } from "./platform";
import { UartPort } from "./serial";
import { Sht3x } from "./sht3x";
import { FlashStorage } from "./storage";
import { EspruinoText } from "./text";

/** On the Linux build (a modemDevice path) there is no GPIO: outputs are logged instead. */
function outputPin(board: Espruino, wiring: Board, pin: number, name: string, log: Log): OutputPin {
  return wiring.modemDevice === "" ? new DigitalOutput(board, pin) : new LoggedOutput(name, log);
}

function buttonPin(board: Espruino, wiring: Board): InputPin | undefined {
  return wiring.buttonPin >= 0 && wiring.modemDevice === "" ? new ButtonInput(board, wiring.buttonPin) : undefined;
}

function sensor(board: Espruino, wiring: Board, log: Log): Sensor | undefined {
  if (wiring.i2cSdaPin < 0 || wiring.i2cSclPin < 0 || wiring.modemDevice !== "") return undefined;
  try {
    board.I2C1.setup({ scl: wiring.i2cSclPin, sda: wiring.i2cSdaPin, bitrate: 100000 });
    return new Sht3x(board.I2C1, wiring.sht3xAddress);
  } catch (error) {
    log("warn", "SHT3x bus not available: " + String(error));
    return undefined;
  }
}

function openModem(board: Espruino, wiring: Board, log: Log): UartPort {
  const options = wiring.modemDevice === "" ? { tx: wiring.modemTxPin, rx: wiring.modemRxPin } : { path: wiring.modemDevice };
  board.Serial2.setup(wiring.modemBaud, options);
  return new UartPort(board.Serial2, board.E, wiring.modemBaud, (error) => log("error", "uart: " + String(error)));
}

/** Keep saying what is wrong, instead of rebooting into the same error. */
function halt(board: Espruino, log: Log, message: string): void {
  log("error", message);
  board.setInterval(() => log("error", message), 10000);
}

function start(board: Espruino, raw: Record<string, unknown>, log: Log): void {
  const wiring = readBoard(raw);
  const settings = parseConfig(raw);
  const uart = openModem(board, wiring, log);
  const host: FirmwareHost = {
    clock: new UptimeClock(),
    serial: uart,
    relay: outputPin(board, wiring, wiring.relayPin, "relay", log),
    pwrkey: outputPin(board, wiring, wiring.modemPwrkeyPin, "pwrkey", log),
    button: buttonPin(board, wiring),
    storage: new FlashStorage(board.require("Storage")),
    sensor: sensor(board, wiring, log),
    text: new EspruinoText(board.E),
    log,
  };
  const firmware = new Firmware(host, settings);
  uart.attach(firmware);
  firmware.start();
  board.setInterval(() => {
    try {
      firmware.poll();
      uart.tick(host.clock.now());
    } catch (error) {
      log("error", "poll: " + String(error));
    }
  }, settings.pollMs);
}

/** ConfigError is not an Error (src/app/config.ts), but it has a message too. */
function messageOf(error: unknown): string {
  const message = error !== null && typeof error === "object" ? (error as { message?: unknown }).message : undefined;
  return typeof message === "string" ? message : String(error);
}

function readConfig(board: Espruino): Record<string, unknown> {
  const raw = board.require("Storage").readJSON(CONFIG_FILE, true);
  if (raw === null || typeof raw !== "object") throw new ConfigError("no settings: write a JSON object to Storage file " + CONFIG_FILE);
  return raw as Record<string, unknown>;
}

function main(): void {
  const board = espruino();
  let log = printLog(false);
  try {
    const raw = readConfig(board);
    log = printLog(isOn(raw.logDebug));
    start(board, raw, log);
  } catch (error) {
    const what = error instanceof ConfigError ? "config error: " : "startup failed: ";
    halt(board, log, what + messageOf(error));
  }
}

main();
