import { test } from "uvu";
import * as assert from "uvu/assert";
import { Fields } from "../../src/at/fields";
import { bytesOf } from "./helpers";

function read(text: string, max = 6): { f: Fields; b: Uint8Array; n: number } {
  const b = bytesOf(text);
  const f = new Fields(max);
  return { f, b, n: f.read(b, 0, b.length) };
}

test("numbers, negative numbers and quoted text after a prefix", () => {
  const { f, b, n } = read(' 0,-1,"10.189.73.246",3');
  assert.is(n, 4);
  assert.equal([f.int(0, 9), f.int(1, 9), f.int(3, 9)], [0, -1, 3]);
  assert.is(Buffer.from(b.subarray(f.starts[2], f.starts[2] + f.lengths[2])).toString(), "10.189.73.246");
  assert.is(f.int(2, 7), 7, "quoted fields are not numbers");
  assert.is(f.int(4, 8), 8, "absent fields take the fallback");
});

test("commas inside quotes do not split; empty and odd fields are not numbers", () => {
  const { f, n } = read('"a,b",,x1,-,12345678901');
  assert.is(n, 5);
  assert.is(f.lengths[0], 3);
  assert.equal([f.int(1, -9), f.int(2, -9), f.int(3, -9), f.int(4, -9)], [-9, -9, -9, -9]);
});

test("an unterminated quote runs to the end; extra fields beyond the table are ignored", () => {
  assert.is(read('"abc').f.lengths[0], 3);
  const { f, n } = read("1,2,3,4", 2);
  assert.is(n, 2);
  assert.is(f.int(1, 0), 2);
});

test("nothing but spaces is no field", () => {
  assert.is(read("   ").n, 0);
  assert.is(read("").n, 0);
});

test("after a line with fields, a line with none leaves field 0 empty, not the last line's text", () => {
  const f = new Fields(4);
  const full = bytesOf('"ca.pem",1');
  f.read(full, 0, full.length);
  assert.is(f.lengths[0], 6);
  const empty = bytesOf("   ");
  assert.is(f.read(empty, 0, empty.length), 0);
  assert.is(f.lengths[0], 0);
});

test.run();
