import { utf8Encode } from "../at/bytes";
import { AT_OK, AtCommand, command } from "../at/command";
import { Fields } from "../at/fields";
import type { ModemConfig } from "./config";
import type { ModemSide } from "./network-time";

/** Apart from the runner's own ids, which count up from 1. */
const MSG_ID = 65535;
/** Longest topic that goes after a prompt (Alink topics are far shorter). */
const MAX_TOPIC = 256;

/**
 * One more topic subscribed once the link is up, in the dialect's words (`AT+QMTSUB` on
 * Quectel; `AT+CMQTTSUB=<idx>,<len>,<qos>` and the topic after the prompt on SIMCom), beside
 * the bring-up's subscription: a topic there costs every bring-up a longer turn, and one the
 * device needs only now and then (the NTP answer) need not be there. It borrows the runner's
 * AT engine only while that engine is idle.
 */
export class LateSubscription {
  /** The broker granted it on this connection. */
  subscribed = false;
  private pending = false;
  private readonly modem: ModemSide;
  private readonly config: ModemConfig;
  private readonly cmd: AtCommand;
  private readonly fields = new Fields(4);
  private readonly topicBytes = new Uint8Array(MAX_TOPIC);
  // Stryker disable next-line BooleanLiteral: poll() sets it before each request
  private granted = false;

  constructor(modem: ModemSide, config: ModemConfig) {
    this.modem = modem;
    this.config = config;
    this.cmd = command("late subscribe", config.atTimeoutMs, (status) => this.done(status));
    this.cmd.resultTimeoutMs = config.mqttResultTimeoutMs;
    this.cmd.onLine = (b, off, len) => this.line(b, off, len);
  }

  /** Subscribe if the engine is free and it is not done or under way. */
  poll(topic: string): void {
    const engine = this.modem.engine;
    if (this.subscribed || this.pending || engine.busy) return;
    const sub = this.modem.dialect.subscribe;
    const cmd = this.cmd;
    // Stryker disable next-line BooleanLiteral: the request ends OK only after its result line, which sets it
    this.granted = false;
    cmd.result = sub.result;
    cmd.data = null;
    cmd.dataLength = 0;
    let length = 0;
    if (sub.topicAfterPrompt) {
      // A topic that does not fit (-1) is refused by the builder's range check below, before its data could go out.
      length = utf8Encode(topic, this.topicBytes, 0);
      cmd.data = this.topicBytes;
      cmd.dataLength = length;
    }
    sub.request(engine.builder, this.config, topic, length, MSG_ID);
    this.pending = engine.send(cmd);
  }

  /** The link went down: the next connection subscribes again. */
  reset(): void {
    this.subscribed = false;
  }

  /** The request's result line (the engine passes on no other: the command has no response prefix). */
  private line(bytes: Uint8Array, offset: number, length: number): void {
    const sub = this.modem.dialect.subscribe;
    const f = this.fields;
    f.read(bytes, offset + sub.result.length, offset + length);
    this.granted = sub.granted(f, this.config, MSG_ID);
  }

  private done(status: number): void {
    this.pending = false;
    this.subscribed = status === AT_OK && this.granted;
  }
}
