/**
 * --headless: every state change as one timestamped line on stdout. Lines carry set ids,
 * module error text and firmware log messages, so they are printable() before they go out.
 */
import type { LineSink } from "./log";
import { describe } from "./describe";
import type { Rig } from "./rig";
import { printable } from "./printable";
import { clockText } from "./stamp";

export function printEvents(rig: Rig, sink: LineSink): void {
  rig.events.on("event", (e) => {
    const line = describe(e);
    if (line !== null) sink(printable(`${clockText(e.at)}  ${line}`));
  });
}
