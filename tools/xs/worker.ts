/**
 * Drives a real XS engine (Agoric's xsnap-worker binary) from Node, for tests and benchmarks.
 *
 * We speak the worker's netstring protocol ourselves instead of using the @agoric/xsnap API:
 * that API pulls in SES/endo at runtime and hides the raw meter record. Protocol
 * (xsnap-native/xsnap/sources/xsnap-worker.c):
 *   to XS (fd 3):   `e<code>` evaluate a script via global indirect eval
 *   from XS (fd 4): `.<meterJSON>\x01<reply>`  done; reply = completion value if it is an
 *                                              ArrayBuffer (or has an ArrayBuffer `.result`)
 *                   `!<message>`              uncaught exception (the machine lives on)
 *                   `?<bytes>`                issueCommand() from XS; we must answer `/<bytes>`
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { deviceWorkerPath } from "./device-worker";
import { encodeNetstring, NetstringReader } from "./netstring";
import { EXIT_MEANINGS, parseOkay, type XsResult } from "./protocol";

export type { XsResult };

export interface XsOptions {
  /** Shows up in `ps` and in error messages. */
  name?: string;
  /**
   * Compute units after which one evaluation kills the worker (xsnap `-l`, a C int).
   * 0 (default) = no limit. Compute is metered and reported either way.
   */
  meteringLimit?: number;
  /**
   * Wall-clock bound for a single evaluation; the worker is killed when exceeded. Start-up
   * (spawning the worker, its first round trip) has its own, longer bound: on a busy machine
   * it alone can take longer than a tight evaluation limit.
   */
  timeoutMs?: number;
  /** 'pipe' (default) collects `print()` output for `printed()`; 'inherit' shows it live. */
  stdout?: "pipe" | "inherit";
  /**
   * Run on the device-shaped worker (./device-worker.ts): the ESP32 manifest's stack, and after
   * `preloadDone()` its fixed heap and chunk. Default: the stock xsnap-worker, which has 8x the
   * stack and a heap that grows.
   */
  device?: boolean;
  /** Answers `issueCommand(arrayBuffer)` calls made inside XS. Default: echo the request. */
  onCommand?: (request: Uint8Array) => Uint8Array | string | Promise<Uint8Array | string>;
}


export interface Xs {
  readonly name: string;
  /** Evaluate a script (sloppy global code, like `(0, eval)(code)`). */
  evaluate(code: string): Promise<XsResult>;
  /**
   * Evaluate and return the completion value through JSON. A string completion value is
   * taken to be JSON text already (so `"JSON.stringify(x)"` works); anything else is
   * `JSON.stringify`-ed inside XS. Hence a plain string result must be stringified by the
   * caller: `evaluateJson("JSON.stringify(name)")`.
   */
  evaluateJson<T = unknown>(code: string): Promise<T>;
  /**
   * What `print()` wrote since the previous call (stdout: 'pipe' only; at most the last 1 MB).
   * Async because stdout
   * is a separate pipe from replies: it prints a marker and waits for it to come through.
   */
  printed(): Promise<string>;
  /** Kill the worker; pending evaluations reject. Resolves once the process is gone. */
  close(): Promise<void>;
}

/** An exception thrown inside XS; `message` is XS's own text, e.g. "Error: boom". */
export class XsError extends Error {
  override name = "XsError";
}


const DEFAULT_TIMEOUT_MS = 300_000;
const STARTUP_TIMEOUT_MS = 60_000;
const PRINT_KEEP = 1024 * 1024;
const STDERR_KEEP = 16 * 1024;
const live = new Set<ChildProcess>();
// A worker also exits on EOF of fd 3 when we die, but do not rely on it for a crash.
process.once("exit", () => live.forEach((p) => p.kill("SIGKILL")));

