/** Installs the bench globals for the naive reference parser (bench/naive-parser.ts). */
import type { BenchEvent } from "../events";
import { NaiveParser } from "../naive-parser";
import { uartReads, worstChunk } from "./adapter";

function run(bytes: Uint8Array, chunkSize: number, emit: (e: BenchEvent) => void): void {
  const parser = new NaiveParser(emit);
  const reads = uartReads(bytes, chunkSize);
  for (let i = 0; i < reads.length; i++) parser.push(reads[i], reads[i].length);
}

globalThis.benchParse = (bytes, chunkSize) => {
  let count = 0;
  run(bytes, chunkSize, () => count++);
  return count;
};

globalThis.benchEvents = (bytes, chunkSize) => {
  const events: BenchEvent[] = [];
  run(bytes, chunkSize, (e) => events.push(e));
  return JSON.stringify(events);
};

globalThis.benchWorstChunk = (bytes, chunkSize) => {
  const parser = new NaiveParser(() => undefined);
  return worstChunk(uartReads(bytes, chunkSize), (read) => parser.push(read, read.length));
};
