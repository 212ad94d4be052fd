import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { findByte, findLineEnd } from "../../src/at/scan";

/** Storage shaped like the ring's: bytes and words over one buffer, a 0 after the data. */
function storage(data: number[]): { bytes: Uint8Array; words: Int32Array } {
  const buffer = new ArrayBuffer((data.length + 8) & ~3);
  const bytes = new Uint8Array(buffer);
  bytes.set(data, 0);
  return { bytes, words: new Int32Array(buffer) };
}

test("findByte: the first match in [from, to), else to; the byte planted at `to` is put back", () => {
  const { bytes } = storage([1, 34, 2, 34, 3, 4]);
  assert.is(findByte(bytes, 0, 6, 34), 1);
  assert.is(findByte(bytes, 2, 6, 34), 3);
  assert.is(findByte(bytes, 4, 6, 34), 6);
  assert.is(findByte(bytes, 0, 1, 34), 1);
  assert.equal(Array.from(bytes.slice(0, 7)), [1, 34, 2, 34, 3, 4, 0]);
});

test("findLineEnd: CR or LF at any alignment, control bytes and bytes before `from` ignored", () => {
  // A LF before `from` in the same word, a tab and a NUL inside, the CR four words on.
  const data = [10, 65, 65, 9, 0, 65, 65, 65, 65, 65, 65, 65, 65, 65, 65, 65, 65, 13, 65];
  const { bytes, words } = storage(data);
  assert.is(findLineEnd(bytes, words, 1, data.length), 17);
  assert.is(findLineEnd(bytes, words, 18, data.length), data.length);
  assert.is(findLineEnd(bytes, words, 0, data.length), 0);
});

test("findLineEnd agrees with a byte loop on random data, from any offset", () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(0, 9, 10, 13, 32, 65, 200), { maxLength: 60, size: "max" }), fc.nat(), (data, at) => {
      const { bytes, words } = storage(data);
      const from = data.length ? at % data.length : 0;
      let want = from;
      while (want < data.length && data[want] !== 10 && data[want] !== 13) want++;
      assert.is(findLineEnd(bytes, words, from, data.length), want);
    }),
    { numRuns: 300 },
  );
});

test.run();
