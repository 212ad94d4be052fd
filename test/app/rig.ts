import { Firmware, type FirmwareHost } from "../../src/app/firmware";
import type { SerialPort } from "../../src/hal";
import type { Dialect } from "../../src/modem/dialect";
import { ScriptedModem } from "../modem/scripted-modem";
import { parseConfig } from "../../src/app/config";
import { FakeInput, FakePin, FakeSensor, FakeStorage, config, memoryLog } from "./fakes";

export interface RigOptions {
  config?: Record<string, unknown>;
  /** Pass the same storage again to simulate a reboot. */
  storage?: FakeStorage;
  button?: boolean;
  sensor?: boolean;
  /** Wire a status LED pin. */
  led?: boolean;
  reboot?: () => void;
  /** Replace the config altogether (another cloud's keys) instead of adding to Aliyun's. */
  rawConfig?: Record<string, unknown>;
  /** A second relay pin and button (a 2-gang switch). */
  secondGang?: boolean;
  /** The scripted module's dialect (default the EC600S); the config's `modem` must name the same. */
  dialect?: Dialect;
}

/**
 * The firmware on the scripted EC600S (test/modem/scripted-modem.ts). `journal` interleaves
 * relay pin writes with the AT command lines the firmware sends, in the order they happen.
 */
export function firmwareRig(options: RigOptions = {}) {
  const sm = new ScriptedModem({}, options.dialect ? { dialect: options.dialect } : {});
  const journal: string[] = [];
  const events: string[] = [];
  const relay = new FakePin(journal, "relay", sm.clock);
  const storage = options.storage ?? new FakeStorage();
  const log = memoryLog();
  const button = options.button ? new FakeInput() : undefined;
  const sensor = options.sensor ? new FakeSensor(sm.clock) : undefined;
  const ledLevels: number[] = [];
  const ledPin = { write: (v: number) => ledLevels.push(v) };
  const ledWrites = (): number[] => ledLevels;
  let seen = 0;
  const serial: SerialPort = {
    write(bytes, offset, length) {
      const n = sm.write(bytes, offset, length);
      while (seen < sm.commands.length) journal.push(sm.commands[seen++]);
      return n;
    },
  };
  const host: FirmwareHost = {
    clock: sm.clock,
    serial,
    relay,
    pwrkey: new FakePin(journal, "pwrkey"),
    button,
    storage,
    sensor,
    log,
    random: () => 0.5,
    led: options.led ? ledPin : undefined,
    reboot: options.reboot,
    onEvent: (event, detail) => events.push(event + " " + detail),
  };
  const { relay2, button2 } = secondGang(options, journal, sm);
  Object.assign(host, { relay2, button2 });
  const fw = new Firmware(host, rigConfig(options));
  // `sm.run()` then delivers the module's output to, and polls, the whole firmware.
  sm.attach(fw);

  /** Publishes seen so far (the NTP request and the OTA version report aside): topic and parsed payload, in order. */
  const published = (): Array<{ topic: string; payload: Record<string, unknown> }> => {
    const out: Array<{ topic: string; payload: Record<string, unknown> }> = [];
    let p = 0;
    for (const line of journal) {
      const m = /^AT\+QMTPUBEX=0,\d+,\d,\d,"([^"]*)",\d+$/.exec(line);
      if (m && !m[1].startsWith("/ext/ntp/") && !m[1].startsWith("/ota/")) out.push({ topic: m[1], payload: JSON.parse(sm.payloads[p]) as Record<string, unknown> });
      if (m) p++;
    }
    return out;
  };
  /** The NTP requests published so far (their payloads, parsed). */
  const ntpRequests = (): Array<{ deviceSendTime: string }> => {
    const out: Array<{ deviceSendTime: string }> = [];
    let p = 0;
    for (const line of journal) {
      const m = /^AT\+QMTPUBEX=0,\d+,\d,\d,"([^"]*)",\d+$/.exec(line);
      if (m && m[1].startsWith("/ext/ntp/")) out.push(JSON.parse(sm.payloads[p]) as { deviceSendTime: string });
      if (m) p++;
    }
    return out;
  };
  /** Deliver a message on `topic` as the module would (+QMTRECV, recv/mode 0,1). */
  const receive = (topic: string, payload: string): void => {
    sm.urc(`+QMTRECV: 0,1,"${topic}",${Buffer.byteLength(payload)},"${payload}"`);
  };
  const boot = (): void => {
    fw.start();
    if (!sm.runUntilOnline(60000)) throw new Error("not online: " + sm.states.join(" | ") + "\n" + log.lines.join("\n"));
    sm.run(500);
  };
  /** Answer the last NTP request as Aliyun would, the server's clock reading `utcMs`. */
  const answerNtp = (utcMs: number): void => {
    const requests = ntpRequests();
    if (requests.length === 0) throw new Error("no NTP request");
    const stamp = String(utcMs);
    receive(fw.topics.ntpResponse, JSON.stringify({ deviceSendTime: requests[requests.length - 1].deviceSendTime, serverRecvTime: stamp, serverSendTime: stamp }));
  };
  return { sm, fw, journal, events, relay, relay2, button2, storage, log, button, sensor, published, ntpRequests, answerNtp, receive, boot, ledWrites };
}

function secondGang(options: RigOptions, journal: string[], sm: ScriptedModem): { relay2?: FakePin; button2?: FakeInput } {
  return options.secondGang ? { relay2: new FakePin(journal, "relay2", sm.clock), button2: new FakeInput() } : {};
}

function rigConfig(options: RigOptions) {
  return options.rawConfig ? parseConfig(options.rawConfig) : config(options.config ?? {});
}
