/**
 * The reference point for the parser benchmark: a modem-output parser written the way
 * most AT-command code is (Arduino libraries, Node serialport examples). It lives in bench/
 * only, to show what the streaming parser in src/at saves. Do not use it in firmware.
 *
 * Common-style choices, each a cost on XS: every byte becomes a one-character string that is
 * concatenated onto a buffer (a new string per byte), the buffer is split into arrays of
 * lines, and each line is classified with regular expressions (match arrays, capture strings).
 * It also inherits the common bug: a +QMTRECV payload containing CRLF would be split apart.
 */
import type { BenchEvent } from "./events";

const PROMPT = /^> ?$/;
const FINAL = /^(OK|ERROR)$/;
const CME = /^\+CME ERROR: (\d+)$/;
const CMS = /^\+CMS ERROR: (\d+)$/;
const RECV = /^\+QMTRECV: (\d+),(\d+),"([^"]*)",(\d+),"/;

export class NaiveParser {
  private buffer = "";

  constructor(private readonly emit: (event: BenchEvent) => void) {}

  push(bytes: Uint8Array, length = bytes.length): void {
    for (let i = 0; i < length; i++) this.buffer += String.fromCharCode(bytes[i]);
    const lines = this.buffer.split("\r\n");
    this.buffer = lines.pop() ?? "";
    for (const line of lines) if (line !== "") this.emit(classify(line));
    // The data prompt "> " has no line end: it is what is left over, unless more data
    // followed it in the same read (then it was split off as a line, see classify).
    if (this.buffer === "> ") {
      this.buffer = "";
      this.emit({ type: "prompt" });
    }
  }
}

function classify(line: string): BenchEvent {
  if (PROMPT.test(line)) return { type: "prompt" };
  let m = FINAL.exec(line);
  if (m) return { type: "final", result: m[1] as "OK" | "ERROR" };
  m = CME.exec(line);
  if (m) return { type: "final", result: "CME ERROR", code: parseInt(m[1], 10) };
  m = CMS.exec(line);
  if (m) return { type: "final", result: "CMS ERROR", code: parseInt(m[1], 10) };
  m = RECV.exec(line);
  if (m) {
    // The payload is read by its length field, from just after the opening quote.
    const payload = line.substr(m[0].length, parseInt(m[4], 10));
    return { type: "recv", client: parseInt(m[1], 10), msgId: parseInt(m[2], 10), topic: m[3], payload };
  }
  return { type: "line", text: line };
}
