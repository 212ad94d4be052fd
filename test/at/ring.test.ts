import { test } from "uvu";
import * as assert from "uvu/assert";
import { RxRing } from "../../src/at/ring";

const b = (...xs: number[]) => new Uint8Array(xs);

test("stores, peeks and discards in order", () => {
  const r = new RxRing(8, 4);
  assert.is(r.write(b(1, 2, 3), 0, 3), 3);
  assert.is(r.available, 3);
  assert.is(r.peek(0), 1);
  r.discard(1);
  assert.is(r.peek(0), 2);
  assert.is(r.free, 6);
});

test("slides unread bytes to the front instead of wrapping, a word at a time", () => {
  const r = new RxRing(8, 4);
  r.write(b(1, 2, 3, 4, 5, 6), 0, 6);
  r.discard(5);
  r.write(b(7, 8, 9, 10), 0, 4);
  // Whole words move, so the head keeps its place within a word: 5 -> 1.
  assert.is(r.head, 1);
  assert.is(r.slid, 4);
  assert.equal(Array.from(r.bytes.slice(r.head, r.tail)), [6, 7, 8, 9, 10]);
  assert.is(r.bytes[r.tail], 0);
  r.discard(1);
  r.write(b(11, 12), 0, 2);
  assert.equal(Array.from(r.bytes.slice(r.head, r.tail)), [7, 8, 9, 10, 11, 12]);
});

test("a slide that leaves bytes at the front still stores capacity - available", () => {
  const r = new RxRing(8, 4);
  r.write(b(1, 2, 3, 4, 5, 6, 7), 0, 7);
  r.discard(3);
  assert.is(r.free, 4);
  assert.is(r.write(b(8, 9, 10, 11), 0, 4), 4);
  assert.is(r.head, 3);
  assert.is(r.dropped, 0);
  assert.equal(Array.from(r.bytes.slice(r.head, r.tail)), [4, 5, 6, 7, 8, 9, 10, 11]);
  assert.is(r.write(b(12), 0, 1), 0);
  assert.is(r.dropped, 1);
});

test("overflow drops the newest bytes and counts them, never throws", () => {
  const r = new RxRing(4, 2);
  assert.is(r.write(b(1, 2, 3, 4, 5, 6), 0, 6), 4);
  assert.is(r.dropped, 2);
  assert.is(r.write(b(7), 0, 1), 0);
  assert.is(r.dropped, 3);
  assert.equal(Array.from(r.bytes.slice(0, 4)), [1, 2, 3, 4]);
});

test("a slice or a source past the slack is copied byte by byte", () => {
  const r = new RxRing(16, 2);
  assert.is(r.write(b(9, 1, 2, 3, 4), 1, 3), 3);
  assert.equal(Array.from(r.bytes.slice(0, 3)), [1, 2, 3]);
  assert.is(r.write(b(5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17), 0, 13), 13);
  assert.is(r.peek(15), 17);
});

test("length past the source end is clamped; empty writes store nothing", () => {
  const r = new RxRing(8, 2);
  assert.is(r.write(b(1, 2), 0, 5), 2);
  assert.is(r.write(b(1, 2), 2, 1), 0);
  assert.is(r.available, 2);
});

test("keeps a 0 sentinel past the tail, and views its storage as words", () => {
  const r = new RxRing(8, 2);
  r.bytes.fill(0xff);
  r.write(b(65, 66), 0, 2);
  assert.is(r.bytes[2], 0);
  r.clear();
  assert.is(r.bytes[0], 0);
  assert.is(r.words.buffer, r.bytes.buffer);
  assert.ok(r.bytes.length >= 8 + 3 + 2 + 1 && r.bytes.length % 4 === 0);
});

test("while held, data does not move and clear only consumes", () => {
  const r = new RxRing(6, 2);
  r.write(b(1, 2, 3, 4), 0, 4);
  r.discard(3);
  r.held++;
  assert.is(r.free, 2);
  assert.is(r.write(b(5, 6, 7), 0, 3), 2);
  assert.is(r.head, 3);
  r.clear();
  assert.is(r.available, 0);
  assert.is(r.bytes[3], 4);
  r.discard(0);
  r.held--;
  r.discard(0);
  assert.is(r.head, 0);
});

test("a ring with no slack still keeps room for its 0 after the data", () => {
  const r = new RxRing(4, 0);
  assert.is(r.write(b(1, 2, 3, 4), 0, 4), 4);
  assert.is(r.bytes[4], 0);
});

test.run();
