/** A line sink that several readers can join after it was handed out. */
import type { LineSink } from "./log";

export class Fanout {
  private readonly sinks = new Set<LineSink>();

  readonly sink: LineSink = (line) => {
    for (const s of this.sinks) s(line);
  };

  add(sink: LineSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }
}
