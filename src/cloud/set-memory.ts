/**
 * The last property sets and how they were answered, in a fixed ring of parallel arrays.
 *
 * The cloud sends a set again when it saw no set_reply, so a set must be recognised by its
 * id and answered again with the same code, never applied twice. The ring is also the queue
 * of replies the transport has not taken yet: an entry stays `pending` until its reply is
 * queued. Entries are visited oldest first, so replies leave in the order the sets came.
 */
export class SetMemory {
  readonly size: number;
  /** Entries whose reply still has to be queued. */
  pendingCount = 0;
  private readonly ids: string[] = [];
  private readonly codes: number[] = [];
  private readonly messages: string[] = [];
  private readonly pending: boolean[] = [];
  /** The slot the next entry takes, which holds the oldest entry once the ring is full. */
  private next = 0;

  constructor(size: number) {
    this.size = size > 0 ? size : 1;
    for (let i = 0; i < this.size; i++) {
      this.ids.push("");
      this.codes.push(0);
      this.messages.push("");
      this.pending.push(false);
    }
  }

  /** The slot remembering `id`, or -1. Ids are never empty, so free slots never match. */
  find(id: string): number {
    for (let i = 0; i < this.size; i++) {
      if (this.ids[i] === id) return i;
    }
    return -1;
  }

  /**
   * Remembers a new set with its reply pending, forgetting the oldest. Returns false when
   * the forgotten entry's reply had not been queued yet: that reply is lost.
   */
  remember(id: string, code: number, message: string): boolean {
    const slot = this.next;
    const lost = this.pending[slot];
    this.ids[slot] = id;
    this.codes[slot] = code;
    this.messages[slot] = message;
    this.pending[slot] = false;
    if (lost) this.pendingCount--;
    this.markPending(slot);
    this.next = (slot + 1) % this.size;
    return !lost;
  }

  markPending(slot: number): void {
    if (this.pending[slot]) return;
    this.pending[slot] = true;
    this.pendingCount++;
  }

  markSent(slot: number): void {
    if (!this.pending[slot]) return;
    this.pending[slot] = false;
    this.pendingCount--;
  }

  /** The slot of the k-th oldest entry, k in [0, size). */
  slotAt(k: number): number {
    return (this.next + k) % this.size;
  }

  isPending(slot: number): boolean {
    return this.pending[slot];
  }

  id(slot: number): string {
    return this.ids[slot];
  }

  code(slot: number): number {
    return this.codes[slot];
  }

  message(slot: number): string {
    return this.messages[slot];
  }
}
