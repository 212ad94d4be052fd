import { AT_ABORTED, AT_OK, AT_TIMEOUT, AtCommand, command } from "../at/command";
import { Fields } from "../at/fields";
import type { Clock } from "../hal";
import type { HttpAnswer, HttpClient } from "./dialect";
import type { ModemSide } from "./network-time";

/** How a download ended. */
export type DownloadOutcome =
  | "done"
  /** The module's HTTP client failed (no server, DNS, socket): `detail` is its error code. */
  | "failed"
  /** The server answered, and the sink refused it (a status other than 200, a wrong length). */
  | "refused"
  /** The body stopped coming, or came short: `detail` is how much came. */
  | "cut"
  /** The link went down under it (the runner aborted the command). */
  | "aborted"
  /** The module has no HTTP client the driver knows. */
  | "unsupported";

/** Where a download goes. */
export interface DownloadSink {
  /** The server answered with `status` and a body of `length` bytes (-1: not said). False to stop. */
  begin(status: number, length: number): boolean;
  /** A piece of the body, in place (valid during the call). */
  data(bytes: Uint8Array, offset: number, length: number): void;
  end(outcome: DownloadOutcome, detail: number): void;
}

// What the download does next.
const IDLE = 0;
const SETUP = 1;
const URL = 2;
const GET = 3;
const READ = 4;
/** A command is out: its answer decides. */
const WAITING = 5;

/** Setup and GET commands answer OK at once (the GET's result comes later). */
const SETUP_TIMEOUT_MS = 5000;
/** No byte of the body for this long: the read is given up (the module or the server stalled). */
const STALL_MS = 15000;
/** The read's own timeout: the module's wait, and the body at no less than 2 bytes a millisecond. */
const READ_BYTES_PER_MS = 2;

/**
 * One file from a URL through the module's HTTP client (the dialect's HttpClient): setup,
 * URL, GET, then one read whose answer is the body, streamed by the AT engine straight to the
 * sink (a firmware image never sits in RAM). Like NetworkTime it borrows the runner's engine
 * only between the runner's own commands, so publishes and link checks go on around it; the
 * read itself holds the engine for as long as the body takes.
 */
export class HttpDownload {
  /** Body bytes received so far. */
  received = 0;
  /** The body's length from the GET, or -1. */
  length = -1;
  private readonly modem: ModemSide;
  private readonly clock: Clock;
  private readonly cmd: AtCommand;
  // The command's prefixes are the dialect's; response lines are none (results only).
  private readonly fields = new Fields(4);
  // Stryker disable next-line ObjectLiteral,UnaryOperator: the GET ends OK only after its result line, whose answer() sets every field
  private readonly answer: HttpAnswer = { err: -1, status: 0, contentLength: -1 };
  private readonly urlBytes: Uint8Array;
  private urlLength = 0;
  // Stryker disable next-line BooleanLiteral: start() sets it before any command is built
  private https = false;
  private next = IDLE;
  private setupIndex = 0;
  private sink: DownloadSink | null = null;
  // Stryker disable next-line UnaryOperator: read() sets it before each read
  private readErr = -1;
  private lastDataAt = 0;
  /** The step whose command is out (while `next` is WAITING). */
  private waitingFor = IDLE;

  constructor(modem: ModemSide, clock: Clock, maxUrlBytes: number) {
    this.modem = modem;
    this.clock = clock;
    this.urlBytes = new Uint8Array(maxUrlBytes);
    this.cmd = command("http", 0, (status, code) => this.done(status, code));
    this.cmd.onLine = (b, off, len) => this.line(b, off, len);
    this.cmd.onRaw = (b, off, len) => this.data(b, off, len);
  }

  get active(): boolean {
    return this.next !== IDLE;
  }

  /**
   * Begin fetching `url` (ASCII, as the cloud sent it). False, with nothing begun, when a
   * download is running or the URL does not fit; a module without an HTTP client ends at
   * once with "unsupported".
   */
  start(url: string, sink: DownloadSink): boolean {
    if (this.next !== IDLE || url.length > this.urlBytes.length) return false;
    // Stryker disable next-line EqualityOperator: one more turn reads NaN, which passes both checks and leaves a 0 past urlLength, never sent
    for (let i = 0; i < url.length; i++) {
      const c = url.charCodeAt(i);
      if (c <= 32 || c >= 127) return false;
      this.urlBytes[i] = c;
    }
    this.urlLength = url.length;
    this.https = url.slice(0, 8).toLowerCase() === "https://";
    this.sink = sink;
    this.received = 0;
    this.length = -1;
    if (this.modem.dialect.http === null) {
      this.finish("unsupported", 0);
      return true;
    }
    this.setupIndex = 0;
    this.next = SETUP;
    return true;
  }

  /** Give up the download (the sink hears "aborted"). */
  cancel(): void {
    if (this.next === WAITING) this.modem.engine.abort(false);
    if (this.next !== IDLE) this.finish("aborted", this.received);
  }

