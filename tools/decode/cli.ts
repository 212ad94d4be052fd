import { createReadStream } from "node:fs";
import { EventCollector, quectelParser } from "./events";

/**
 * `cat1-switch decode <file|->`: raw modem output in, one JSON event per line out, in order.
 * The debugging aid for captured UART logs; reads stdin as bytes arrive for `-`.
 */
export function decode(source: string, out: NodeJS.WritableStream): Promise<void> {
  const sink = new EventCollector((event) => out.write(JSON.stringify(event) + "\n"));
  const parser = quectelParser(sink, 4096);
  const input = source === "-" ? process.stdin : createReadStream(source);
  return new Promise((resolve, reject) => {
    input.on("data", (chunk: Buffer | string) => {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk, "latin1") : chunk;
      parser.feed(bytes, bytes.length);
    });
    input.on("end", () => resolve());
    input.on("error", reject);
  });
}