/** Path of the xsnap-worker binary (override with XSNAP_WORKER). */
export function xsnapWorkerPath(): string {
  const fromEnv = process.env.XSNAP_WORKER;
  if (fromEnv) return fromEnv;
  const pkg = dirname(createRequire(import.meta.url).resolve("@agoric/xsnap/package.json"));
  const os = process.platform === "darwin" ? "mac" : "lin";
  const bin = join(pkg, "xsnap-native/xsnap/build/bin", os, "release/xsnap-worker");
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`npm rebuild @agoric/xsnap\``);
  return bin;
}

export async function startXs(options: XsOptions = {}): Promise<Xs> {
  const limit = options.meteringLimit ?? 0;
  if (!Number.isInteger(limit) || limit < 0 || limit > 0x7fffffff) {
    throw new RangeError(`meteringLimit ${limit}: xsnap reads it with atoi, 0..2^31-1`);
  }
  const worker = new XsWorker(options);
  // Round-trip once so a broken binary fails here rather than in the first test.
  await worker.ready().catch(async (e: Error) => {
    await worker.close();
    throw e;
  });
  return worker;
}

interface Pending {
  resolve(result: XsResult): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

class XsWorker implements Xs {
  readonly name: string;
  private readonly proc: ChildProcess;
  private readonly toXs: Writable;
  private readonly reader = new NetstringReader();
  private readonly options: XsOptions;
  private tail: Promise<unknown> = Promise.resolve();
  private pending: Pending | undefined;
  private exitError: Error | undefined;
  private readonly exited: Promise<void>;
  private out = "";
  private markers = 0;
  private markerWaits: { marker: string; resolve(): void }[] = [];
  private err = "";

  constructor(options: XsOptions) {
    this.options = options;
    this.name = options.name ?? "xs";
    const args = [this.name.replace(/^-+/, "")];
    if (options.meteringLimit) args.push("-l", String(options.meteringLimit));
    this.proc = spawn(options.device ? deviceWorkerPath() : xsnapWorkerPath(), args, {
      stdio: ["ignore", options.stdout ?? "pipe", "pipe", "pipe", "pipe"],
    });
    live.add(this.proc);
    const stdio = this.proc.stdio as unknown as [null, Readable | null, Readable, Writable, Readable];
    this.toXs = stdio[3];
    this.toXs.on("error", () => undefined); // EPIPE after a crash; reported via 'exit' instead
    stdio[1]?.on("data", (d: Buffer) => this.onStdout(d));
    stdio[2].on("data", (d: Buffer) => (this.err = (this.err + d.toString()).slice(-STDERR_KEEP)));
    stdio[4].on("data", (d: Buffer) => this.receive(d));
    this.exited = new Promise((resolve) => {
      this.proc.once("error", (e) => {
        // Spawn failures may never produce 'close'.
        live.delete(this.proc);
        this.fail(new Error(`${this.name}: cannot run xsnap-worker: ${e.message}`));
        resolve();
      });
      this.proc.once("close", (code, signal) => {
        live.delete(this.proc);
        this.fail(this.describeExit(code, signal));
        resolve();
      });
    });
  }

  evaluate(code: string): Promise<XsResult> {
    return this.queue(code, this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  }

  /** The first round trip, under the start-up bound rather than the evaluation one. */
  ready(): Promise<XsResult> {
    return this.queue("0", Math.max(STARTUP_TIMEOUT_MS, this.options.timeoutMs ?? 0));
  }

  private queue(code: string, ms: number): Promise<XsResult> {
    // One request at a time: the worker handles commands strictly in order.
    const run = this.tail.then(() => this.send(Buffer.from(`e${code}`, "utf8"), ms));
    this.tail = run.catch(() => undefined);
    return run;
  }

  async evaluateJson<T = unknown>(code: string): Promise<T> {
    const wrapped = `(function () {
      const v = (0, eval)(${JSON.stringify(code)});
      const s = typeof v === "string" ? v : JSON.stringify(v);
      return new TextEncoder().encode(s === undefined ? "null" : s).buffer;
    })()`;
    const { text } = await this.evaluate(wrapped);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new XsError(`evaluateJson: completion value is not JSON: ${text.slice(0, 200)}`);
    }
  }

