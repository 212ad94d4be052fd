import { test } from "uvu";
import * as assert from "uvu/assert";
import { constant } from "../../src/at/constant";
import { EC600S } from "../../src/modem/quectel/dialect";
import { MODEM_DEFAULTS } from "../../src/modem/config";

test("tables are frozen deeply; typed arrays inside are left writable", () => {
  const table = constant({ list: [1, 2], inner: { a: 1 }, bytes: new Uint8Array(2) });
  assert.ok(Object.isFrozen(table) && Object.isFrozen(table.list) && Object.isFrozen(table.inner));
  table.bytes[0] = 7;
  assert.is(table.bytes[0], 7);
  assert.throws(() => {
    (table.list as number[]).push(3);
  });
});

test("the bring-up table and the defaults are constants (preload keeps them in flash)", () => {
  assert.ok(Object.isFrozen(EC600S.steps) && Object.isFrozen(EC600S.steps[0]) && Object.isFrozen(EC600S));
  assert.ok(Object.isFrozen(MODEM_DEFAULTS));
});

test("without Object.freeze (Espruino) the value comes back unchanged", () => {
  const freeze = Object.freeze;
  (Object as { freeze: unknown }).freeze = undefined;
  try {
    const t = constant({ a: 1 });
    assert.not.ok(Object.isFrozen(t));
  } finally {
    Object.freeze = freeze;
  }
});

test.run();
