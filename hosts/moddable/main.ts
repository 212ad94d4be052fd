import Serial from "embedded:io/serial";
import config from "mc/config";
import Timer from "timer";
import { ConfigError } from "../../src/app/config";
import { Unit, type UnitHost } from "../../src/app/unit";
import type { InputPin, Log, OutputPin, Sensor } from "../../src/hal";
import { isOn, readBoard, type Board } from "./board";
import { TicksClock } from "./clock";
import { SerialConsole } from "./console";
import { traceLog } from "./log";
import { ButtonInput, DigitalOutput, LoggedOutput } from "./pins";
import { UartPort } from "./serial";
import { Sht3x } from "./sht3x";
import { restartBoard } from "./restart";
import { PreferenceSettings } from "./settings";
import { PreferenceStorage } from "./storage";
import { NativeCrypto } from "./crypto";
import { NativeImageDigest, PartitionWriter } from "./firmware-image";
import { SlotBootImage } from "./boot-image";
import { NativeText } from "./text";

type Io = typeof device.io;

// `device` (the ECMA-419 host provider) is made global by the preloaded "system" module on
// ESP32. The lin simulator has none, and no GPIO or I2C either: only serial.
function hostIo(): Io | undefined {
  return (globalThis as { device?: typeof device }).device?.io;
}

function outputPin(io: Io | undefined, pin: number, name: string, log: Log): OutputPin {
  return io ? new DigitalOutput(io.Digital, pin, 0) : new LoggedOutput(name, log);
}

function buttonPin(io: Io | undefined, pin: number): InputPin | undefined {
  return io && pin >= 0 ? new ButtonInput(io.Digital, pin) : undefined;
}

function sensor(io: Io | undefined, board: Board, log: Log): Sensor | undefined {
  if (!io || board.i2cSdaPin < 0 || board.i2cSclPin < 0) return undefined;
  try {
    // timeout (ms, a Moddable option): a stuck bus must not stall the UART for the 400 ms default.
    const options = { data: board.i2cSdaPin, clock: board.i2cSclPin, address: board.sht3xAddress, hz: 100000, timeout: 10 };
    return new Sht3x(new io.I2C(options));
  } catch (error) {
    log("warn", "SHT3x bus not available: " + String(error));
    return undefined;
  }
}

function openModem(board: Board, io: Io | undefined, log: Log): UartPort {
  if (!io && board.modemDevice === "") throw new ConfigError("modemDevice (the modem's serial device path) is required on lin");
  return new UartPort({
    Serial,
    port: board.modemPort,
    transmit: board.modemTxPin,
    receive: board.modemRxPin,
    baud: board.modemBaud,
    device: board.modemDevice,
    arrayBufferWrites: !io,
    onError: (error) => log("error", "uart: " + String(error)),
  });
}

/** Keep saying what is wrong, instead of rebooting into the same error. */
function halt(log: Log, message: string): void {
  log("error", message);
  Timer.repeat(() => log("error", message), 10000);
}

/** The console on the USB UART (ESP32) or a device path (lin); none if it cannot be opened. */
function openConsole(board: Board, io: Io | undefined, log: Log): SerialConsole | null {
  if (io ? board.consolePort < 0 : board.consoleDevice === "") return null;
  try {
    const wiring = { port: board.consolePort, transmit: board.consoleTxPin, receive: board.consoleRxPin, baud: board.consoleBaud, device: board.consoleDevice };
    return new SerialConsole({ Serial, arrayBufferWrites: !io, ...wiring }, log);
  } catch (error) {
    // A debug build's xsbug holds UART0: the console is then xsbug's.
    log("warn", "serial console not available: " + String(error));
    return null;
  }
}

function start(raw: Record<string, unknown>, log: Log): void {
  const board = readBoard(raw);
  const io = hostIo();
  const uart = openModem(board, io, log);
  const console = openConsole(board, io, log);
  const crypto = new NativeCrypto();
  const settings = new PreferenceSettings("cfg", log);
  const host: UnitHost = {
    clock: new TicksClock(),
    serial: uart,
    relay: outputPin(io, board.relayPin, "relay", log),
    pwrkey: outputPin(io, board.modemPwrkeyPin, "pwrkey", log),
    button: buttonPin(io, board.buttonPin),
    relay2: board.relay2Pin >= 0 ? outputPin(io, board.relay2Pin, "relay2", log) : undefined,
    button2: buttonPin(io, board.button2Pin),
    storage: new PreferenceStorage("cat1", log),
    // The identity and cloud settings: the same image on every unit (src/app/settings.ts).
    settings,
    sensor: sensor(io, board, log),
    text: new NativeText(),
    crypto: crypto,
    hmac: crypto,
    led: io && board.ledPin >= 0 ? new DigitalOutput(io.Digital, board.ledPin, 0) : undefined,
    log,
    restart: restartBoard(log),
    // After a factory reset or an update (src/app/firmware.ts).
    reboot: restartBoard(log),
    // Updates over the air: the next OTA partition (lin: counted, not kept; ota-lin.ts).
    firmwareWriter: new PartitionWriter(log, settings),
    imageDigest: new NativeImageDigest(),
    // ESP-IDF's app rollback: an update that does not get online and stable goes back (boot-image.ts).
    bootImage: new SlotBootImage(settings, String(raw.firmwareVersion ?? ""), log),
    consoleOut: console ? (line) => console.write(line) : undefined,
    // The LED's pattern, the clock, schedules, countdown and a factory reset in the log (lin has no LED).
    onEvent: (event, detail) => {
      if (event !== "relay" && event !== "telemetry" && event !== "modem") log("info", event + ": " + detail);
    },
  };
  // Build-time config (mc/config) is only the default under what NVS holds.
  const unit = new Unit(host, raw);
  uart.attach(unit);
  console?.attach(unit);
  unit.start();
  const pollMs = unit.settings.config !== null ? unit.settings.config.pollMs : 10;
  Timer.repeat(() => {
    try {
      unit.poll();
      const now = host.clock.now();
      uart.watchdog(now);
      console?.watchdog(now);
    } catch (error) {
      log("error", "poll: " + String(error));
    }
  }, pollMs);
}

/** ConfigError is not an Error (src/app/config.ts), but it has a message too. */
function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === "string" ? message : String(error);
}

function main(): void {
  const raw = config as Record<string, unknown>;
  const log = traceLog(isOn(raw.logDebug));
  try {
    start(raw, log);
  } catch (error) {
    // Only the wiring (board.ts) is checked here: settings problems are the unit's to report.
    const what = error instanceof ConfigError ? "config error: " : "startup failed: ";
    halt(log, what + messageOf(error));
  }
}

main();
