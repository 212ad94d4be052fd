import { concat as joinBytes } from "../../sim/ec600s/bytes";
import { ascii } from "../../src/at/bytes";
import { DecodedEvent, EventCollector, quectelParser } from "../../tools/decode/events";

export function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Feed `text` (or bytes) to a fresh parser in chunks of `size` and return the events. */
export function decode(input: string | Uint8Array, size = 1 << 30, capacity?: number): DecodedEvent[] {
  const bytes = typeof input === "string" ? bytesOf(input) : input;
  const sink = new EventCollector();
  const parser = quectelParser(sink, capacity);
  for (let i = 0; i < bytes.length; i += size) {
    const part = bytes.slice(i, i + size);
    parser.feed(part, part.length);
  }
  return sink.events;
}

export function recvFrame(client: number, msgId: number, topic: string, payload: Uint8Array): Uint8Array {
  const head = ascii(`\r\n+QMTRECV: ${client},${msgId},"${topic}",${payload.length},"`);
  const out = new Uint8Array(head.length + payload.length + 3);
  out.set(head, 0);
  out.set(payload, head.length);
  out.set(ascii('"\r\n'), head.length + payload.length);
  return out;
}

/** Join byte strings (the simulator's helper, which takes them as arguments). */
export function concat(parts: Uint8Array[]): Uint8Array {
  return joinBytes(...parts);
}
