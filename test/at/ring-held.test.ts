// A held ring (the parser lends offsets into it while it parses) must not slide, even for a
// write that needs the room: the bytes stay where the lent offsets point, and what does not
// fit is dropped and counted. (Mutation testing found the slide's `held` test unguarded.)
import { test } from "uvu";
import * as assert from "uvu/assert";
import { RxRing } from "../../src/at/ring";

test("a held ring stores what fits behind its tail, drops and counts the rest, and moves nothing", () => {
  const r = new RxRing(16, 8);
  r.write(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 0, 10);
  r.discard(6);
  r.held = 1;
  assert.is(r.write(Uint8Array.from([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]), 0, 10), 6);
  assert.is(r.head, 6, "not slid");
  assert.is(r.dropped, 4);
  assert.equal(Array.from(r.bytes.slice(r.head, r.tail)), [7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
  r.held = 0;
  r.discard(10);
  assert.is(r.write(Uint8Array.from([21, 22]), 0, 2), 2, "released: room again");
});

test.run();
