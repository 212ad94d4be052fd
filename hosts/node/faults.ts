/**
 * The faults a person can throw at a running rig from the web console (or a script by id),
 * each with what it imitates in the field. Module faults go through the simulator's injector
 * (sim/ec600s/faults.ts); the others act on the broker or the board.
 */
import { loginAsDeviceOn } from "../../sim/clouds/second-login";
import { pushUpdate, type UpdateKind } from "./ota-push";
import type { Rig } from "./rig";

export interface FaultAction {
  id: string;
  label: string;
  /** What happens in the field. */
  detail: string;
  needs: "simulator" | "broker" | "none";
  run(rig: Rig): Promise<void> | void;
}

const BYTE_LOSS_MS = 10000;

export const FAULTS: FaultAction[] = [
  module("qmtstat", "MQTT drop", "The module reports +QMTSTAT: 0,2: the keep-alive failed and the connection is gone", "qmtstat:2"),
  module("pdpdeact", "PDP lost", 'The network tears down the data context: +QIURC: "pdpdeact",1 and every MQTT client with it', "pdpdeact:1"),
  module("reg-loss", "No coverage 8 s", "The cell is lost for 8 s (+CEREG: 2), then found again", "reg-loss:2:8000"),
  module("reboot", "Module reset", "The EC600S resets by itself: silence, then RDY, all its state lost", "reboot"),
  {
    id: "byte-loss",
    label: "UART loss 2% 10 s",
    detail: "A noisy UART: 2% of the module's bytes are lost for 10 s",
    needs: "simulator",
    run: (rig) => {
      rig.inject("loss:p=0.02");
      rig.later(() => rig.inject("loss:off"), BYTE_LOSS_MS);
    },
  },
  module("garbage", "Line noise", "64 random bytes on the UART", "garbage:64"),
  module("drop-final", "Lost OK", "The module never answers the next command: the firmware's timeout has to notice", "drop-final"),
  {
    id: "broker-restart",
    label: "Broker restart",
    detail: "The cloud's MQTT broker goes away for 3 s and comes back: every device reconnects",
    needs: "broker",
    run: async (rig) => {
      rig.emit({ type: "fault", name: "broker-restart", detail: "broker down for 3 s" });
      await rig.broker?.restart(rig.time.realMs(3000));
      rig.emit({ type: "fault", name: "broker-restart", detail: "broker listening again" });
    },
  },
  {
    id: "kick",
    label: "Duplicate login",
    detail: "Someone logs in with this device's credentials: the broker closes the module's connection (+QMTSTAT: 0,1)",
    needs: "broker",
    run: async (rig) => {
      if (!rig.brokerUrl) return;
      const other = await loginAsDeviceOn(rig.config.cloud, rig.brokerUrl, rig.registered);
      rig.emit({ type: "fault", name: "kick", detail: "a second login took over the device's session" });
      await other.endAsync();
    },
  },
  {
    id: "esp32-reboot",
    label: "ESP32 reset",
    detail: "The ESP32 restarts; NVS keeps the relay state and boot count, the module keeps running",
    needs: "none",
    run: (rig) => {
      rig.emit({ type: "fault", name: "esp32-reboot", detail: "firmware restarting" });
      rig.rebootFirmware();
    },
  },
  {
    id: "esp32-hang",
    label: "ESP32 hang",
    detail: "A JavaScript turn on the ESP32 never ends: no poll, no UART; the task watchdog resets the board after 5 s and it comes back",
    needs: "none",
    run: (rig) => {
      rig.emit({ type: "fault", name: "esp32-hang", detail: "the XS task is stuck in a turn" });
      rig.hang();
    },
  },
  update("good", "Update: good image", "The cloud offers the next version: downloaded through the module's HTTP client, verified, written, restarted into"),
  update("bad-digest", "Update: wrong digest", "The image's MD5 is not the offer's: refused (-3), the running firmware stays"),
  update("not-found", "Update: HTTP 404", "The image's URL answers 404: refused (-2), the running firmware stays"),
  update("cut", "Update: cut short", "The server closes after half the image, every time: three attempts, then refused (-2)"),
  update("drop-once", "Update: link drop", "The link drops mid-download once: the download starts again and the update goes through"),
  update("too-large", "Update: too large", "The offer is larger than the update partition: refused (-1) before any download"),
  update("broken", "Update: broken image", "A good download of an image that never gets online: after its trial window the previous image comes back, and reports the rollback (-1)"),
];

/** An update pushed as Aliyun's OTA service would (ota-push.ts). */
function update(kind: UpdateKind, label: string, detail: string): FaultAction {
  return { id: `ota-${kind}`, label, detail, needs: "simulator", run: (rig) => pushUpdate(rig, kind).then(() => undefined) };
}

function module(id: string, label: string, detail: string, fault: string): FaultAction {
  return { id, label, detail, needs: "simulator", run: (rig) => rig.inject(fault) };
}

/** The faults this rig can do: module faults need the simulator, broker faults an in-process broker. */
export function availableFaults(rig: Rig): FaultAction[] {
  return FAULTS.filter((f) => (f.needs === "simulator" ? rig.simulator !== null : f.needs === "broker" ? rig.broker !== null : true));
}

export class UnknownFault extends Error {}

export async function runFault(rig: Rig, id: string): Promise<void> {
  const fault = availableFaults(rig).find((f) => f.id === id);
  if (!fault) throw new UnknownFault(`no fault "${id}" on this rig`);
  await fault.run(rig);
}
