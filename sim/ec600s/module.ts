/**
 * The module's AT engine and power life: reads command lines from the UART FIFO one at a
 * time (the next line waits until the current command's final result code is out), echoes
 * what it consumes, runs handlers, and frames what they say. Handlers (commands/*) only
 * talk to the host through `reply`, `fail`, `urc` and `prompt`.
 */
import { isAtLine, parseAtCommand, type AtCommand } from "./at-command";
import { concat, frame } from "./bytes";
import { ModuleOutput } from "./output";
import { defaultContexts, type PdpContext } from "./pdp";
import { freshSlots, type QmtSlot } from "./qmt-slot";
import { seededRandom } from "./random";
import { Registration } from "./registration";
import { Scheduler } from "./scheduler";
import { freshSslContexts, type SslContext } from "./ssl";
import { UartInput } from "./uart-input";
import type { ResolvedOptions } from "./options";
import type { FetchResult } from "../ota/files";
import type { Personality } from "./personality";

/** A final result code: `OK`, `ERROR`, or `+CME ERROR: <n>` (plain `ERROR` while CMEE=0). */
export type Final = "OK" | "ERROR" | { cme: number };

export type Handler = (m: Module, cmd: AtCommand) => void;

/** Everything a reboot forgets. */
export interface ModuleState {
  echo: boolean;
  cmee: number;
  registration: Registration;
  pdp: Map<number, PdpContext>;
  slots: QmtSlot[];
  /** SSL contexts (`AT+QSSLCFG` 0-5, `AT+CSSLCFG` 0-9): settings a reboot forgets. */
  ssl: SslContext[];
  /** The HTTP client: the URL set by QHTTPURL, what the last GET found. */
  http: { url: string; answer?: FetchResult };
}

export type Power = "off" | "booting" | "on";

interface RawRead {
  remaining: number;
  chunks: Uint8Array[];
  done: (payload: Uint8Array) => void;
}

export class Module {
  readonly scheduler: Scheduler;
  readonly output: ModuleOutput;
  readonly random: () => number;
  readonly input: UartInput;
  state: ModuleState;
  power: Power = "off";
  simPresent: boolean;
  /** Fault: CONNACK codes forced onto the next QMTCONNs. */
  readonly forcedConnacks: number[] = [];
  /**
   * The module's flash file system (Quectel UFS files by name, `UFS:` included; SIMCom's
   * certificate store as `cert:<name>`): unlike settings, it survives a reboot.
   */
  readonly files = new Map<string, Uint8Array>();
  /** Fault: the next file uploads store (and count) one byte changed, as if lost on the UART. */
  corruptUploads = 0;
  /** Fault: the next file uploads are refused with this CME code (e.g. 409 "fail to write"). */
  readonly refusedUploads: number[] = [];
  private busy = false;
  private raw?: RawRead;

  private readonly handlers: Record<string, Handler>;

  constructor(
    readonly options: ResolvedOptions,
    readonly personality: Personality,
  ) {
    this.handlers = personality.commands;
    this.scheduler = new Scheduler(options.timers);
    this.random = seededRandom(options.seed);
    this.output = new ModuleOutput((bytes) => this.toHost(bytes), this.random, (ms, fn) => this.after(ms, fn));
    this.input = new UartInput(options.lfAfterCr);
    this.simPresent = options.simPresent;
    this.state = this.freshState();
  }

  private toHost(bytes: Uint8Array): void {
    if (this.power === "off") return;
    this.options.trace?.({ dir: "rx", at: this.options.timers.now(), bytes });
    this.options.onData(bytes);
  }

  // ---- UART in ----------------------------------------------------------------------

  /** Host -> module bytes; ignored unless the module is up (its UART is dead before RDY). */
  receive(bytes: Uint8Array): void {
    if (this.power !== "on") return;
    this.input.push(bytes);
    this.pump();
  }

  private pump(): void {
    while (this.power === "on" && this.input.buffered > 0) {
      if (this.raw) this.pumpRaw(this.raw);
      else if (this.busy) return;
      else this.pumpLine();
    }
  }

  private pumpLine(): void {
    const { consumed, line } = this.input.takeLine();
    this.echo(consumed);
    if (line !== undefined && isAtLine(line)) this.execute(line);
  }

  private pumpRaw(raw: RawRead): void {
    const chunk = this.input.takeRaw(raw.remaining);
    this.echo(chunk);
    raw.chunks.push(chunk);
    raw.remaining -= chunk.length;
    if (raw.remaining > 0) return;
    this.raw = undefined;
    raw.done(concat(...raw.chunks));
  }

