/** The params of a property post (src/cloud/params.ts), as each cloud's codec asks for them. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { encodeParams } from "../../src/cloud/params";
import { emptyValues, ONE_GANG, TWO_GANG } from "../../src/cloud/thing-model";

test("a bool is 0/1 for Aliyun and Huawei, true/false for OneNET, each value wrapped where the cloud wants it", () => {
  assert.is(encodeParams(TWO_GANG, [1, 0, NaN, NaN], false, false), '"PowerSwitch_1":1,"PowerSwitch_2":0');
  assert.is(encodeParams(TWO_GANG, [1, 0, NaN, NaN], true, true), '"PowerSwitch_1":{"value":true},"PowerSwitch_2":{"value":false}');
  assert.is(encodeParams(ONE_GANG, [NaN, 23.46, 50], false, false), '"CurrentTemperature":23.5,"CurrentHumidity":50.0');
});

test("nothing to post is null, not an empty object; a bool that is neither 0 nor 1 is no post at all", () => {
  assert.is(encodeParams(ONE_GANG, emptyValues(ONE_GANG), false, false), null);
  assert.is(encodeParams(ONE_GANG, [2, NaN, NaN], false, false), null);
  assert.is(encodeParams(ONE_GANG, [2, NaN, NaN], true, true), null);
});

test.run();
