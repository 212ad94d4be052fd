import { utf8Encode } from "../at/bytes";
import type { AtEngine } from "../at/engine";
import type { Log, TextDecoding } from "../hal";
import type { ModemConfig } from "./config";
import { Dialect, PUBLISH_ABORTED, PUBLISH_FAILED, PUBLISH_SENT, PUBLISH_TIMED_OUT, PublishResult, PublishSend } from "./dialect";
import { unreachable } from "./outcome";
import { PublishQueue } from "./queue";

/** Why a publish did not go out: the link is suspect. */
export type PublishTrouble = typeof PUBLISH_FAILED | typeof PUBLISH_TIMED_OUT;

/**
 * Sends the queue head, one message at a time, by the dialect's publish commands. A message
 * leaves the queue only when the module reports it sent; anything else leaves it at the
 * head for the next attempt.
 */
export class Publisher {
  readonly queue: PublishQueue;
  sent = 0;
  failed = 0;
  /** Messages that can never go out (too long, or a topic the builder refuses). */
  rejected = 0;
  private readonly engine: AtEngine;
  private readonly log: Log;
  private readonly onTrouble: (why: PublishTrouble) => void;
  /** The host's native encoder, if it has one (hal.ts TextDecoding.encodeInto). */
  private readonly text: TextDecoding | undefined;
  private readonly payload: Uint8Array;
  private readonly config: ModemConfig;
  private sender: PublishSend;

  constructor(options: { engine: AtEngine; config: ModemConfig; log: Log; dialect: Dialect; onTrouble(why: PublishTrouble): void; text?: TextDecoding }) {
    this.text = options.text;
    this.engine = options.engine;
    this.log = options.log;
    this.onTrouble = options.onTrouble;
    this.queue = new PublishQueue(options.config.queueSlots);
    this.payload = new Uint8Array(options.config.payloadBytes);
    this.config = options.config;
    this.sender = this.senderFor(options.dialect);
  }

  /** Publish by `dialect`'s commands from now on (the module was identified at boot). */
  use(dialect: Dialect): void {
    this.sender = this.senderFor(dialect);
  }

  private senderFor(dialect: Dialect): PublishSend {
    return dialect.publisher({ engine: this.engine, config: this.config, payload: this.payload, done: (r) => this.done(r) });
  }

  /** Start publishing the queue head if the engine is free. True if a command went out. */
  pump(): boolean {
    const head = this.queue.peek();
    if (head === null || this.engine.busy) return false;
    const length = this.encode(head.payload);
    if (length <= 0) return this.reject("payload is empty or over " + this.payload.length + " bytes");
    if (this.sender.send(head.topic, this.payload, length)) return true;
    // Stryker disable next-line StringLiteral: the engine was checked idle above, so a refused send always has the builder's reason
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

  private done(result: PublishResult): void {
    switch (result) {
      case PUBLISH_SENT:
        this.queue.shift();
        this.sent++;
        return;
      // Aborted sends stay queued without complaint: whoever aborted is already recovering.
      case PUBLISH_ABORTED:
        this.failed++;
        return;
      case PUBLISH_FAILED:
      case PUBLISH_TIMED_OUT:
        this.failed++;
        this.onTrouble(result);
        return;
      // Stryker disable next-line ConditionalExpression: unreachable() does nothing at run time; it is there for the compiler's exhaustiveness check
      default:
        unreachable(result);
    }
  }
}
