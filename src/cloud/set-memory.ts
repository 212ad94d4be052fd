/**
 * The last property sets and how they were answered, in a fixed ring of parallel arrays.
 *
 * The cloud sends a set again when it saw no set_reply, so a set must be recognised by its
 * id and answered again with the same code, never applied twice. The oldest entry is
 * forgotten first; the client keeps no more replies waiting than this remembers, so an id
 * is never forgotten while its reply is still waiting.
 */
export class SetMemory {
  readonly size: number;
  // Stryker disable all: preallocated so that the device's heap is fixed from the start; Node's arrays grow, so no test here can tell (test/xs checks the fixed heap)
  private readonly ids: string[] = [];
  private readonly codes: number[] = [];
  private readonly messages: string[] = [];
  // Stryker restore all
  /** The slot the next entry takes, which holds the oldest entry once the ring is full. */
  private next = 0;

  constructor(size: number) {
    this.size = size > 0 ? size : 1;
    // Stryker disable all: preallocated as above
    for (let i = 0; i < this.size; i++) {
      this.ids.push("");
      this.codes.push(0);
      this.messages.push("");
    }
    // Stryker restore all
  }

  /** The slot remembering `id`, or -1. Ids are never empty, so free slots never match. */
  find(id: string): number {
    for (let i = 0; i < this.size; i++) {
      if (this.ids[i] === id) return i;
    }
    return -1;
  }

  /** Remembers a set's answer, forgetting the oldest entry. */
  remember(id: string, code: number, message: string): void {
    const slot = this.next;
    this.ids[slot] = id;
    this.codes[slot] = code;
    this.messages[slot] = message;
    this.next = (slot + 1) % this.size;
  }

  code(slot: number): number {
    return this.codes[slot];
  }

  message(slot: number): string {
    return this.messages[slot];
  }
}
