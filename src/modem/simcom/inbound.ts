import { ascii } from "../../at/bytes";
import type { Urc } from "../../at/command";
import { COUNTED_CORRUPT, CountedUrc } from "../../at/counted";
import { Fields } from "../../at/fields";
import type { DialectEnv, Inbound } from "../dialect";
import { decodeText } from "../quectel/inbound";
import { readAfter } from "../urcs";
import { CmqttRxChunk } from "./rx-chunk";

/**
 * An incoming message in SIMCom's four parts: `+CMQTTRXSTART: <idx>,<topic len>,<payload
 * len>`, one or more `+CMQTTRXTOPIC` and `+CMQTTRXPAYLOAD` chunks (counted URCs), then
 * `+CMQTTRXEND: <idx>`. The message is delivered at the end, and only if the chunks added
 * up to the lengths announced at the start: a lost chunk drops the message, never delivers
 * half of it.
 */
export class CmqttInbound implements Inbound {
  readonly readers: CountedUrc[];
  readonly lines: Urc[];
  private readonly env: DialectEnv;
  private readonly topicChunk = new CmqttRxChunk("+CMQTTRXTOPIC:");
  private readonly payloadChunk = new CmqttRxChunk("+CMQTTRXPAYLOAD:");
  private readonly fields = new Fields(4);
  // Stryker disable next-line StringLiteral: every START resets it before a chunk can add to it
  private topic = "";
  // Stryker disable next-line StringLiteral: as above
  private payload = "";
  private topicLeft = -1;
  // Stryker disable next-line UnaryOperator: chunks and the end are taken only while topicLeft, which starts at -1, says a START came
  private payloadLeft = -1;
  // Stryker disable next-line BooleanLiteral: read only after a START, which resets it
  private broken = false;

  constructor(env: DialectEnv) {
    this.env = env;
    this.readers = [this.topicChunk, this.payloadChunk];
    const START = ascii("+CMQTTRXSTART:");
    const END = ascii("+CMQTTRXEND:");
    this.lines = [
      { prefix: START, abort: false, on: (b, o, l) => this.start(START, b, o, l) },
      { prefix: END, abort: false, on: (b, o, l) => this.end(END, b, o, l) },
    ];
  }

  private start(prefix: Uint8Array, bytes: Uint8Array, offset: number, length: number): void {
    const f = this.fields;
    readAfter(f, prefix, bytes, offset, length);
    this.reset();
    if (f.int(0, -1) !== this.env.config.clientIndex) return;
    this.topicLeft = f.int(1, -1);
    this.payloadLeft = f.int(2, -1);
    // Without a topic length, end() drops the message quietly anyway.
    this.broken = this.payloadLeft < 0;
  }

  counted(urc: CountedUrc, bytes: Uint8Array, _at: number, body: number): void {
    // Either negative (one test for both): no START of ours, or a part already overran (and was
    // reported; end() drops the message without a second report).
    if ((this.topicLeft | this.payloadLeft) < 0) return;
    const text = decodeText(this.env, bytes, body, urc.bodyLength);
    if (urc === this.topicChunk) {
      this.topic += text;
      this.topicLeft -= urc.bodyLength;
    } else {
      this.payload += text;
      this.payloadLeft -= urc.bodyLength;
    }
    if ((this.topicLeft | this.payloadLeft) >= 0) return;
    this.broken = true;
    this.env.events.badFrame("+CMQTTRX message on " + this.topic + ": more bytes than its start announced");
  }

  error(urc: CountedUrc, reason: number): void {
    this.broken = true;
    this.env.events.badFrame((urc === this.topicChunk ? "+CMQTTRXTOPIC" : "+CMQTTRXPAYLOAD") + ": " + (reason === COUNTED_CORRUPT ? "corrupt (bytes lost)" : "too large"));
  }

  private end(prefix: Uint8Array, bytes: Uint8Array, offset: number, length: number): void {
    const f = this.fields;
    readAfter(f, prefix, bytes, offset, length);
    if (f.int(0, -1) !== this.env.config.clientIndex || this.topicLeft < 0) return this.reset();
    const whole = !this.broken && this.topicLeft === 0 && this.payloadLeft === 0;
    const topic = this.topic;
    const payload = this.payload;
    if (!whole && !this.broken) this.env.events.badFrame("+CMQTTRX message on " + topic + ": parts missing");
    this.reset();
    if (whole) this.env.events.message(topic, payload, 0);
  }

  reset(): void {
    this.topic = "";
    this.payload = "";
    this.topicLeft = -1;
    // Stryker disable next-line UnaryOperator: as at its declaration, topicLeft is -1 here too
    this.payloadLeft = -1;
    // Stryker disable next-line BooleanLiteral: as at its declaration, a START sets it before it is read
    this.broken = false;
  }
}