  private echo(bytes: Uint8Array): void {
    if (this.state.echo && bytes.length > 0) this.output.send("echo", bytes);
  }

  private execute(line: string): void {
    this.busy = true;
    const cmd = parseAtCommand(line);
    const handler = cmd && Object.hasOwn(this.handlers, cmd.name) ? this.handlers[cmd.name] : undefined;
    if (cmd && handler) handler(this, cmd);
    else this.reply("ERROR");
  }

  // ---- what handlers say --------------------------------------------------------------

  /**
   * After the command's response time: information lines (one frame; or bytes already
   * framed, for a raw payload), then the final
   * result code; then `then` runs (e.g. to start the work a later URC reports).
   */
  reply(final: Final, info: string[] | Uint8Array = [], then?: () => void, delayMs = this.options.delays.response): void {
    this.after(delayMs, () => {
      if (info.length > 0) this.output.send("info", info instanceof Uint8Array ? info : `\r\n${info.join("\r\n")}\r\n`);
      this.output.send("final", frame(this.finalText(final)));
      this.busy = false;
      then?.();
      this.pump();
    });
  }

  /** `+CME ERROR: <code>` when CMEE allows and a code is given, else `ERROR`. */
  fail(cme?: number): void {
    this.reply(cme === undefined ? "ERROR" : { cme });
  }

  private finalText(final: Final): string {
    if (typeof final === "string") return final;
    return this.state.cmee > 0 ? `+CME ERROR: ${final.cme}` : "ERROR";
  }

  urc(line: string): void {
    this.output.send("urc", frame(line));
  }

  /** A URC already framed as bytes (one with a raw payload inside). */
  urcBytes(bytes: Uint8Array): void {
    this.output.send("urc", bytes);
  }

  /** After the response time print the `>` prompt, then take exactly `length` raw bytes. */
  prompt(length: number, done: (payload: Uint8Array) => void): void {
    this.after(this.options.delays.response, () => {
      this.output.send("prompt", this.options.pubexPrompt);
      this.raw = { remaining: length, chunks: [], done };
      this.pump();
    });
  }

  /** Stop waiting for raw bytes (the command's own timeout): what came is dropped; false if none were awaited. */
  abandonRaw(): boolean {
    if (!this.raw) return false;
    this.raw = undefined;
    return true;
  }

  /** After the response time print `CONNECT` (Quectel's upload prompt), then take exactly `length` raw bytes. */
  connectPrompt(length: number, done: (payload: Uint8Array) => void): void {
    this.after(this.options.delays.response, () => {
      this.output.send("prompt", frame("CONNECT"));
      this.raw = { remaining: length, chunks: [], done };
      this.pump();
    });
  }

  /** A command that prints its own answer over time (a download): `fn` after the response time, then `idle()`. */
  busyFor(fn: () => void): void {
    this.after(this.options.delays.response, fn);
  }

  /** The command that called busyFor is done: the next line may run. */
  idle(): void {
    this.busy = false;
    this.pump();
  }

  after(ms: number, fn: () => void): void {
    this.scheduler.after(ms, fn);
  }

  // ---- power ------------------------------------------------------------------------

  powerOn(): void {
    if (this.power !== "off") return;
    this.boot();
  }

  /** Spontaneous reset: silence, then RDY with everything forgotten. */
  reboot(): void {
    this.teardown();
    this.boot();
  }

  powerOff(): void {
    this.teardown();
    this.power = "off";
  }

  private boot(): void {
    this.power = "booting";
    this.after(this.options.delays.boot, () => this.ready());
  }

  private ready(): void {
    this.power = "on";
    this.urc(this.personality.ready);
    this.options.bootUrcs.forEach((line, i) => this.after(100 * (i + 1), () => this.urc(line)));
    if (this.simPresent) this.state.registration.search(this.options.delays.registration);
  }

  private teardown(): void {
    this.scheduler.cancelAll();
    for (const slot of this.state.slots) slot.reset();
    this.input.clear();
    this.busy = false;
    this.raw = undefined;
    this.state = this.freshState();
  }

  private freshState(): ModuleState {
    const services = { after: (ms: number, fn: () => void) => this.after(ms, fn), urc: (line: string) => this.urc(line) };
    return {
      echo: true,
      cmee: 0,
      registration: new Registration(services, this.options.registeredStat),
      pdp: defaultContexts(this.options.apn),
      slots: freshSlots(),
      ssl: freshSslContexts(),
      http: { url: "" },
    };
  }
}
