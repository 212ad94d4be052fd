import type { Clock, Log, SerialPort } from "../hal";
import { AtBuilder } from "./builder";
import { ascii, startsWith } from "./bytes";
import { AT_ABORTED, AT_OK, AT_STATUS_NAMES, AT_TIMEOUT, AtCommand, CONNECT, Urc } from "./command";
import type { CountedUrc } from "./counted";
import { AtParser, AtSink, FINAL_OK, RawConsumer } from "./parser";

const IDLE = 0;
const WAIT_PROMPT = 1;
const WAIT_FINAL = 2;
const WAIT_RESULT = 3;
/** An aborted data command whose prompt may still come: the module is owed its bytes. */
const OWE_DATA = 4;
/** The owed bytes went out: waiting for the module's final code. */
const OWE_FINAL = 5;
/** A command accepted but not sent: the final code of an aborted one may still come. */
const HOLD = 6;

const ECHO_UPPER = ascii("AT");
const ECHO_LOWER = ascii("at");

/** The module echoing a command line back (echo is on until ATE0 has gone through). */
function isEcho(bytes: Uint8Array, offset: number, length: number): boolean {
  return startsWith(bytes, offset, length, ECHO_UPPER) || startsWith(bytes, offset, length, ECHO_LOWER);
}

export interface AtEngineOptions {
  serial: SerialPort;
  clock: Clock;
  /** The unsolicited table, checked in order after the command's own prefixes. */
  urcs: Urc[];
  /** The dialect's URCs whose header announces a counted body (see ./counted.ts). */
  counted?: CountedUrc[];
  /** A counted URC that checked out (offsets valid during the call; see AtSink.counted). */
  onCounted(urc: CountedUrc, bytes: Uint8Array, at: number, body: number): void;
  onCountedError(urc: CountedUrc, reason: number): void;
  log: Log;
  /** Longest command line. */
  commandBytes?: number;
  /** Longest line or counted URC held whole. */
  rxCapacity?: number;
  /** Largest UART read. */
  chunk?: number;
  /**
   * A counted URC arrives in one burst; one still incomplete after this long is abandoned, so
   * a damaged length field cannot swallow the following output for long. Default 2000.
   */
  frameTimeoutMs?: number;
  /**
   * After a command is aborted (a module reset, a link going down), its final code may
   * still arrive and would be taken as the next command's: every reply after it would be one
   * behind. The next command waits for that final, or this long at most. Default 1000.
   */
  lateFinalMs?: number;
  /**
   * A module answers a data command's line with its prompt at once; an aborted one that has
   * not prompted this long after the abort never will, so the engine stops owing its bytes
   * then, not at the command's own timeout (80 s for an HTTP URL). Default 5000.
   */
  owedPromptMs?: number;
  /**
   * A command line came back as echo. Echo is on until ATE0 goes through, so once a driver has
   * sent ATE0 an echo means the module has forgotten its settings: it restarted unseen.
   */
  onEcho?: () => void;
}

/**
 * One AT command in flight at a time, with its timeout, its information lines, completion
 * on a final result code, an optional data phase after the prompt and an optional result
 * URC after `OK`. Everything else the modem says goes through the static URC table.
 *
 * Time comes from `poll()`: deadlines are numbers compared with the clock.
 */
export class AtEngine implements AtSink, RawConsumer {
  readonly parser: AtParser;
  readonly builder: AtBuilder;
  /** Final codes, prompts and lines that no command or URC claimed. */
  strays = 0;
  private readonly o: AtEngineOptions;
  private cmd: AtCommand | null = null;
  private state = IDLE;
  private deadline = 0;
  // Stryker disable next-line BooleanLiteral: send() clears it before any command can read it
  private resultSeen = false;
  // What is being transmitted: [txAt, txEnd) of txBytes.
  private txBytes: Uint8Array | null = null;
  private txAt = 0;
  private txEnd = 0;
  /** The aborted data command whose bytes the module may still want. */
  private owed: AtCommand | null = null;
  /** When the parser was first seen mid-frame, or -1. */
  private framingSince = -1;
  /** Until when a final code may belong to an aborted command, or -1. */
  private lateFinalUntil = -1;
  /** The line of a command in HOLD: the builder may be reused before it goes out. */
  private readonly held: Uint8Array;
  private heldLength = 0;

  constructor(options: AtEngineOptions) {
    this.o = options;
    this.builder = new AtBuilder(options.commandBytes ?? 512);
    this.held = new Uint8Array(options.commandBytes ?? 512);
    this.parser = new AtParser({ sink: this, capacity: options.rxCapacity, chunk: options.chunk, counted: options.counted });
  }

  /** A command is in flight, or the module is still owed the data of an aborted one. */
  get busy(): boolean {
    // Stryker disable next-line ConditionalExpression: a command in flight always has a state other than IDLE (send sets both, finish and abort clear both)
    return this.cmd !== null || this.state !== IDLE;
  }

