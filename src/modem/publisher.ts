import { utf8Encode, ascii } from "../at/bytes";
import { AT_ABORTED, AT_OK, AT_TIMEOUT, command } from "../at/command";
import type { AtEngine } from "../at/engine";
import { Fields } from "../at/fields";
import type { Log, TextDecoding } from "../hal";
import type { ModemConfig } from "./config";
import { PublishQueue } from "./queue";

const QMTPUBEX = ascii("+QMTPUBEX:");

/** Why a publish did not go out: the link is suspect. */
export const PUBLISH_FAILED = 1;
export const PUBLISH_TIMED_OUT = 2;

/**
 * Sends the queue head with one AT+QMTPUBEX at a time: prompt, exactly `length` payload
 * bytes, OK, then the `+QMTPUBEX` result. A message leaves the queue only when the module
 * reports it sent; anything else leaves it at the head for the next attempt.
 */
export class Publisher {
  readonly queue: PublishQueue;
  sent = 0;
  failed = 0;
  /** Messages that can never go out (too long, or a topic the builder refuses). */
  rejected = 0;
  private readonly engine: AtEngine;
  private readonly config: ModemConfig;
  private readonly log: Log;
  private readonly onTrouble: (why: number) => void;
  /** The host's native encoder, if it has one (hal.ts TextDecoding.encodeInto). */
  private readonly text: TextDecoding | undefined;
  private readonly payload: Uint8Array;
  private readonly fields = new Fields(4);
  private readonly cmd = command("publish", 0, (s) => this.done(s));
  private msgId = 0;
  private lastMsgId = 0;
  private result = -1;

  constructor(options: { engine: AtEngine; config: ModemConfig; log: Log; onTrouble(why: number): void; text?: TextDecoding }) {
    this.text = options.text;
    this.engine = options.engine;
    this.config = options.config;
    this.log = options.log;
    this.onTrouble = options.onTrouble;
    this.queue = new PublishQueue(options.config.queueSlots);
    this.payload = new Uint8Array(options.config.payloadBytes);
    const cmd = this.cmd;
    cmd.result = QMTPUBEX;
    cmd.data = this.payload;
    cmd.onLine = (bytes, offset, length) => this.resultLine(bytes, offset, length);
  }

  /** Start publishing the queue head if the engine is free. True if a command went out. */
  pump(): boolean {
    const head = this.queue.peek();
    if (head === null || this.engine.busy) return false;
    const length = this.encode(head.payload);
    if (length <= 0) return this.reject("payload is empty or over " + this.payload.length + " bytes");
    const c = this.config;
    const qos = c.publishQos;
    this.lastMsgId = qos === 0 ? 0 : this.nextMsgId();
    this.engine.begin("AT+QMTPUBEX=").int(c.clientIndex, 0, 5).int(this.lastMsgId, 0, 65535).int(qos, 0, 1).int(0, 0, 1).str(head.topic, 200).int(length, 1, this.payload.length);
    const cmd = this.cmd;
    cmd.dataLength = length;
    cmd.timeoutMs = c.atTimeoutMs;
    cmd.resultTimeoutMs = c.publishTimeoutMs;
    this.result = -1;
    if (this.engine.send(cmd)) return true;
    return this.reject(this.engine.builder.error ?? "engine busy");
  }

  private encode(payload: string): number {
    const text = this.text;
    return text !== undefined && text.encodeInto !== undefined ? text.encodeInto(payload, this.payload, 0) : utf8Encode(payload, this.payload, 0);
  }

  private reject(why: string): boolean {
    this.log("error", "publish dropped: " + why);
    this.rejected++;
    this.queue.shift();
    return false;
  }

  private nextMsgId(): number {
    this.msgId = this.msgId >= 65535 ? 1 : this.msgId + 1;
    return this.msgId;
  }

  // `+QMTPUBEX: <idx>,<msgid>,<result>[,<value>]`: 0 sent, 1 being retransmitted (the module
  // owns it from here), 2 failed.
  private resultLine(bytes: Uint8Array, offset: number, length: number): void {
    const f = this.fields;
    f.read(bytes, offset + QMTPUBEX.length, offset + length);
    if (f.int(0, -1) === this.config.clientIndex && f.int(1, -1) === this.lastMsgId) this.result = f.int(2, -1);
  }

  private done(status: number): void {
    if (status === AT_OK && (this.result === 0 || this.result === 1)) {
      this.queue.shift();
      this.sent++;
      return;
    }
    this.failed++;
    // Aborted sends stay queued without complaint: whoever aborted is already recovering.
    if (status === AT_TIMEOUT) this.onTrouble(PUBLISH_TIMED_OUT);
    else if (status !== AT_ABORTED) this.onTrouble(PUBLISH_FAILED);
  }
}
