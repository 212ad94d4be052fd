import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ID_MAX_CHARS, readId } from "../../src/cloud/codec";
import { ID_SCAN_MAX_CHARS, scanId } from "../../src/cloud/id-scan";

const scan = (text: string): string | null => scanId(text, ID_MAX_CHARS);

test("string and numeric ids of the outermost object", () => {
  assert.is(scan('{"id":"220958108","params":{}}'), "220958108");
  assert.is(scan('{"method":"m","id":"5"}'), "5");
  assert.is(scan('{"id":42,"x":1}'), "42");
  assert.is(scan('{"id":0}'), "0");
  assert.is(scan('{"id":4294967295}'), "4294967295");
  assert.is(scan('{"id":7 }'), "7");
  assert.is(scan(' \t\r\n{ "id" \n: \t"x" }'), "x");
  assert.is(scan('{"id":"' + "9".repeat(ID_MAX_CHARS) + '"}'), "9".repeat(ID_MAX_CHARS));
});

test("the message need not be complete once the id is read", () => {
  assert.is(scan('{"id":"5","params":{"PowerSwitch_1":1,"pad":"xx'), "5");
});

test("ids the codec would not take are no ids", () => {
  const bad = [
    '{"id":""}',
    '{"id":"' + "9".repeat(ID_MAX_CHARS + 1) + '"}',
    '{"id":"a\\"b"}',
    '{"id":"abc',
    '{"id":5',
    '{"id":-1}',
    '{"id":5.5}',
    '{"id":1e3}',
    '{"id":05}',
    '{"id":4294967296}',
    '{"id":12345678901}',
    '{"id":true}',
    '{"id":null}',
    '{"id":{"id":"1"}}',
    '{"id":["1"]}',
    '{"id"',
    '{"id":',
    '{"id" "1"}',
    '{"id":}',
    '{"id": ,"params":{}}',
    '{"id":,"id":"1"}',
  ];
  for (const text of bad) assert.is(scan(text), null, text);
});

test("only a member named exactly id of the outermost object counts", () => {
  assert.is(scan('{"a":{"id":"1"},"id":"2"}'), "2");
  assert.is(scan('{"a":[{"id":"1"}],"b":[["id"]]}'), null);
  assert.is(scan('{"idx":"1","xid":"2","i":"d","ID":"3","id":"4"}'), "4");
  assert.is(scan('{"iD":"1","Id":"2","xd":"3","ix":"4","id":"5"}'), "5", "both letters count");
  assert.is(scan('{"a":"id","b":"id" , "id":"3"}'), "3", "a string value id is not a name");
  assert.is(scan('{"s":"\\"id\\":\\"1\\"","id":"2"}'), "2", "escaped quotes stay inside the string");
  assert.is(scan('{"s":"\\\\","id":"2"}'), "2", "an escaped backslash ends nothing");
  assert.is(scan('{"id":"1","id":"2"}'), "1", "the first one");
});

test("not an object, or an object that ends without an id: no id", () => {
  for (const text of ["", "   ", '["id","1"]', '["id":"1"]', ' ["id":"1"]', '[{"id":"1"}]', '"{\\"id\\":\\"1\\"}"', "42", '{}{"id":"1"}', '{"a":1}}"id":"1"', 'x{"id":"1"}']) {
    assert.is(scan(text), null, text);
  }
});

test("the scan stops after ID_SCAN_MAX_CHARS characters", () => {
  const head = '{"pad":"';
  const near = head + "x".repeat(ID_SCAN_MAX_CHARS - head.length - 12) + '","id":"1"}';
  assert.ok(near.length <= ID_SCAN_MAX_CHARS);
  assert.is(scan(near), "1");
  const far = head + "x".repeat(ID_SCAN_MAX_CHARS) + '","id":"1"}';
  assert.is(scan(far), null);
  assert.is(scan('{"id":"' + "1".repeat(ID_SCAN_MAX_CHARS) + '"}'), null);
  // A number whose digits reach the bound may go on past it: not taken.
  const head2 = '{"pad":"';
  const tail2 = '","id":12';
  const cut = head2 + "x".repeat(ID_SCAN_MAX_CHARS - head2.length - tail2.length) + tail2;
  assert.is(cut.length, ID_SCAN_MAX_CHARS);
  assert.is(scan(cut + "}"), null);
  const earlier = head2 + "x".repeat(ID_SCAN_MAX_CHARS - head2.length - tail2.length - 1) + tail2 + "}";
  assert.is(scan(earlier), "12", "one character earlier its end is inside the bound");
});

test("on any JSON object, the scan agrees with the parser about the id (escaped ids aside)", () => {
  const key = fc.oneof(fc.constantFrom("id", "params", "i", "idx", "x"), fc.string({ maxLength: 4 }));
  const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.nat(), fc.string({ maxLength: 40 }), fc.constantFrom("id", '"id":"1"'));
  const object = fc.dictionary(key, value, { maxKeys: 6 });
  fc.assert(
    fc.property(object, fc.boolean(), (obj, spaced) => {
      const text = JSON.stringify(obj, null, spaced ? 1 : undefined);
      const parsed = JSON.parse(text) as Record<string, unknown>;
      const id = Object.prototype.hasOwnProperty.call(parsed, "id") ? readId(parsed.id) : null;
      // An id written with escapes is refused by design.
      const expected = id !== null && JSON.stringify(id).indexOf("\\") >= 0 ? null : id;
      assert.is(scan(text), expected, text);
    }),
    { numRuns: 1000 },
  );
});

test.run();
