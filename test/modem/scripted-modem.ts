import { MODEM_DEFAULTS, ModemConfig } from "../../src/modem/config";
import { Modem, ModemOptions } from "../../src/modem/modem";
import type { Log, OutputPin, SerialPort } from "../../src/hal";
import { FakeClock } from "../at/fakes";
import type { Answer, DialectAnswers } from "../../src/modem/answers";
import type { Dialect } from "../../src/modem/dialect";
import { QUECTEL_ANSWERS } from "../../src/modem/quectel/answers";
import { SIMCOM_ANSWERS } from "../../src/modem/simcom/answers";

/** Each dialect's answer table, by dialect name. */
export const ANSWERS: Record<string, DialectAnswers> = { ec600s: QUECTEL_ANSWERS, a7670: SIMCOM_ANSWERS };

/** A reply: text to send (CRLF framing included by the caller), or a function of the command. */
export type Reply = string | ((cmd: string, m: ScriptedModem) => string | void);

/** What the module's output goes to and what `run` polls: the driver alone, or a whole firmware. */
export interface ModemDriver {
  receive(bytes: Uint8Array, length: number): void;
  poll(): void;
  readonly online: boolean;
}

interface Pending {
  at: number;
  text: string;
}

/**
 * A scripted module at unit level: it reads the command lines the driver writes, answers
 * from its dialect's answer table (src/modem/<dialect>/answers.ts: for the EC600S the
 * seed's happy path), and lets a test override any answer or inject URCs. Time is a fake
 * clock advanced by `run`.
 */
export class ScriptedModem implements SerialPort {
  readonly clock = new FakeClock();
  readonly commands: string[] = [];
  readonly payloads: string[] = [];
  /** Every data phase's bytes (payloads, and topics sent after a prompt). */
  readonly dataSeen: string[] = [];
  readonly logs: string[] = [];
  readonly messages: Array<[string, string]> = [];
  readonly states: string[] = [];
  readonly modem: Modem;
  /** Fed and polled by `run`; the driver unless a test attached a whole firmware. */
  driver: ModemDriver;
  readonly config: ModemConfig;
  /** Overrides by command prefix, checked before the defaults. */
  readonly script: Array<[string, Reply]> = [];
  powered = true;
  /** A module that never answers and never boots, whatever PWRKEY does. */
  dead = false;
  /** When the module goes silent after AT+QPOWD. */
  powerOffAt = -1;
  pwrkeyPulses = 0;
  /** How long each pulse held PWRKEY, ms. */
  readonly pwrkeyHeldMs: number[] = [];
  /** Results of the coming publishes (0 sent, 1 retransmitting, 2 failed); then 0. */
  readonly pubResults: number[] = [];
  /** Result URCs for the coming data commands that are not publishes, instead of the table's. */
  readonly dataResults: string[] = [];
  /** Delay of every answer, ms. */
  latency = 5;
  /** Delay of QMT result URCs, ms. */
  resultDelay = 50;
  bootMs = 3000;
  private line = "";
  private dataLeft = 0;
  private data = "";
  /** The answer whose data is coming, and its command's match. */
  private dataAnswer: Answer | null = null;
  private dataMatch: RegExpExecArray | null = null;
  readonly answers: DialectAnswers;
  private pending: Pending[] = [];
  private pwrkeyAt = -1;