  /** Name of the command in flight, for status displays. */
  get current(): string | null {
    return this.cmd === null ? null : this.cmd.name;
  }

  /** Start building a command line: `engine.begin("AT+CGDCONT=").int(1, 1, 16)...`. */
  begin(head: string): AtBuilder {
    return this.builder.begin(head);
  }

  /**
   * Send the line in the builder as `cmd`. False (and nothing written) if a command is in
   * flight or the builder refused a parameter; the reason is logged.
   */
  send(cmd: AtCommand): boolean {
    const b = this.builder;
    // Stryker disable next-line ConditionalExpression: a refused line is never sent, with or without its CR
    if (b.error === null) b.end();
    if (this.busy || b.error !== null) {
      this.o.log("error", "AT " + cmd.name + " refused: " + (b.error ?? "busy with " + this.current));
      return false;
    }
    this.cmd = cmd;
    this.resultSeen = false;
    if (this.lateFinalUntil < 0) {
      this.start(cmd, b.bytes, b.length);
      return true;
    }
    this.held.set(b.bytes.subarray(0, b.length), 0);
    this.heldLength = b.length;
    this.state = HOLD;
    return true;
  }

  private start(cmd: AtCommand, line: Uint8Array, length: number): void {
    this.state = cmd.data !== null ? WAIT_PROMPT : WAIT_FINAL;
    this.deadline = this.o.clock.now() + cmd.timeoutMs;
    this.transmit(line, length);
  }

  /** The aborted command's final came, or will not: the held command goes out. */
  private lateFinalSettled(): void {
    this.lateFinalUntil = -1;
    if (this.state === HOLD) this.start(this.cmd as AtCommand, this.held, this.heldLength);
  }

  /** UART bytes arrived; `words`, if given, is `bytes` as 32-bit words (see AtParser.feed). */
  receive(bytes: Uint8Array, length: number, words?: Int32Array): void {
    this.parser.feed(bytes, length, words);
  }

  /** The UART can take more bytes. */
  writable(): void {
    this.flush();
  }

  /** Check the deadline and keep transmitting. Call often (every few ms). */
  poll(): void {
    this.flush();
    this.frameWatch();
    // Stryker disable next-line ConditionalExpression: with no late final awaited (-1), settling it changes nothing: nothing is held then
    if (this.lateFinalUntil >= 0 && this.o.clock.now() >= this.lateFinalUntil) this.lateFinalSettled();
    if (this.state === IDLE || this.state === HOLD || this.o.clock.now() < this.deadline) return;
    if (this.cmd === null) {
      this.state = IDLE; // the owed prompt never came
      return;
    }
    this.o.log("warn", "AT " + this.cmd.name + " timed out");
    // Whatever half-line or half-frame is in the ring is what confused us.
    this.parser.resync();
    this.finish(AT_TIMEOUT, -1);
  }

  /**
   * End the command in flight (if any) as aborted and drop pending output. A data command
   * whose line went out may still get its prompt, and the module then takes the next N bytes
   * as payload, whatever they are: so unless the module has reset (`moduleReset`), the engine
   * stays busy until that prompt is answered with the data, or a final code or the timeout
   * says it will not come.
   */
  abort(moduleReset: boolean): void {
    const cmd = this.cmd;
    const state = this.state;
    this.txBytes = null;
    if (cmd === null) {
      if (moduleReset) this.state = IDLE;
      return;
    }
    const owes = !moduleReset && state === WAIT_PROMPT;
    this.cmd = null;
    this.state = owes ? OWE_DATA : IDLE;
    if (owes) this.oweData(cmd);
    else if (state === WAIT_FINAL || state === WAIT_PROMPT) this.expectLateFinal(cmd);
    cmd.onDone(AT_ABORTED, -1);
  }

  private oweData(cmd: AtCommand): void {
    this.owed = cmd;
    const until = this.o.clock.now() + (this.o.owedPromptMs ?? 5000);
    // Stryker disable next-line EqualityOperator: at equality both are the same deadline
    if (until < this.deadline) this.deadline = until;
  }

  private expectLateFinal(cmd: AtCommand): void {
    const wait = this.o.lateFinalMs ?? 1000;
    // Stryker disable next-line EqualityOperator: at equality both branches give the same wait
    this.lateFinalUntil = this.o.clock.now() + (cmd.timeoutMs < wait ? cmd.timeoutMs : wait);
  }

  // ---- AtSink: events from the parser ----

  /** Parser final codes FINAL_OK..FINAL_CMS_ERROR are the same numbers as AT_OK..AT_CMS_ERROR. */
  final(result: number, code: number): void {
    const state = this.state;
    if (state === WAIT_FINAL) this.finalForCommand(result, code);
    else if (state === WAIT_PROMPT && result !== FINAL_OK) this.finish(result, code);
    else if (state === OWE_DATA || state === OWE_FINAL) this.state = IDLE; // the module is done with it
    else this.stray(); // late OK of a timed-out or aborted command, or OK before a prompt: not ours
  }

