/**
 * What "the firmware never throws" looks like from outside: the rig logs a throw from the
 * main loop at error level ("poll: <stack>"), the firmware logs its own give-ups at error
 * level, and a throw from a UART callback escapes as an uncaught exception. All are kept.
 */
import type { Rig } from "../../hosts/node/rig";

export class ErrorWatch {
  readonly problems: string[] = [];
  private readonly uncaught = (error: unknown): void => void this.problems.push("uncaught: " + describe(error));

  constructor(rig: Rig) {
    rig.events.on("event", (e) => {
      if (e.type === "log" && e.level === "error") this.problems.push(`log at ${Math.round(e.at)} ms: ${e.message}`);
    });
    process.on("uncaughtException", this.uncaught);
    process.on("unhandledRejection", this.uncaught);
  }

  close(): void {
    process.off("uncaughtException", this.uncaught);
    process.off("unhandledRejection", this.uncaught);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
