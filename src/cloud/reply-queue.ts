/**
 * set_replies waiting for the transport, oldest first, in a fixed ring of parallel arrays.
 * It never overwrites: when it is full, `push` says no and the client must not take a set
 * whose answer it could not keep. Replies are kept encoded, so offering one to a full
 * transport on every poll builds nothing.
 */
export class ReplyQueue {
  readonly capacity: number;
  // Stryker disable all: preallocated so that the device's heap is fixed from the start; Node's arrays grow, so no test here can tell (test/xs checks the fixed heap)
  private readonly ids: string[] = [];
  private readonly payloads: string[] = [];
  // Stryker restore all
  private head = 0;
  private count = 0;

  constructor(capacity: number) {
    this.capacity = capacity > 0 ? capacity : 1;
    // Stryker disable all: preallocated as above
    for (let i = 0; i < this.capacity; i++) {
      this.ids.push("");
      this.payloads.push("");
    }
    // Stryker restore all
  }

  get length(): number {
    return this.count;
  }

  get free(): number {
    return this.capacity - this.count;
  }

  /** A reply to `id` is waiting. */
  has(id: string): boolean {
    for (let k = 0; k < this.count; k++) {
      if (this.ids[(this.head + k) % this.capacity] === id) return true;
    }
    return false;
  }

  /** Keep `payload`, the reply to `id`; false when full. */
  push(id: string, payload: string): boolean {
    if (this.count === this.capacity) return false;
    const slot = (this.head + this.count) % this.capacity;
    this.ids[slot] = id;
    this.payloads[slot] = payload;
    this.count++;
    return true;
  }

  /** The id the oldest reply answers; only while `length > 0`. */
  headId(): string {
    return this.ids[this.head];
  }

  /** The oldest reply; only while `length > 0`. */
  headPayload(): string {
    return this.payloads[this.head];
  }

  /** Forget the oldest reply (the transport took it). */
  shift(): void {
    if (this.count === 0) return;
    this.ids[this.head] = "";
    this.payloads[this.head] = "";
    this.head = (this.head + 1) % this.capacity;
    this.count--;
  }
}
