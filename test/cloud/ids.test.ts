import { test } from "uvu";
import * as assert from "uvu/assert";
import { ALINK_ID_MAX, AlinkIds, firstIdForBoot, isAlinkId } from "../../src/cloud/ids";

test("ids count up from 1 as decimal strings", () => {
  const ids = new AlinkIds(1);
  assert.equal([ids.next(), ids.next(), ids.next()], ["1", "2", "3"]);
});

test("ids wrap from 4294967295 to 1, never 0", () => {
  const ids = new AlinkIds(ALINK_ID_MAX - 1);
  assert.equal([ids.next(), ids.next(), ids.next()], ["4294967294", "4294967295", "1"]);
});

test("an unusable first id starts at 1", () => {
  for (const bad of [0, -1, 1.5, NaN, Infinity, ALINK_ID_MAX + 1]) assert.is(new AlinkIds(bad).next(), "1", String(bad));
});

test("every boot gets its own range of ids", () => {
  assert.is(firstIdForBoot(0), 1);
  assert.is(firstIdForBoot(1), 65537);
  assert.is(firstIdForBoot(65535), 65535 * 65536 + 1);
  assert.is(firstIdForBoot(65535) + 65534, ALINK_ID_MAX, "the last range is one short: 0 is not an id");
  assert.is(firstIdForBoot(65536), 1);
  assert.is(firstIdForBoot(-3), 1);
  assert.is(new AlinkIds(firstIdForBoot(2)).next(), "131073");
});

test("isAlinkId: whole numbers from 0 to 4294967295, both ends included", () => {
  assert.equal([0, 1, ALINK_ID_MAX].map(isAlinkId), [true, true, true]);
  assert.equal([-1, ALINK_ID_MAX + 1, 0.5, NaN].map(isAlinkId), [false, false, false, false]);
});

test("only whole numbers in range are Alink ids: text, booleans, null or objects read from NVS are not", () => {
  for (const bad of ["5", true, null, [], {}, "", 1.5, -1, ALINK_ID_MAX + 1, NaN, Infinity]) assert.not.ok(isAlinkId(bad as number), String(bad));
  for (const good of [0, 1, ALINK_ID_MAX]) assert.ok(isAlinkId(good));
});

test.run();
