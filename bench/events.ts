/**
 * The event shape both parsers are compared in. Adapters map their parser's callbacks to it,
 * so a benchmark can first check that the two parsers agree before timing them.
 */
export type FinalResult = "OK" | "ERROR" | "CME ERROR" | "CMS ERROR";

export type BenchEvent =
  | { type: "final"; result: FinalResult; code?: number }
  | { type: "prompt" }
  | { type: "recv"; client: number; msgId: number; topic: string; payload: string }
  | { type: "line"; text: string };

/** JSON with a fixed key order, so event lists from different code compare as strings. */
export function eventKey(e: BenchEvent): string {
  switch (e.type) {
    case "final":
      return JSON.stringify([e.type, e.result, e.code ?? null]);
    case "recv":
      return JSON.stringify([e.type, e.client, e.msgId, e.topic, e.payload]);
    case "line":
      return JSON.stringify([e.type, e.text]);
    default:
      return JSON.stringify([e.type]);
  }
}

/** Index of the first event where the lists differ, or -1 when they are equal. */
export function firstDifference(a: BenchEvent[], b: BenchEvent[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (eventKey(a[i]) !== eventKey(b[i])) return i;
  return a.length === b.length ? -1 : n;
}
