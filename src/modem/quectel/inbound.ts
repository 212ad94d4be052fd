import { utf8 } from "../../at/bytes";
import type { Urc } from "../../at/command";
import { COUNTED_CORRUPT, CountedUrc } from "../../at/counted";
import type { DialectEnv, Inbound } from "../dialect";
import { QmtRecv } from "./qmtrecv";

/** Text from received bytes: the host's decoder if it has one, else the core's. */
export function decodeText(env: DialectEnv, bytes: Uint8Array, offset: number, length: number): string {
  const text = env.text;
  return text ? text.decode(bytes, offset, length) : utf8(bytes, offset, length);
}

/** `+QMTRECV`: one counted URC holds the whole message (recv/mode 0,0,1). */
export class QmtInbound implements Inbound {
  readonly readers: CountedUrc[];
  readonly lines: Urc[] = [];
  /** Reads +QMTRECV headers for the parser; holds the last one's fields. */
  private readonly qmtRecv = new QmtRecv();
  private readonly env: DialectEnv;

  constructor(env: DialectEnv) {
    this.env = env;
    this.readers = [this.qmtRecv];
  }

  // The only counted URC registered is +QMTRECV, and its reader holds the header's fields.
  counted(_urc: CountedUrc, bytes: Uint8Array, at: number, body: number): void {
    const r = this.qmtRecv;
    if (r.client !== this.env.config.clientIndex) return;
    this.env.events.message(decodeText(this.env, bytes, at + r.topicOffset, r.topicLength), decodeText(this.env, bytes, body, r.bodyLength), r.msgId);
  }

  error(_urc: CountedUrc, reason: number): void {
    const r = this.qmtRecv;
    this.env.events.badFrame("+QMTRECV " + r.client + "," + r.msgId + ": " + (reason === COUNTED_CORRUPT ? "corrupt (bytes lost)" : "too large"));
  }

  reset(): void {}
}
