/**
 * Module -> host bytes. Everything the module says goes through here, tagged with what it
 * is, so output faults can target it: lose bytes, drop or delay the next final result code,
 * drop the next URC with a given prefix.
 */
import { encode } from "./bytes";

export type OutputKind = "echo" | "info" | "final" | "urc" | "prompt" | "noise";

export class OutputFaults {
  /** Drop this many random bytes from the next chunk sent. */
  loseNext = 0;
  /** Drop each byte with this probability, until set back to 0. */
  lossProbability = 0;
  /** Drop this many upcoming final result codes (OK / ERROR / +CME ERROR). */
  dropFinals = 0;
  /** Delay the next final result code by this many ms (0 = none pending). */
  delayNextFinalMs = 0;
  /** Drop the next URC starting with each prefix (one-shot each). */
  dropUrcPrefixes: string[] = [];
}

export class ModuleOutput {
  readonly faults = new OutputFaults();

  constructor(
    private readonly deliver: (bytes: Uint8Array) => void,
    private readonly random: () => number,
    private readonly later: (ms: number, fn: () => void) => void,
  ) {}

  send(kind: OutputKind, data: string | Uint8Array): void {
    const bytes = typeof data === "string" ? encode(data) : data;
    if (this.intercepted(kind, bytes)) return;
    this.emit(bytes);
  }

  /** True when a fault swallowed or postponed the chunk. */
  private intercepted(kind: OutputKind, bytes: Uint8Array): boolean {
    if (kind === "final") return this.interceptFinal(bytes);
    if (kind === "urc") return this.takeUrcDrop(bytes);
    return false;
  }

  private interceptFinal(bytes: Uint8Array): boolean {
    if (this.faults.dropFinals > 0) {
      this.faults.dropFinals--;
      return true;
    }
    const delay = this.faults.delayNextFinalMs;
    if (delay <= 0) return false;
    this.faults.delayNextFinalMs = 0;
    this.later(delay, () => this.emit(bytes));
    return true;
  }

  private takeUrcDrop(bytes: Uint8Array): boolean {
    const text = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart();
    const i = this.faults.dropUrcPrefixes.findIndex((p) => text.startsWith(p));
    if (i < 0) return false;
    this.faults.dropUrcPrefixes.splice(i, 1);
    return true;
  }

  private emit(bytes: Uint8Array): void {
    const kept = this.lose(bytes);
    if (kept.length > 0) this.deliver(kept);
  }

  private lose(bytes: Uint8Array): Uint8Array {
    const drop = new Set<number>();
    const count = Math.min(this.faults.loseNext, bytes.length);
    this.faults.loseNext = 0;
    while (drop.size < count) drop.add(Math.floor(this.random() * bytes.length));
    const p = this.faults.lossProbability;
    if (drop.size === 0 && p <= 0) return bytes;
    return bytes.filter((_, i) => !drop.has(i) && !(p > 0 && this.random() < p));
  }
}