  /** Send the next command when the engine is free; give up a read that stalled. */
  poll(): void {
    const next = this.next;
    if (next === WAITING) return this.watchStall();
    if (next === IDLE || this.modem.engine.busy) return;
    const step = this.prepare(next);
    this.next = WAITING;
    this.waitingFor = step;
    this.lastDataAt = this.clock.now();
    // Only a URL the builder refuses (checked in start) or a busy engine (checked above) fails here.
    if (!this.modem.engine.send(this.cmd)) this.finish("failed", -1);
  }

  /** Build the command for `next` (the next setup command, or past the last, the URL): which step it is. */
  private prepare(next: number): number {
    const http = this.modem.dialect.http as HttpClient;
    const cmd = this.cmd;
    cmd.result = null;
    cmd.data = null;
    cmd.rawLength = 0;
    cmd.timeoutMs = SETUP_TIMEOUT_MS;
    const step = next === SETUP && !http.setup(this.modem.engine.builder, this.setupIndex, this.https) ? URL : next;
    if (step === URL) this.url(http, cmd);
    else if (step === GET) this.get(http, cmd);
    else if (step === READ) this.read(http, cmd);
    return step;
  }

  private url(http: HttpClient, cmd: AtCommand): void {
    http.url(this.modem.engine.builder, this.urlLength);
    cmd.data = this.urlBytes;
    cmd.dataLength = this.urlLength;
    cmd.timeoutMs = http.waitMs;
  }

  private get(http: HttpClient, cmd: AtCommand): void {
    http.get(this.modem.engine.builder);
    cmd.result = http.getResult;
    cmd.resultTimeoutMs = http.waitMs + SETUP_TIMEOUT_MS;
    // Stryker disable next-line UnaryOperator: the GET ends OK only after its result line, whose answer() sets err
    this.answer.err = -1;
  }

  private read(http: HttpClient, cmd: AtCommand): void {
    http.read(this.modem.engine.builder);
    cmd.result = http.readResult;
    cmd.rawLength = this.length;
    cmd.timeoutMs = http.waitMs + this.length / READ_BYTES_PER_MS;
    cmd.resultTimeoutMs = SETUP_TIMEOUT_MS;
    // Stryker disable next-line UnaryOperator: the read ends OK only after its result line, whose readError() sets it
    this.readErr = -1;
  }

  private watchStall(): void {
    if (this.waitingFor !== READ || this.clock.now() - this.lastDataAt < STALL_MS) return;
    const engine = this.modem.engine;
    // Not waiting any more: the abort's onDone must not end the download as "aborted" first.
    this.next = IDLE;
    // Out of the raw stream first: what comes after is lines again.
    engine.parser.resync();
    // Stryker disable next-line BooleanLiteral: the read is past any prompt, and only a command awaiting its prompt is aborted differently on a module reset
    engine.abort(false);
    this.finish("cut", this.received);
  }

  private line(bytes: Uint8Array, offset: number, length: number): void {
    const http = this.modem.dialect.http as HttpClient;
    const f = this.fields;
    if (this.waitingFor === GET) {
      f.read(bytes, offset + http.getResult.length, offset + length);
      http.answer(f, this.answer);
    } else {
      // Only the GET and the read have a result prefix, and the engine passes on only result lines.
      f.read(bytes, offset + http.readResult.length, offset + length);
      this.readErr = http.readError(f);
    }
  }

  private data(bytes: Uint8Array, offset: number, length: number): void {
    this.received += length;
    this.lastDataAt = this.clock.now();
    (this.sink as DownloadSink).data(bytes, offset, length);
  }

  private done(status: number, code: number): void {
    if (this.next !== WAITING) return;
    if (status === AT_ABORTED) return this.finish("aborted", this.received);
    const step = this.waitingFor;
    if (step === READ) return this.readDone(status);
    // A CME error's number is the module's HTTP error code (Quectel's 7xx); plain ERROR is -1.
    if (status !== AT_OK) return this.finish("failed", status === AT_TIMEOUT ? -2 : code);
    if (step === SETUP) {
      this.setupIndex++;
      this.next = SETUP;
    } else if (step === URL) {
      this.next = GET;
    } else {
      this.got();
    }
  }

  private got(): void {
    const a = this.answer;
    if (a.err !== 0) return this.finish("failed", a.err);
    this.length = a.contentLength;
    if (!(this.sink as DownloadSink).begin(a.status, a.contentLength) || a.contentLength <= 0) return this.finish("refused", a.status);
    this.next = READ;
  }

  private readDone(status: number): void {
    const complete = status === AT_OK && this.readErr === 0 && this.received === this.length;
    this.finish(complete ? "done" : "cut", this.received);
  }

  private finish(outcome: DownloadOutcome, detail: number): void {
    const sink = this.sink as DownloadSink;
    this.next = IDLE;
    this.waitingFor = IDLE;
    this.sink = null;
    sink.end(outcome, detail);
  }
}
