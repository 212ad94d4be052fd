import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { EventCollector, leftover, quectelParser } from "./events";

/**
 * `cat1-switch decode <file|->`: raw modem output in, one JSON event per line out, in order.
 * The debugging aid for captured UART logs; reads stdin as bytes arrive for `-`.
 *
 * What is left in the parser at the end (a line with no line end, a +QMTRECV cut short) is
 * the last event, `{"type":"partial",...}`: a capture that stops mid-frame says so.
 * A reader that goes away (`| head -1`) ends decode quietly: EPIPE is not an error here.
 */
export function decode(source: string, out: NodeJS.WritableStream): Promise<void> {
  const sink = new EventCollector((event) => write(JSON.stringify(event) + "\n"));
  const parser = quectelParser(sink, 4096);
  const input: Readable = source === "-" ? process.stdin : createReadStream(source);
  let closed = false;
  const write = (line: string): void => {
    // Output faster than the reader takes it waits for it instead of piling up in memory.
    if (!closed && !out.write(line)) input.pause();
  };
  return new Promise((resolve, reject) => {
    out.on("drain", () => input.resume());
    out.on("error", (error: NodeJS.ErrnoException) => {
      closed = true;
      input.destroy();
      if (error.code === "EPIPE") resolve();
      else reject(error);
    });
    input.on("data", (chunk: Buffer | string) => {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk, "latin1") : chunk;
      if (!closed) parser.feed(bytes, bytes.length);
    });
    input.on("end", () => {
      const partial = leftover(parser);
      if (partial) sink.report(partial);
      resolve();
    });
    input.on("error", reject);
  });
}
