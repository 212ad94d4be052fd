/** One readable line per rig event: the --headless output, and the web console's event log. */
import type { RigEvent } from "./events";
import type { RoundTrip } from "./round-trip";

type Describer<T extends RigEvent["type"]> = (e: Extract<RigEvent, { type: T }>) => string | null;

const DESCRIBE: { [T in RigEvent["type"]]: Describer<T> } = {
  modem: (e) => (e.step ? `step      ${e.state}: ${e.reason}` : `modem     ${e.state}${e.reason ? ": " + e.reason : ""}`),
  online: () => "ONLINE",
  offline: (e) => `OFFLINE   ${e.reason}`,
  relay: (e) => `relay     ${e.value ? "ON" : "OFF"} (${e.source})`,
  telemetry: (e) => `reading   ${e.temperature.toFixed(1)} °C  ${e.humidity.toFixed(1)} %RH`,
  roundtrip: (e) => (e.trip.done ? `set       ${roundTripText(e.trip)}` : null),
  fault: (e) => `fault     ${e.name}: ${e.detail}`,
  "firmware-boot": (e) => `boot      firmware boot #${e.boot}`,
  feature: (e) => `${e.what.padEnd(9)} ${e.detail}`,
  // info lines repeat the events above; warnings and errors are news.
  log: (e) => (e.level === "warn" || e.level === "error" ? `${e.level.padEnd(9)} ${e.message}` : null),
};

/** The line for `e`, or null if it is not worth a line of its own. */
export function describe(e: RigEvent): string | null {
  return (DESCRIBE[e.type] as Describer<typeof e.type>)(e as never);
}

/** `PowerSwitch_1=1 (id 42): relay 12 ms, set_reply 31 ms (200), post 64 ms`. */
export function roundTripText(t: RoundTrip): string {
  const relay = t.relayMs === null ? "relay unchanged" : `relay ${ms(t.relayMs)}`;
  const reply = `set_reply ${ms(t.replyMs)}${t.replyCode !== undefined ? ` (${t.replyCode})` : ""}`;
  return `PowerSwitch_1=${t.value} (id ${t.id}): ${relay}, ${reply}, post ${ms(t.postMs)}`;
}

function ms(value: number | undefined): string {
  return value === undefined ? "-" : `${Math.round(value)} ms`;
}
