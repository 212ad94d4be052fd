import { ascii, startsWith } from "../../at/bytes";
import { AT_OK, AtCommand, command } from "../../at/command";
import type { AtEngine } from "../../at/engine";
import { Fields } from "../../at/fields";

const QMTSUB = ascii("+QMTSUB:");
/** Apart from the driver's own ids, which count up from 1. */
const MSG_ID = 65535;

/**
 * One more topic subscribed once the link is up (`AT+QMTSUB`, Quectel), beside the driver's
 * bring-up subscription: a topic in that one command costs every bring-up a longer turn,
 * and one the device needs only now and then (the NTP answer) need not be there. It borrows
 * the driver's AT engine only while that engine is idle.
 */
export class LateSubscription {
  /** The broker granted it on this connection. */
  subscribed = false;
  private pending = false;
  private readonly engine: AtEngine;
  private readonly cmd: AtCommand;
  private readonly fields = new Fields(4);
  private readonly clientIndex: number;
  private readonly qos: number;
  private granted = false;

  constructor(engine: AtEngine, clientIndex: number, qos: number, timeoutMs: number, resultTimeoutMs: number) {
    this.engine = engine;
    this.clientIndex = clientIndex;
    this.qos = qos;
    this.cmd = command("late subscribe", timeoutMs, (status) => this.done(status));
    this.cmd.result = QMTSUB;
    this.cmd.resultTimeoutMs = resultTimeoutMs;
    this.cmd.onLine = (b, off, len) => this.line(b, off, len);
  }

  /** Subscribe if the engine is free and it is not done or under way. */
  poll(topic: string): void {
    if (this.subscribed || this.pending || this.engine.busy) return;
    this.granted = false;
    this.engine.begin("AT+QMTSUB=").int(this.clientIndex, 0, 5).int(MSG_ID, 1, 65535).str(topic, 200).int(this.qos, 0, 1);
    this.pending = this.engine.send(this.cmd);
  }

  /** The link went down: the next connection subscribes again. */
  reset(): void {
    this.subscribed = false;
  }

  // `+QMTSUB: <idx>,<msgid>,<result>,<granted QoS>`; a granted 128 is a refusal.
  private line(bytes: Uint8Array, offset: number, length: number): void {
    if (!startsWith(bytes, offset, length, QMTSUB)) return;
    const f = this.fields;
    f.read(bytes, offset + QMTSUB.length, offset + length);
    this.granted = f.int(0, -1) === this.clientIndex && f.int(1, -1) === MSG_ID && f.int(2, -1) === 0 && f.int(3, 0) !== 128;
  }

  private done(status: number): void {
    this.pending = false;
    this.subscribed = status === AT_OK && this.granted;
  }
}
