import { utf8 } from "../at/bytes";
import { AT_ABORTED, AT_OK, AtCommand, command } from "../at/command";
import type { AtEngine } from "../at/engine";
import type { Dialect } from "./dialect";

/** What a network-time query ends with. */
export type NetworkTimeOutcome = "time" | "no-time" | "aborted";

/** The runner whose engine and dialect a capability beside it borrows (the Modem). */
export interface ModemSide {
  readonly engine: AtEngine;
  /** Read at each use: `modem=auto` binds the dialect only once `ATI` has answered. */
  readonly dialect: Dialect;
}

/**
 * The module's network time (NITZ), in the dialect's words (`AT+QLTS=1` on Quectel,
 * `AT+CCLK?` on SIMCom): a fallback for the cloud's time.
 *
 * A narrow capability beside the runner, not part of it: it borrows the runner's AT engine
 * only while that engine is idle (`query` refuses otherwise), so the runner's own commands
 * never wait for it for longer than one short exchange.
 */
export class NetworkTime {
  /** UTC epoch ms of the last answer, NaN when the module had no network time. */
  utcMs = NaN;
  private readonly modem: ModemSide;
  private readonly cmd: AtCommand;
  private readonly onDone: (outcome: NetworkTimeOutcome, utcMs: number) => void;

  constructor(modem: ModemSide, timeoutMs: number, onDone: (outcome: NetworkTimeOutcome, utcMs: number) => void) {
    this.modem = modem;
    this.onDone = onDone;
    this.cmd = command("network time", timeoutMs, (status) => this.done(status));
    this.cmd.onLine = (b, off, len) => this.line(b, off, len);
  }

  /** Send the query if the engine is free. False when it is not (try again later). */
  query(): boolean {
    const engine = this.modem.engine;
    if (engine.busy) return false;
    const q = this.modem.dialect.networkTime;
    this.utcMs = NaN;
    this.cmd.response = q.response;
    q.request(engine.builder);
    return engine.send(this.cmd);
  }

  private line(bytes: Uint8Array, offset: number, length: number): void {
    this.utcMs = this.modem.dialect.networkTime.utcMs(utf8(bytes, offset, length));
  }

  private done(status: number): void {
    if (status === AT_ABORTED) return this.onDone("aborted", NaN);
    this.onDone(status === AT_OK && !isNaN(this.utcMs) ? "time" : "no-time", this.utcMs);
  }
}
