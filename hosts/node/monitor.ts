/**
 * Turns the firmware's host callbacks into RigEvents: state changes with the bring-up step,
 * online/offline edges, relay switches and readings. It reads the firmware's own fields
 * rather than parsing its human-readable detail lines where it can.
 */
import type { EventEmitter } from "node:events";
import type { Firmware, FirmwareEvent } from "../../src/app/firmware";
import type { Clock } from "../../src/hal";
import { DIALECTS } from "../../src/modem/dialects";
import type { RigEventBody, RigEvents } from "./events";

const STEP_NAMES = new Set(DIALECTS.flatMap((d) => d.steps.map((s) => s.name)));

export class FirmwareMonitor {
  private firmware: Firmware | undefined;
  private online = false;

  constructor(
    private readonly clock: Clock,
    private readonly events: EventEmitter<RigEvents>,
  ) {}

  /** From the end of the firmware's constructor on (relay "boot" comes from inside it). */
  watch(firmware: Firmware): void {
    this.firmware = firmware;
    this.online = firmware.online;
  }

  /** The host's `onEvent`. */
  readonly onEvent = (event: FirmwareEvent, detail: string): void => {
    if (event === "modem") this.modemChanged(detail);
    else if (event === "relay") this.relaySwitched(detail);
    else if (event === "telemetry") this.telemetry(detail);
    else this.emit({ type: "feature", what: event, detail });
  };

  emit(body: RigEventBody): void {
    this.events.emit("event", { ...body, at: this.clock.now(), wall: Date.now() });
  }

  private modemChanged(detail: string): void {
    const modem = this.firmware?.modem;
    const [state, reason] = modem ? [modem.stateName, modem.reason] : splitDetail(detail);
    this.emit({ type: "modem", state, reason, step: STEP_NAMES.has(reason) });
    const online = state === "online";
    if (online === this.online) return;
    this.online = online;
    this.emit(online ? { type: "online" } : { type: "offline", reason: reason || state });
  }

  // detail: "<source> <value>", e.g. "cloud 1".
  private relaySwitched(detail: string): void {
    const [source, value] = detail.split(" ");
    this.emit({ type: "relay", value: value === "1" ? 1 : 0, source });
  }

  // detail: "23.4 C 55.0 %RH"; the smoothed values themselves are on the sampler.
  private telemetry(detail: string): void {
    const sampler = this.firmware?.sampler;
    const [t, h] = detail.split(" C ");
    const temperature = sampler ? sampler.temperature : parseFloat(t);
    const humidity = sampler ? sampler.humidity : parseFloat(h);
    this.emit({ type: "telemetry", temperature, humidity });
  }
}

function splitDetail(detail: string): [string, string] {
  const colon = detail.indexOf(": ");
  return colon < 0 ? [detail, ""] : [detail.slice(0, colon), detail.slice(colon + 2)];
}
