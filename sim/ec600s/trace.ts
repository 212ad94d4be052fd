/** Both directions of the UART, timestamped in simulated ms, for a QCOM-like log. */

export interface TraceEvent {
  /** "tx" host -> module, "rx" module -> host (QCOM's point of view: the host's). */
  dir: "tx" | "rx";
  at: number;
  bytes: Uint8Array;
}

/** `[    3012.000] rx  \r\nRDY\r\n` with control bytes escaped. */
export function formatTrace(event: TraceEvent): string {
  const text = Array.from(event.bytes, escapeByte).join("");
  return `[${event.at.toFixed(3).padStart(12)}] ${event.dir}  ${text}`;
}

function escapeByte(b: number): string {
  if (b === 0x0d) return "\\r";
  if (b === 0x0a) return "\\n";
  if (b === 0x5c) return "\\\\";
  if (b >= 0x20 && b < 0x7f) return String.fromCharCode(b);
  return `\\x${b.toString(16).padStart(2, "0")}`;
}
