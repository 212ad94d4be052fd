/** Publish kinds, in the order they may be sacrificed: telemetry first, never the others. */
export const PUBLISH_TELEMETRY = 0;
/** The switch state. */
export const PUBLISH_STATE = 1;
/** An answer to the cloud (set_reply). */
export const PUBLISH_REPLY = 2;

export interface QueuedMessage {
  topic: string;
  payload: string;
  kind: number;
}

/**
 * A bounded FIFO of messages waiting for the link, in fixed slots. When full, the oldest
 * telemetry makes room for anything newer; state and replies are never dropped: if only
 * they fill the queue, `push` says no and the caller keeps its message to try again.
 */
export class PublishQueue {
  private readonly slots: QueuedMessage[] = [];
  private count = 0;
  /** Telemetry messages dropped to make room. */
  dropped = 0;

  constructor(capacity: number) {
    // Stryker disable next-line ObjectLiteral,StringLiteral: push() writes every field of a slot before peek() can hand it out
    for (let i = 0; i < capacity; i++) this.slots.push({ topic: "", payload: "", kind: 0 });
  }

  get length(): number {
    return this.count;
  }

  push(topic: string, payload: string, kind: number): boolean {
    if (this.count === this.slots.length && !this.dropOldestTelemetry()) return false;
    const slot = this.slots[this.count++];
    slot.topic = topic;
    slot.payload = payload;
    slot.kind = kind;
    return true;
  }

  /** The oldest message, or null. */
  peek(): QueuedMessage | null {
    return this.count > 0 ? this.slots[0] : null;
  }

  /** Remove the oldest message (it was published). */
  shift(): void {
    if (this.count > 0) this.removeAt(0);
  }

  private dropOldestTelemetry(): boolean {
    for (let i = 0; i < this.count; i++) {
      if (this.slots[i].kind !== PUBLISH_TELEMETRY) continue;
      this.removeAt(i);
      this.dropped++;
      return true;
    }
    return false;
  }

  // Rotate the freed slot object to the end, so no slot is ever allocated again.
  private removeAt(index: number): void {
    const slots = this.slots;
    const freed = slots[index];
    // Stryker disable next-line EqualityOperator: one more turn copies slots[count] into slots[count - 1], which the freed slot overwrites next
    for (let i = index; i < this.count - 1; i++) slots[i] = slots[i + 1];
    slots[this.count - 1] = freed;
    // Emptied only so that the strings can be collected: a free slot is never read before push() fills it.
    // Stryker disable next-line StringLiteral: as above
    freed.topic = "";
    // Stryker disable next-line StringLiteral: as above
    freed.payload = "";
    this.count--;
  }
}
