import type { Firmware } from "../../src/app/firmware";
import type { FirmwareWriter, ImageDigest } from "../../src/hal";
import { Unit, type UnitHost } from "../../src/app/unit";
import { ScriptedModem } from "../modem/scripted-modem";
import { DN, DS, FakePin, FakeSettings, FakeStorage, memoryLog, PK } from "./fakes";

export const IDENTITY = { productKey: PK, deviceName: DN, deviceSecret: DS };

export interface UnitRigOptions {
  /** The build's config (mc/config); default: none, a blank unit. */
  build?: Record<string, unknown>;
  /** Pass the same NVS again for a reboot. */
  storage?: FakeStorage;
  settings?: FakeSettings;
  /** The scripted module to keep across a reboot (it keeps running). */
  sm?: ScriptedModem;
  /** An update partition and digest (OTA), as the real hosts have. */
  ota?: boolean;
}

/** A partition that takes any image, and a digest that says what it is told to. */
const FAKE_PARTITION: FirmwareWriter = { capacity: 0x1e8000, begin: () => true, write: () => true, complete: () => true, cancel: () => undefined };
const FAKE_DIGEST: ImageDigest = { begin: () => true, update: () => undefined, hex: () => "" };

/**
 * A Unit on the scripted EC600S, its console captured: `type()` sends console bytes as a
 * terminal would, `console` holds every line the unit printed.
 */
export function unitRig(options: UnitRigOptions = {}) {
  const sm = options.sm ?? new ScriptedModem();
  const storage = options.storage ?? new FakeStorage();
  const settings = options.settings ?? new FakeSettings();
  const log = memoryLog();
  const relay = new FakePin(undefined, "relay", sm.clock);
  const console: string[] = [];
  const firmwares: Firmware[] = [];
  let restarts = 0;
  let factoryResets = 0;
  const host: UnitHost = {
    clock: sm.clock,
    serial: sm,
    relay,
    pwrkey: { write: (v) => sm.pwrkey(v) },
    storage,
    settings,
    log,
    random: () => 0.5,
    restart: () => restarts++,
    consoleOut: (line) => console.push(line),
    onFirmware: (f) => firmwares.push(f),
    factoryReset: () => factoryResets++,
    firmwareWriter: options.ota ? FAKE_PARTITION : undefined,
    imageDigest: options.ota ? FAKE_DIGEST : undefined,
  };
  const unit = new Unit(host, options.build ?? {});
  sm.attach(unit);
  unit.start();
  const type = (text: string): void => {
    const bytes = new Uint8Array(Buffer.from(text, "latin1"));
    unit.consoleReceive(bytes, 0, bytes.length);
  };
  /** Console lines printed since the last call. */
  const said = (): string[] => console.splice(0);
  return {
    sm,
    unit,
    storage,
    settings,
    log,
    relay,
    console,
    firmwares,
    type,
    said,
    get restarts() {
      return restarts;
    },
    get factoryResets() {
      return factoryResets;
    },
  };
}