  async printed(): Promise<string> {
    if (this.options.stdout === "inherit") return "";
    // No NUL in the marker: XS print() goes through printf("%s").
    const marker = `\u0001printed-${++this.markers}\u0001`;
    const seen = new Promise<void>((resolve) => this.markerWaits.push({ marker, resolve }));
    await this.evaluate(`print(${JSON.stringify(marker)})`);
    await Promise.race([seen, this.exited]);
    this.markerWaits = this.markerWaits.filter((w) => w.marker !== marker);
    const at = this.out.indexOf(marker);
    if (at < 0) return this.out; // the worker died first
    const text = this.out.slice(0, at);
    this.out = this.out.slice(at + marker.length + 1);
    return text;
  }

  private onStdout(data: Buffer): void {
    this.out = (this.out + data.toString()).slice(-PRINT_KEEP);
    for (const wait of this.markerWaits) if (this.out.includes(wait.marker)) wait.resolve();
  }

  async close(): Promise<void> {
    this.fail(new Error(`${this.name} closed`));
    this.proc.kill("SIGKILL");
    await this.exited;
  }

  private send(message: Buffer, ms: number): Promise<XsResult> {
    if (this.exitError) return Promise.reject(this.exitError);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.timeout(ms), ms);
      this.pending = { resolve, reject, timer };
      this.toXs.write(encodeNetstring(message));
    });
  }

  private receive(chunk: Buffer): void {
    try {
      for (const message of this.reader.push(chunk)) this.dispatch(message);
    } catch (e) {
      this.abort(e as Error);
    }
  }

  private dispatch(message: Buffer): void {
    const kind = String.fromCharCode(message[0] ?? 0);
    const body = message.subarray(1);
    if (kind === "?") return void this.answer(body);
    const pending = this.settle();
    if (!pending) throw new Error(`xsnap protocol error: unsolicited '${kind}' message`);
    if (kind === ".") return pending.resolve(parseOkay(body));
    if (kind === "!") return pending.reject(new XsError(body.toString("utf8") || "XS exception"));
    pending.reject(new Error(`xsnap protocol error: unknown reply '${kind}'`));
    this.proc.kill("SIGKILL");
  }

  private async answer(request: Buffer): Promise<void> {
    try {
      const handler = this.options.onCommand ?? ((r: Uint8Array) => r);
      const response = await handler(new Uint8Array(request));
      const bytes = typeof response === "string" ? Buffer.from(response, "utf8") : response;
      this.toXs.write(encodeNetstring(Buffer.from("/"), bytes));
    } catch (e) {
      // XS is blocked inside issueCommand(); there is no way to throw into it, so stop it.
      this.abort(new Error(`${this.name}: onCommand failed: ${(e as Error).message}`));
    }
  }

  private settle(): Pending | undefined {
    const pending = this.pending;
    this.pending = undefined;
    if (pending) clearTimeout(pending.timer);
    return pending;
  }

  private timeout(ms: number): void {
    this.abort(new Error(`${this.name}: evaluation exceeded ${ms} ms; worker killed`));
  }

  private abort(error: Error): void {
    this.fail(error);
    this.proc.kill("SIGKILL");
  }

  /** Records the first fatal error and rejects the request in flight with it. */
  private fail(error: Error): void {
    this.exitError ??= error;
    this.settle()?.reject(this.exitError);
  }

  private describeExit(code: number | null, signal: NodeJS.Signals | null): Error {
    const why = signal ? `signal ${signal}` : `code ${code} (${EXIT_MEANINGS[code ?? -1] ?? "unknown"})`;
    const stderr = this.err.trim() ? `\n${this.err.trim()}` : "";
    return new Error(`${this.name}: xsnap-worker exited with ${why}${stderr}`);
  }
}
