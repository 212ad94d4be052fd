import { ascii, utf8Encode } from "../../at/bytes";
import { AT_ABORTED, AT_OK, AT_TIMEOUT, AtCommand, command } from "../../at/command";
import { Fields } from "../../at/fields";
import { PUBLISH_ABORTED, PUBLISH_FAILED, PUBLISH_SENT, PUBLISH_TIMED_OUT, PublishEnv, PublishSend } from "../dialect";

const CMQTTPUB = ascii("+CMQTTPUB:");
/** Longest topic (Alink topics are far shorter). */
const MAX_TOPIC = 256;
/** The module's own limit for a publish round trip, seconds (60-180). */
const PUB_TIMEOUT_S = 60;

/**
 * Three commands per message: `AT+CMQTTTOPIC=<idx>,<len>` with the topic after the prompt,
 * `AT+CMQTTPAYLOAD=<idx>,<len>` with the payload after the prompt, then
 * `AT+CMQTTPUB=<idx>,<qos>,<timeout>` and its `+CMQTTPUB: <idx>,<err>` result. The message
 * is sent only when that says 0; a failure anywhere leaves it queued.
 */
export class CmqttPublish implements PublishSend {
  private readonly env: PublishEnv;
  private readonly topicBytes = new Uint8Array(MAX_TOPIC);
  private readonly fields = new Fields(3);
  private readonly topicCmd: AtCommand;
  private readonly payloadCmd: AtCommand;
  private readonly pubCmd: AtCommand;
  // Stryker disable next-line UnaryOperator: payloadDone() sets it before any result can be read
  private result = -1;

  constructor(env: PublishEnv) {
    this.env = env;
    this.topicCmd = command("publish topic", env.config.atTimeoutMs, (s) => this.topicDone(s));
    this.topicCmd.data = this.topicBytes;
    this.payloadCmd = command("publish payload", env.config.atTimeoutMs, (s) => this.payloadDone(s));
    this.payloadCmd.data = env.payload;
    this.pubCmd = command("publish", env.config.atTimeoutMs, (s) => this.pubDone(s));
    this.pubCmd.result = CMQTTPUB;
    this.pubCmd.resultTimeoutMs = env.config.publishTimeoutMs;
    this.pubCmd.onLine = (b, o, l) => this.resultLine(b, o, l);
  }

  send(topic: string, _payload: Uint8Array, length: number): boolean {
    const topicLength = utf8Encode(topic, this.topicBytes, 0);
    const engine = this.env.engine;
    // An empty or too long topic: let the builder refuse it, with its reason.
    engine.begin("AT+CMQTTTOPIC=").int(this.env.config.clientIndex, 0, 1).int(topicLength, 1, MAX_TOPIC);
    this.topicCmd.dataLength = topicLength;
    this.payloadCmd.dataLength = length;
    return engine.send(this.topicCmd);
  }

  private topicDone(status: number): void {
    if (status !== AT_OK) return this.finished(status);
    this.env.engine.begin("AT+CMQTTPAYLOAD=").int(this.env.config.clientIndex, 0, 1).int(this.payloadCmd.dataLength, 1, this.env.payload.length);
    if (!this.env.engine.send(this.payloadCmd)) this.env.done(PUBLISH_FAILED);
  }

  private payloadDone(status: number): void {
    if (status !== AT_OK) return this.finished(status);
    const c = this.env.config;
    // Stryker disable next-line UnaryOperator: any value but 0 is no send
    this.result = -1;
    this.env.engine.begin("AT+CMQTTPUB=").int(c.clientIndex, 0, 1).int(c.publishQos, 0, 1).int(PUB_TIMEOUT_S, 60, 180);
    if (!this.env.engine.send(this.pubCmd)) this.env.done(PUBLISH_FAILED);
  }

  // `+CMQTTPUB: <idx>,<err>`: 0 is sent.
  private resultLine(bytes: Uint8Array, offset: number, length: number): void {
    const f = this.fields;
    f.read(bytes, offset + CMQTTPUB.length, offset + length);
    if (f.int(0, -1) !== this.env.config.clientIndex) return;
    // Stryker disable next-line UnaryOperator: a missing error code is no send, and neither -1 nor +1 is 0
    this.result = f.int(1, -1);
  }

  private pubDone(status: number): void {
    if (status === AT_OK && this.result === 0) return this.env.done(PUBLISH_SENT);
    // Stryker disable next-line UnaryOperator,ConditionalExpression: finished() tells apart only a timeout and an abort; +1 is neither, nor is AT_OK itself
    this.finished(status === AT_OK ? -1 : status);
  }

  private finished(status: number): void {
    if (status === AT_TIMEOUT) return this.env.done(PUBLISH_TIMED_OUT);
    this.env.done(status === AT_ABORTED ? PUBLISH_ABORTED : PUBLISH_FAILED);
  }
}
