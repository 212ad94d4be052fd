import { test } from "uvu";
import * as assert from "uvu/assert";
import { contains, find, hasAt, startsWithText } from "../../src/at/text";

test("whole matches only: a part that runs off the end is no match (Espruino's indexOf says it is)", () => {
  assert.is(contains("EC600S", "SIM"), false);
  assert.is(contains("Revision: EC600S", "SIMCOM"), false);
  assert.is(contains("Manufacturer: SIMCOM INCORPORATED", "SIMCOM"), true);
  assert.is(find("abcd", "cdx"), -1);
  assert.is(find("abcdcd", "cd"), 2);
  assert.is(startsWithText("Rev", "Revision: "), false);
  assert.is(startsWithText("Revision: 1", "Revision: "), true);
  assert.is(startsWithText("", ""), true);
  assert.is(hasAt("abc", "c", 2), true);
  assert.is(hasAt("abc", "c", -1), false);
  assert.is(hasAt("abc", "bc", 1), true);
  assert.is(hasAt("abc", "bd", 1), false);
});

test.run();