  /**
   * The module speaks `answers` (default: the dialect's, by `options.dialect` or the config's
   * `modem`; the EC600S's for a Quectel model or `auto`). The config's `modem` is `ec600s`
   * unless overridden: the runner's tests replay the seed's commands one for one, and the
   * seed has no ATI (`modem=auto`, the product's default, has its own tests).
   */
  constructor(overrides: Partial<ModemConfig> = {}, options: Partial<ModemOptions> = {}, answers?: DialectAnswers) {
    this.config = { ...MODEM_DEFAULTS, modem: "ec600s", productKey: "a1wFylTxYeD", deviceName: "co_0001", deviceSecret: "7ab0c4b3532b5783df5fdc58a2895d7a", clientId: "co_0001", ...overrides };
    const log: Log = (level, message) => this.logs.push(level + ": " + message);
    const pwrkey: OutputPin = { write: (v) => this.pwrkey(v) };
    this.answers = answers ?? ANSWERS[(options.dialect as Dialect | undefined)?.name ?? this.config.modem] ?? QUECTEL_ANSWERS;
    this.modem = new Modem({
      serial: this,
      clock: this.clock,
      pwrkey,
      log,
      config: this.config,
      subscriptions: ["/sys/a1wFylTxYeD/co_0001/thing/service/property/set", "/sys/a1wFylTxYeD/co_0001/thing/event/property/post_reply"],
      random: () => 0.5,
      onState: (_s, reason) => this.states.push(this.modem.stateName + (reason ? " " + reason : "")),
      onMessage: (topic, payload) => this.messages.push([topic, payload]),
      ...options,
    });
    this.driver = this.modem;
  }

  /** Drive something else (a whole firmware) instead of the bare driver. */
  attach(driver: ModemDriver): void {
    this.driver = driver;
  }

  // ---- SerialPort: what the driver writes ----
  write(bytes: Uint8Array, offset: number, length: number): number {
    for (let i = offset; i < offset + length; i++) this.byte(String.fromCharCode(bytes[i]));
    return length;
  }

  private byte(ch: string): void {
    if (this.dataLeft > 0 && this.powered) {
      this.data += ch;
      if (--this.dataLeft === 0) this.payloadDone();
      return;
    }
    if (ch !== "\r") {
      this.line += ch;
      return;
    }
    const cmd = this.line;
    this.line = "";
    this.commands.push(cmd);
    if (this.powered && !this.dead) this.answer(cmd);
  }

  private answer(cmd: string): void {
    for (const [prefix, reply] of this.script) {
      if (cmd.startsWith(prefix)) return this.reply(reply, cmd);
    }
    this.fromTable(cmd);
  }

  /** The dialect's answer table: the first entry that matches, else OK. */
  private fromTable(cmd: string): void {
    for (const a of this.answers.answers) {
      const match = new RegExp(a.match).exec(cmd);
      if (!match) continue;
      this.say(fill(a.reply, match));
      if (a.dataGroup > 0) {
        this.dataAnswer = a;
        this.dataMatch = match;
        this.dataLeft = Number(match[a.dataGroup]);
        return;
      }
      if (a.result) this.urc(fill(a.result, match), this.resultDelay);
      if (a.powerOff) this.powerDown();
      return;
    }
    this.say("\r\nOK\r\n");
  }

  /** Take the data `cmd` announces as the table would, without answering (a test says the prompt). */
  expectData(cmd: string): void {
    for (const a of this.answers.answers) {
      const match = new RegExp(a.match).exec(cmd);
      if (!match || a.dataGroup === 0) continue;
      this.dataAnswer = a;
      this.dataMatch = match;
      this.dataLeft = Number(match[a.dataGroup]);
      return;
    }
  }

  private powerDown(): void {
    if (this.answers.poweredDown) this.urc(this.answers.poweredDown, 500);
    this.powerOffAt = this.clock.t + 600;
  }

  private reply(reply: Reply, cmd: string): void {
    const text = typeof reply === "string" ? reply : reply(cmd, this);
    if (text) this.say(text);
  }

  private payloadDone(): void {
    const a = this.dataAnswer as Answer;
    if (a.payload) this.payloads.push(this.data);
    this.dataSeen.push(this.data);
    const sum = xorChecksum(this.data).toString(16);
    this.data = "";
    this.say(a.dataReply ? fill(a.dataReply, this.dataMatch as RegExpExecArray).replace("$sum", sum) : "\r\nOK\r\n");
    const result = a.result ? this.dataResult(a, fill(a.result, this.dataMatch as RegExpExecArray)) : "";
    if (result) this.urc(result, this.resultDelay);
  }

