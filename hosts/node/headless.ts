/** --headless: every state change as one timestamped line on stdout. */
import type { LineSink } from "./log";
import { describe } from "./describe";
import type { Rig } from "./rig";
import { clockText } from "./stamp";

export function printEvents(rig: Rig, sink: LineSink): void {
  rig.events.on("event", (e) => {
    const line = describe(e);
    if (line !== null) sink(`${clockText(e.at)}  ${line}`);
  });
}
