import { utf8 } from "../../src/at/bytes";
import { AtParser, AtSink, FINAL_CME_ERROR, FINAL_CMS_ERROR, FINAL_ERROR, FINAL_OK, RECV_CORRUPT } from "../../src/at/parser";
import type { RecvHeader } from "../../src/at/recv-header";

/** One decoded event as the decode tool prints it (one JSON object per line). */
export type DecodedEvent =
  | { type: "final"; result: "OK" | "ERROR" }
  | { type: "final"; result: "CME ERROR" | "CMS ERROR"; code: number }
  | { type: "prompt" }
  | { type: "recv"; client: number; msgId: number; topic: string; payload: string }
  | { type: "recv-error"; client: number; msgId: number; reason: "corrupt" | "oversize" }
  | { type: "line"; text: string }
  /** Input ended inside a line (no line end) or a +QMTRECV frame: what was left, not dropped. */
  | { type: "partial"; what: "line"; bytes: number; text: string }
  | { type: "partial"; what: "frame"; bytes: number };

const RESULT_NAMES = ["OK", "ERROR", "CME ERROR", "CMS ERROR"] as const;

/** A parser sink that turns events into objects, for tools and tests (not the firmware). */
export class EventCollector implements AtSink {
  readonly events: DecodedEvent[] = [];
  constructor(private readonly emit?: (event: DecodedEvent) => void) {}

  final(result: number, code: number): void {
    if (result === FINAL_CME_ERROR || result === FINAL_CMS_ERROR) {
      this.push({ type: "final", result: RESULT_NAMES[result] as "CME ERROR", code });
    } else {
      this.push({ type: "final", result: result === FINAL_OK ? "OK" : RESULT_NAMES[FINAL_ERROR] as "ERROR" });
    }
  }
  line(bytes: Uint8Array, offset: number, length: number): void {
    this.push({ type: "line", text: utf8(bytes, offset, length) });
  }
  prompt(): void {
    this.push({ type: "prompt" });
  }
  recv(h: RecvHeader, bytes: Uint8Array): void {
    this.push({
      type: "recv",
      client: h.client,
      msgId: h.msgId,
      topic: utf8(bytes, h.topicStart, h.topicLength),
      payload: utf8(bytes, h.payloadStart, h.payloadLength),
    });
  }
  recvError(client: number, msgId: number, reason: number): void {
    this.push({ type: "recv-error", client, msgId, reason: reason === RECV_CORRUPT ? "corrupt" : "oversize" });
  }
  /** An event that does not come from the parser's sink calls (a partial at the end). */
  report(event: DecodedEvent): void {
    this.push(event);
  }
  private push(event: DecodedEvent): void {
    this.events.push(event);
    if (this.emit) this.emit(event);
  }
}

/**
 * What the parser still holds when input ends, as a `partial` event: a frame whose counted
 * payload never completed, or a line with no line end. Line-end bytes alone are nothing.
 */
export function leftover(parser: AtParser): DecodedEvent | undefined {
  const ring = parser.ring;
  if (parser.framing) return { type: "partial", what: "frame", bytes: ring.available };
  let start = ring.head;
  while (start < ring.tail && (ring.bytes[start] === 0x0d || ring.bytes[start] === 0x0a)) start++;
  if (start === ring.tail) return undefined;
  return { type: "partial", what: "line", bytes: ring.tail - start, text: utf8(ring.bytes, start, ring.tail - start) };
}

/** Decode a whole byte string split into chunks at the given cut points. */
export function decodeChunks(bytes: Uint8Array, cuts: number[], capacity?: number): DecodedEvent[] {
  const sink = new EventCollector();
  const parser = new AtParser({ sink, capacity });
  let from = 0;
  for (const cut of cuts.concat([bytes.length])) {
    const to = Math.min(Math.max(cut, from), bytes.length);
    const part = bytes.slice(from, to);
    parser.feed(part, part.length);
    from = to;
  }
  return sink.events;
}