  /** A data command's result: the table's, the next of `pubResults` in a publish's last field, or the next of `dataResults`. */
  private dataResult(a: Answer, table: string): string {
    if (a.payload) return this.pubResults.length > 0 ? table.replace(/\d+$/, String(this.pubResults.shift())) : table;
    return this.dataResults.length > 0 ? (this.dataResults.shift() as string) : table;
  }

  /** Module output after `delay` ms (plus latency). */
  say(text: string, delay = 0): void {
    this.pending.push({ at: this.clock.t + this.latency + delay, text });
  }

  /** An unsolicited line, framed like the module frames it. */
  urc(line: string, delay = 0): void {
    this.say(`\r\n${line}\r\n`, delay);
  }

  /** The PWRKEY line (public so a whole firmware under test can drive it too). */
  pwrkey(level: number): void {
    if (level === 1) {
      this.pwrkeyAt = this.clock.t;
      return;
    }
    if (this.pwrkeyAt < 0) return;
    this.pwrkeyPulses++;
    this.pwrkeyHeldMs.push(this.clock.t - this.pwrkeyAt);
    this.pwrkeyAt = -1;
    this.powered = !this.powered;
    if (this.powered && !this.dead) this.boot();
  }

  boot(): void {
    this.powered = true;
    this.pending = [];
    this.say(`\r\n${this.answers.ready}\r\n`, this.bootMs);
  }

  /** Advance time in small steps, delivering due output and polling the driver. */
  run(ms: number, step = 5): void {
    const end = this.clock.t + ms;
    while (this.clock.t < end) {
      this.clock.t = Math.min(end, this.clock.t + step);
      this.deliver();
      if (this.powerOffAt >= 0 && this.clock.t >= this.powerOffAt) {
        this.powerOffAt = -1;
        this.powered = false;
      }
      this.driver.poll();
    }
  }

  /** Run until online (or give up after `limit` ms). */
  runUntilOnline(limit = 120000): boolean {
    const end = this.clock.t + limit;
    while (!this.driver.online && this.clock.t < end) this.run(10);
    return this.driver.online;
  }

  /**
   * Start the driver and run it until online (throwing, with the state and reason, if it never
   * gets there), then forget the commands and states of bring-up: the common start of a test
   * about what happens once online.
   */
  startOnline(): this {
    this.modem.start();
    if (!this.runUntilOnline()) throw new Error("never online: " + this.modem.stateName + " " + this.modem.reason);
    this.take();
    this.states.length = 0;
    return this;
  }

  private deliver(): void {
    const due = this.pending.filter((p) => p.at <= this.clock.t);
    if (due.length === 0) return;
    this.pending = this.pending.filter((p) => p.at > this.clock.t);
    for (const p of due) {
      if (!this.powered && p.text.indexOf(this.answers.ready) < 0) continue;
      const bytes = new Uint8Array(Buffer.from(p.text, "latin1"));
      this.driver.receive(bytes, bytes.length);
    }
  }

  /** Commands seen since the last call (without their arguments when `bare`). */
  take(bare = false): string[] {
    const out = this.commands.splice(0);
    return bare ? out.map((c) => c.replace(/[=?].*$/, (m) => (m[0] === "?" ? "?" : ""))) : out;
  }
}

/** A reply of OK, then a result URC after `delay` ms; `line` may depend on the call count. */
export function okThen(line: string | ((n: number) => string), delay = 30): Reply {
  let n = 0;
  return (_cmd, m) => {
    m.urc(typeof line === "string" ? line : line(n++), delay);
    return "\r\nOK\r\n";
  };
}

/** `$1`.. of an answer filled from the command's match. */
function fill(text: string, match: RegExpExecArray): string {
  return text.replace(/\$(\d)/g, (_m, n: string) => match[Number(n)] ?? "");
}

/** Quectel's file checksum: XOR of the big-endian byte pairs (a last odd byte is a high half). */
export function xorChecksum(data: string): number {
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum ^= i % 2 === 0 ? (data.charCodeAt(i) & 0xff) << 8 : data.charCodeAt(i) & 0xff;
  return sum;
}
