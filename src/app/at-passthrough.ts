import { ascii, utf8 } from "../at/bytes";
import { AT_ABORTED, AT_OK, AT_STATUS_NAMES, AT_TIMEOUT, AtCommand, command } from "../at/command";
import type { AtEngine } from "../at/engine";

/** A console AT command gets this long for its final result code. */
export const AT_PASS_TIMEOUT_MS = 10000;

/**
 * `at <command>` on the console: one command line queued through the driver's own AT engine,
 * so it goes out only between the driver's commands, never into the middle of one, and its
 * answer is read by the same parser. The information lines shown are those starting with
 * the command's `+NAME:` (a URC meanwhile still reaches the driver); a command without one
 * (ATI, AT+GSN) shows every line until its final code.
 *
 * For bring-up and queries: a command that changes the module's state (closing MQTT, a
 * reset) is the driver's to notice, as it notices any other fault.
 */
export class AtPassthrough {
  private readonly cmd: AtCommand;
  private readonly out: (line: string) => void;
  private waiting: string | null = null;
  private inFlight = false;

  constructor(out: (line: string) => void) {
    this.out = out;
    this.cmd = command("console", AT_PASS_TIMEOUT_MS, (status, code) => this.done(status, code));
    this.cmd.onLine = (bytes, offset, length) => this.out("  " + utf8(bytes, offset, length));
  }

  /** A command waits or is in flight: one at a time. */
  get busy(): boolean {
    return this.waiting !== null || this.inFlight;
  }

  /** Queue `line` (already checked: printable ASCII starting with AT). False if one is already queued. */
  queue(line: string): boolean {
    if (this.busy) return false;
    this.waiting = line;
    return true;
  }

  /** Drop a queued command (no modem to send it to). */
  cancel(): void {
    this.waiting = null;
  }

  /** From the poll loop, before the driver's own poll: send when the engine is free. */
  poll(engine: AtEngine): void {
    const line = this.waiting;
    if (line === null || engine.busy) return;
    this.waiting = null;
    this.cmd.response = responsePrefix(line);
    engine.begin(line);
    if (engine.send(this.cmd)) this.inFlight = true;
    else this.out("at: refused: " + (engine.builder.error !== null ? engine.builder.error : "engine busy"));
  }

  private done(status: number, code: number): void {
    this.inFlight = false;
    if (status === AT_OK) return this.out("OK");
    if (status === AT_TIMEOUT) return this.out("at: no final result code within " + AT_PASS_TIMEOUT_MS / 1000 + " s");
    if (status === AT_ABORTED) return this.out("at: aborted (the module reset or the driver took it back)");
    this.out(AT_STATUS_NAMES[status] + (code >= 0 ? " " + code : ""));
  }
}

/** `AT+CSQ` and `AT+QMTCONN?` answer `+CSQ:` / `+QMTCONN:`; others get every line (empty prefix). */
function responsePrefix(line: string): Uint8Array {
  const name = /^[Aa][Tt]([+$][A-Za-z0-9_]+)/.exec(line);
  return ascii(name !== null ? name[1].toUpperCase() + ":" : "");
}