  private stray(): void {
    this.strays++;
    // Stryker disable next-line ConditionalExpression: as in poll(), settling when nothing is awaited changes nothing
    if (this.lateFinalUntil >= 0) this.lateFinalSettled();
  }

  line(bytes: Uint8Array, offset: number, length: number): void {
    if (isEcho(bytes, offset, length)) return this.echo();
    if (this.cmd !== null && this.state !== HOLD && this.commandLine(this.cmd, bytes, offset, length)) return;
    const urcs = this.o.urcs;
    for (let i = 0; i < urcs.length; i++) {
      const urc = urcs[i];
      if (!startsWith(bytes, offset, length, urc.prefix)) continue;
      if (urc.abort) this.abort(true);
      urc.on(bytes, offset, length);
      return;
    }
    this.strays++;
  }

  private echo(): void {
    const onEcho = this.o.onEcho;
    if (onEcho !== undefined) onEcho();
  }

  prompt(): void {
    const cmd = this.state === OWE_DATA ? this.owed : this.cmd;
    if (cmd === null || (this.state !== WAIT_PROMPT && this.state !== OWE_DATA) || cmd.data === null) {
      this.strays++;
      return;
    }
    this.state = this.state === OWE_DATA ? OWE_FINAL : WAIT_FINAL;
    this.deadline = this.o.clock.now() + cmd.timeoutMs;
    this.transmit(cmd.data, cmd.dataLength);
  }

  counted(urc: CountedUrc, bytes: Uint8Array, at: number, body: number): void {
    this.o.onCounted(urc, bytes, at, body);
  }

  countedError(urc: CountedUrc, reason: number): void {
    this.o.onCountedError(urc, reason);
  }

  // ---- internals ----

  private frameWatch(): void {
    if (!this.parser.framing) {
      this.framingSince = -1;
      return;
    }
    const now = this.o.clock.now();
    if (this.framingSince < 0) this.framingSince = now;
    if (now - this.framingSince < (this.o.frameTimeoutMs ?? 2000)) return;
    this.o.log("warn", "counted URC incomplete for too long: dropped");
    this.framingSince = -1;
    this.parser.abandonFrame();
  }

  private finalForCommand(result: number, code: number): void {
    const cmd = this.cmd as AtCommand;
    if (result !== FINAL_OK || cmd.result === null || this.resultSeen) {
      this.finish(result, code);
      return;
    }
    this.state = WAIT_RESULT;
    this.deadline = this.o.clock.now() + cmd.resultTimeoutMs;
  }

  /** True if the line belongs to the command in flight. */
  private commandLine(cmd: AtCommand, bytes: Uint8Array, offset: number, length: number): boolean {
    if (cmd.result !== null && this.state !== WAIT_PROMPT && startsWith(bytes, offset, length, cmd.result)) {
      cmd.onLine(bytes, offset, length);
      if (this.state === WAIT_RESULT) this.finish(AT_OK, -1);
      else this.resultSeen = true; // some firmware sends the result before OK
      return true;
    }
    if (cmd.response !== null && this.state !== WAIT_RESULT && startsWith(bytes, offset, length, cmd.response)) {
      cmd.onLine(bytes, offset, length);
      return true;
    }
    return this.connect(cmd, bytes, offset, length);
  }

  /** `CONNECT`: a data command's prompt, or the start of the command's raw answer. */
  private connect(cmd: AtCommand, bytes: Uint8Array, offset: number, length: number): boolean {
    const state = this.state;
    if ((state !== WAIT_PROMPT && (state !== WAIT_FINAL || cmd.rawLength <= 0)) || !startsWith(bytes, offset, length, CONNECT)) return false;
    if (state === WAIT_PROMPT) this.prompt();
    else this.parser.stream(cmd.rawLength, this);
    return true;
  }

  /** RawConsumer: a piece of the command's raw answer (dropped if the command ended meanwhile). */
  raw(bytes: Uint8Array, offset: number, length: number): void {
    if (this.cmd !== null) this.cmd.onRaw(bytes, offset, length);
  }

  private finish(status: number, code: number): void {
    const cmd = this.cmd as AtCommand;
    this.cmd = null;
    this.state = IDLE;
    this.txBytes = null;
    if (status !== AT_OK && status !== AT_TIMEOUT && status !== AT_ABORTED) {
      this.o.log("warn", "AT " + cmd.name + " -> " + AT_STATUS_NAMES[status] + (code >= 0 ? " " + code : ""));
    }
    cmd.onDone(status, code);
  }

  private transmit(bytes: Uint8Array, length: number): void {
    this.txBytes = bytes;
    this.txAt = 0;
    this.txEnd = length;
    this.flush();
  }

  private flush(): void {
    const bytes = this.txBytes;
    if (bytes === null) return;
    this.txAt += this.o.serial.write(bytes, this.txAt, this.txEnd - this.txAt);
    if (this.txAt >= this.txEnd) this.txBytes = null;
  }
}
