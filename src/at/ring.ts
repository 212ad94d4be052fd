/**
 * Receive ring between the UART callback and the AT parser.
 *
 * One buffer, allocated once, seen as bytes and as 32-bit words. Unlike a wrapping ring, the
 * readable bytes are always contiguous: when the write position reaches the end, unread
 * bytes slide to the front. That is what lets the parser scan lines in place and hand out
 * (offset, length) views without ever copying a line or allocating a subarray.
 *
 * Sliding moves whole words (no `copyWithin`, which Espruino lacks, and no subarray, which
 * allocates): the bytes go to the front offset that shares the head's position within a
 * word, so the head after a slide is 0 to 3. Those up to 3 bytes come out of extra storage,
 * so a write still stores `capacity - available` bytes, as if the slide went to 0.
 *
 * The storage has `slack` bytes past `capacity` so a whole UART read buffer can be stored
 * with one native `set` even when only part of it is valid.
 *
 * Past the tail the ring keeps a 0 byte. A scan for a line end ("the next byte below 14")
 * therefore stops at the tail without comparing its index on every byte.
 *
 * Overflow policy: when a write does not fit, the bytes that do not fit (the newest) are
 * dropped and counted in `dropped`, exactly as the UART FIFO itself would lose them. The
 * parser's framing checks catch the gap; nothing throws.
 */
export class RxRing {
  readonly bytes: Uint8Array;
  /** The same storage as words: byte `i` lies in `words[i >> 2]`. */
  readonly words: Int32Array;
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
   * slide data. The parser holds the ring while it parses.
   */
  held = 0;

  constructor(capacity: number, slack: number) {
    this.capacity = capacity;
    // Up to 3 bytes a slide leaves at the front, the slack, at least the sentinel, rounded
    // up to whole words, and 3 words more for a slide that moves four words a step.
    const buffer = new ArrayBuffer(((capacity + 3 + (slack > 1 ? slack : 1) + 4) & ~3) + 12);
    this.bytes = new Uint8Array(buffer);
    this.words = new Int32Array(buffer);
  }

  get available(): number {
    return this.tail - this.head;
  }

  /** How many bytes a write can store now (while held, the ring cannot slide). */
  get free(): number {
    return this.capacity - (this.held > 0 ? this.tail : this.tail - this.head);
  }

  /** Store bytes [offset, offset+length) of `src`. Returns how many were stored. */
  write(src: Uint8Array, offset: number, length: number): number {
    const bytes = this.bytes;
    const tail = this.tail;
    // The usual UART read: a whole buffer no larger than the slack, that fits as it is.
    if (offset === 0 && length <= src.length && tail + length <= this.capacity && tail + src.length <= bytes.length) {
      bytes.set(src, tail);
      this.tail = tail + length;
      bytes[tail + length] = 0;
      return length;
    }
    return this.writeSlow(src, offset, length);
  }

  private writeSlow(src: Uint8Array, offset: number, length: number): number {
    if (offset + length > src.length) length = src.length - offset;
    if (length <= 0) return 0;
    const take = this.makeRoom(length);
    if (take === 0) return 0;
    const bytes = this.bytes;
    const tail = this.tail;
    if (offset === 0 && tail + src.length <= bytes.length) bytes.set(src, tail);
    else this.copySlow(src, offset, take);
    this.tail = tail + take;
    bytes[tail + take] = 0;
    return take;
  }

  /** Slide if need be; how many of `length` bytes fit (the rest are counted as dropped). */
  private makeRoom(length: number): number {
    const held = this.held > 0;
    if (this.tail + length > this.capacity && !held) this.compact();
    const room = this.capacity + (held ? 0 : this.head & 3) - this.tail;
    const take = length < room ? length : room;
    this.dropped += length - take;
    return take;
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
    this.bytes[0] = 0;
  }

  /** Slide unread bytes to the front so (nearly) the whole capacity is usable again. */
  compact(): void {
    const head = this.head;
    const to = head & 3;
    if (head === to) return;
    const words = this.words;
    // Forward, so overlapping source and destination are safe; four words a step (a few
    // words past the tail are copied too, harmlessly: the storage always has them).
    const end = (this.tail + 3) >> 2;
    for (let s = head >> 2, d = 0; s < end; s += 4, d += 4) {
      words[d] = words[s];
      words[d + 1] = words[s + 1];
      words[d + 2] = words[s + 2];
      words[d + 3] = words[s + 3];
    }
    const by = head - to;
    this.slid += by;
    this.head = to;
    this.tail -= by;
    this.bytes[this.tail] = 0;
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
