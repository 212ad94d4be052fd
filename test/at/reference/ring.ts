/** TEST-ONLY REFERENCE: src/at/ring.ts at 208a73e, used by ./parser.ts. */
/**
 * Receive ring between the UART callback and the AT parser.
 *
 * One Uint8Array, allocated once. Unlike a wrapping ring, the readable bytes are always
 * contiguous: when the write position reaches the end, unread bytes slide to the front
 * with `copyWithin` (a native memmove of at most one partial line). That is what lets the
 * parser scan lines in place with `indexOf` and hand out (offset, length) views without
 * ever copying a line or allocating a subarray.
 *
 * The storage has `slack` bytes past `capacity` so a whole UART read buffer can be stored
 * with one native `set` even when only part of it is valid.
 *
 * Past the tail the ring keeps a CR LF sentinel, so a line-end scan (`indexOf`) of a
 * partial line stops at the tail instead of running on through stale bytes.
 *
 * Overflow policy: when a write does not fit, the bytes that do not fit (the newest) are
 * dropped and counted in `dropped`, exactly as the UART FIFO itself would lose them. The
 * parser's framing checks catch the gap; nothing throws.
 */
export class RxRing {
  readonly bytes: Uint8Array;
  readonly capacity: number;
  /** First unread byte. */
  head = 0;
  /** One past the last unread byte. */
  tail = 0;
  /** Bytes lost to overflow since creation. */
  dropped = 0;
  /**
   * How far, in total, stored bytes have moved toward the front. A consumer that keeps
   * offsets across writes subtracts the change from them.
   */
  slid = 0;
  /**
   * While non-zero, offsets into `bytes` are on loan to a consumer, so writes must not
   * slide data. The parser holds the ring while it dispatches an event.
   */
  held = 0;

  constructor(capacity: number, slack: number) {
    this.capacity = capacity;
    // Two sentinel bytes always fit past the largest tail.
    this.bytes = new Uint8Array(capacity + (slack > 2 ? slack : 2));
    this.seal();
  }

  get available(): number {
    return this.tail - this.head;
  }

  /** How many bytes a write can store now (while held, the ring cannot slide). */
  get free(): number {
    return this.capacity - (this.held > 0 ? this.tail : this.available);
  }

  /** Store bytes [offset, offset+length) of `src`. Returns how many were stored. */
  write(src: Uint8Array, offset: number, length: number): number {
    if (offset + length > src.length) length = src.length - offset;
    if (length <= 0) return 0;
    this.makeRoom(length);
    const room = this.capacity - this.tail;
    const take = length < room ? length : room;
    this.dropped += length - take;
    if (take === 0) return 0;
    if (offset === 0 && this.tail + src.length <= this.bytes.length) this.bytes.set(src, this.tail);
    else this.copySlow(src, offset, take);
    this.tail += take;
    this.seal();
    return take;
  }

  private makeRoom(length: number): void {
    if (this.tail + length > this.capacity && this.held === 0) this.compact();
  }

  /** Byte at `index` bytes past the head. */
  peek(index: number): number {
    return this.bytes[this.head + index];
  }

  /** Consume `count` bytes. */
  discard(count: number): void {
    this.head += count;
    if (this.head >= this.tail && this.held === 0) this.clear();
  }

  /** Consume everything. While held, the bytes stay where they are until released. */
  clear(): void {
    if (this.held > 0) {
      this.head = this.tail;
      return;
    }
    this.slid += this.head;
    this.head = 0;
    this.tail = 0;
    this.seal();
  }

  /** Slide unread bytes to the front so the whole capacity is usable again. */
  compact(): void {
    if (this.head === 0) return;
    this.bytes.copyWithin(0, this.head, this.tail);
    this.slid += this.head;
    this.tail -= this.head;
    this.head = 0;
    this.seal();
  }

  private seal(): void {
    this.bytes[this.tail] = 13;
    this.bytes[this.tail + 1] = 10;
  }

  // A source past the slack, or a slice of one, cannot go through one `set` without a
  // subarray view (an allocation): copy byte by byte instead. Hosts that read into a
  // buffer no larger than the slack never come here.
  private copySlow(src: Uint8Array, offset: number, take: number): void {
    const bytes = this.bytes;
    let at = this.tail;
    for (let i = 0; i < take; i++) bytes[at++] = src[offset + i];
  }
}
