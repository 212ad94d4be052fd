/**
 * An AT trace in the form engineers know from QCOM and similar serial tools: one timestamped
 * line per direction and line, control bytes made visible.
 *
 *   [00:00:03.214][TX] AT+CPIN?\r
 *   [00:00:03.226][RX] \r\n+CPIN: READY\r\n
 *   [00:00:03.226][RX] \r\nOK\r\n
 *
 * TX is host -> module. Bytes arrive in arbitrary chunks, so a line is printed when the LF
 * after some text comes (the module's leading CR LF stays with the line it opens), when the other direction starts talking, or after a short quiet spell (a command's
 * trailing CR, the `> ` prompt of QMTPUBEX).
 */
import type { LineSink } from "./log";
import type { Stamp } from "./stamp";
import type { UartTap } from "./uart-sink";

type Direction = "TX" | "RX";

const QUIET_MS = 20;

export class AtTrace implements UartTap {
  private direction: Direction = "TX";
  private pending = "";
  private pendingText = false;
  private pendingStamp = "";
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sink: LineSink,
    private readonly stamp: Stamp,
  ) {}

  tx(bytes: Uint8Array): void {
    this.add("TX", bytes);
  }

  rx(bytes: Uint8Array): void {
    this.add("RX", bytes);
  }

  /** Print what is held back (at exit). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending === "") return;
    this.sink(`[${this.pendingStamp}][${this.direction}] ${this.pending}`);
    this.pending = "";
    this.pendingText = false;
  }

  private add(direction: Direction, bytes: Uint8Array): void {
    if (direction !== this.direction) this.flush();
    this.direction = direction;
    for (const byte of bytes) this.addByte(byte);
    clearTimeout(this.timer);
    this.timer = this.pending === "" ? undefined : setTimeout(() => this.flush(), QUIET_MS);
    this.timer?.unref();
  }

  private addByte(byte: number): void {
    if (this.pending === "") this.pendingStamp = this.stamp();
    this.pending += visible(byte);
    if (byte !== 0x0d && byte !== 0x0a) this.pendingText = true;
    else if (byte === 0x0a && this.pendingText) this.flush();
  }
}

/** `\r`, `\n`, `\\` and `\xNN` for other control and non-ASCII bytes. */
export function visible(byte: number): string {
  if (byte === 0x0d) return "\\r";
  if (byte === 0x0a) return "\\n";
  if (byte === 0x5c) return "\\\\";
  if (byte >= 0x20 && byte < 0x7f) return String.fromCharCode(byte);
  return "\\x" + byte.toString(16).padStart(2, "0");
}
