/**
 * The seed (a blog post with a real EC600S session captured in QCOM) turned back into the
 * bytes that crossed the UART.
 *
 * How the blog's text maps to bytes. QCOM shows CR LF, a lone CR and a lone LF each as one
 * line break, and the blog trimmed blank lines at the start and end of every <pre> block:
 *   - a line `AT...` is the module's echo of the host's command line `AT...\r` (echo is on:
 *     the host's own typing is not shown by QCOM, only what the module sends back);
 *   - an empty line followed by `text` is a framed response or URC `\r\ntext\r\n`: the
 *     cursor is at a line start (after the echo's CR or a frame's final CR LF), so the
 *     leading CR LF shows as the empty line;
 *   - `text` first in a block (RDY, +QMTRECV) is the same `\r\ntext\r\n`, its empty line
 *     trimmed by the blog;
 *   - an empty line then `> payload` is the PUBEX prompt `\r\n> ` followed by the module's
 *     echo of the payload, which has no line ending of its own;
 *   - so `OK` right after the payload line, with no empty line, is `\r\nOK\r\n`: its
 *     leading CR LF is what ends the payload's line.
 * Every session block decodes under these rules with nothing left over, which is the check
 * that they are the right ones.
 */
import { readFileSync } from "node:fs";

/** What the host does before a run of module output: send bytes, or (undefined) an outside event. */
export interface SeedSegment {
  send?: string;
  expect: string;
}

const ENTITIES: Record<string, string> = { "&gt;": ">", "&lt;": "<", "&amp;": "&", "&quot;": '"', "&#39;": "'" };

export function preBlocks(html: string): string[] {
  const blocks = [...html.matchAll(/<pre><code[^>]*>([\s\S]*?)<\/code><\/pre>/g)].map((m) => m[1]);
  return blocks.map((b) => b.replace(/&(gt|lt|amp|quot|#39);/g, (e) => ENTITIES[e]));
}

/** Session blocks are pure ASCII; the syntax examples around them carry Chinese notes. */
export function sessionBlocks(path: string): string[] {
  return preBlocks(readFileSync(path, "utf8")).filter((b) => /^[\x20-\x7e\n]*$/.test(b));
}

const isCommand = (line: string): boolean => line.startsWith("AT");
const frame = (text: string): string => `\r\n${text}\r\n`;

/** Decodes one block into host actions and the exact bytes the module answered with. */
export function segmentsOf(block: string): SeedSegment[] {
  return new BlockDecoder(block.split("\n")).run();
}

class BlockDecoder {
  private readonly segments: SeedSegment[] = [{ expect: "" }];
  /** Where QCOM's cursor is: at a line start, or after the payload echo. */
  private lineStart = true;

  constructor(private readonly lines: string[]) {}

  run(): SeedSegment[] {
    for (let i = 0; i < this.lines.length; ) i = this.step(i);
    return this.segments.filter((s) => s.send !== undefined || s.expect !== "");
  }

  /** Decodes the line at i (and maybe the next); returns the index after them. */
  private step(i: number): number {
    const line = this.lines[i];
    if (line === "") return this.afterBlank(i + 1);
    if (isCommand(line) && this.lineStart) {
      this.segments.push({ send: `${line}\r`, expect: `${line}\r` });
    } else if (i === 0 || !this.lineStart) {
      this.add(frame(line));
      this.lineStart = true;
    } else {
      throw new Error(`seed line ${i} does not decode: ${JSON.stringify(line)}`);
    }
    return i + 1;
  }

  private afterBlank(i: number): number {
    const line = this.lines[i] ?? "";
    if (!line.startsWith("> ")) {
      this.add(frame(line));
      return i + 1;
    }
    const payload = line.slice(2);
    this.add("\r\n> ");
    this.segments.push({ send: payload, expect: payload });
    this.lineStart = false;
    return i + 1;
  }

  private add(bytes: string): void {
    this.segments[this.segments.length - 1].expect += bytes;
  }
}

/** `+QMTRECV: 0,0,"<topic>",<len>,"<payload>"` -> topic and payload. */
export function parseRecvLine(line: string): { topic: string; payload: string } {
  const m = /^\+QMTRECV: \d+,\d+,"([^"]*)",(\d+),"([\s\S]*)"$/.exec(line);
  if (!m || Number(m[2]) !== m[3].length) throw new Error(`not a +QMTRECV line: ${line}`);
  return { topic: m[1], payload: m[3] };
}

/** Control characters made visible, for readable failure diffs. */
export const visible = (text: string): string => text.replace(/\r/g, "\\r").replace(/\n/g, "\\n\n");
