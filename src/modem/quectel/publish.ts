import { ascii } from "../../at/bytes";
import { AT_ABORTED, AT_OK, AT_TIMEOUT, command } from "../../at/command";
import { Fields } from "../../at/fields";
import { PUBLISH_ABORTED, PUBLISH_FAILED, PUBLISH_SENT, PUBLISH_TIMED_OUT, PublishEnv, PublishSend } from "../dialect";

const QMTPUBEX = ascii("+QMTPUBEX:");

/**
 * One AT+QMTPUBEX per message: prompt, exactly `length` payload bytes, OK, then the
 * `+QMTPUBEX` result.
 */
export class QmtPublish implements PublishSend {
  private readonly env: PublishEnv;
  private readonly fields = new Fields(4);
  private readonly cmd = command("publish", 0, (s) => this.finished(s));
  private msgId = 0;
  private lastMsgId = 0;
  // Stryker disable next-line UnaryOperator: send() sets it before any result can be read
  private result = -1;

  constructor(env: PublishEnv) {
    this.env = env;
    const cmd = this.cmd;
    cmd.result = QMTPUBEX;
    cmd.data = env.payload;
    cmd.onLine = (bytes, offset, length) => this.resultLine(bytes, offset, length);
  }

  send(topic: string, _payload: Uint8Array, length: number): boolean {
    const c = this.env.config;
    const qos = c.publishQos;
    this.lastMsgId = qos === 0 ? 0 : this.nextMsgId();
    this.env.engine.begin("AT+QMTPUBEX=").int(c.clientIndex, 0, 5).int(this.lastMsgId, 0, 65535).int(qos, 0, 1).int(0, 0, 1).str(topic, 200).int(length, 1, this.env.payload.length);
    const cmd = this.cmd;
    cmd.dataLength = length;
    cmd.timeoutMs = c.atTimeoutMs;
    cmd.resultTimeoutMs = c.publishTimeoutMs;
    this.result = -1;
    return this.env.engine.send(cmd);
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
    if (f.int(0, -1) === this.env.config.clientIndex && f.int(1, -1) === this.lastMsgId) this.result = f.int(2, -1);
  }

  private finished(status: number): void {
    if (status === AT_OK && (this.result === 0 || this.result === 1)) return this.env.done(PUBLISH_SENT);
    if (status === AT_TIMEOUT) return this.env.done(PUBLISH_TIMED_OUT);
    this.env.done(status === AT_ABORTED ? PUBLISH_ABORTED : PUBLISH_FAILED);
  }
}
