// Field reading at its edges: every digit, the widest number, the end of the range given,
// what may follow a quoted field. (Mutation testing found these unguarded.)
import { test } from "uvu";
import * as assert from "uvu/assert";
import { AT_ABORTED, AT_CME_ERROR, AT_CMS_ERROR, AT_ERROR, AT_OK, AT_STATUS_NAMES, AT_TIMEOUT } from "../../src/at/command";
import { constant } from "../../src/at/constant";
import { Fields } from "../../src/at/fields";
import { bytesOf } from "./helpers";

function ints(text: string, from = 0, end = text.length): number[] {
  const b = bytesOf(text);
  const f = new Fields(8);
  const n = f.read(b, from, end);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(f.int(i, -1));
  return out;
}

test("every digit, and numbers up to ten digits", () => {
  assert.equal(ints("0,1,2,3,4,5,6,7"), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.equal(ints("8,9,19,90,99,-9"), [8, 9, 19, 90, 99, -9]);
  assert.equal(ints("4294967295,9999999999,-1234567890"), [4294967295, 9999999999, -1234567890]);
  assert.equal(ints("12345678901,9a,a9,/,:"), [-1, -1, -1, -1, -1]);
  // A byte just below "0" or above "9" anywhere in the field makes it no number.
  assert.equal(ints("1/,/1,1:,:1,-/"), [-1, -1, -1, -1, -1]);
});

test("only bytes inside [from, end) are read", () => {
  assert.equal(ints("1,2,3", 0, 3), [1, 2]);
  assert.equal(ints("1,2,3", 2, 5), [2, 3]);
  assert.equal(ints("12,3", 0, 1), [1]);
});

test("after a quoted field only a comma continues the list", () => {
  const b = bytesOf('"abc"x,5');
  const f = new Fields(4);
  assert.is(f.read(b, 0, b.length), 1);
  assert.equal(ints('"t",5,"u",6'), [-1, 5, -1, 6]);
});

test("status names, as logs print them", () => {
  const names = [AT_OK, AT_ERROR, AT_CME_ERROR, AT_CMS_ERROR, AT_TIMEOUT, AT_ABORTED].map((s) => AT_STATUS_NAMES[s]);
  assert.equal(names, ["OK", "ERROR", "CME ERROR", "CMS ERROR", "timeout", "aborted"]);
});

test("constant(): a table that refers to itself is frozen without endless recursion", () => {
  const table: { name: string; self?: unknown; list: unknown[] } = { name: "t", list: [] };
  table.self = table;
  table.list.push(table);
  assert.is(constant(table), table);
  assert.ok(Object.isFrozen(table) && Object.isFrozen(table.list));
});

test.run();
