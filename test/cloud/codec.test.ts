import { test } from "uvu";
import * as assert from "uvu/assert";
import { encodePropertyPost, encodeSetReply, formatFloat, parsePostReply, parsePropertySet, readId } from "../../src/cloud/codec";
import { JSON_MAX_CHARS, JSON_MAX_DEPTH } from "../../src/cloud/json";
import { SEED_SET } from "./fakes";

// --- property post -------------------------------------------------------------------------

test("a post has exactly the Alink shape, floats with a decimal point", () => {
  assert.is(
    encodePropertyPost("123", { PowerSwitch_1: 1, CurrentTemperature: 23.5, CurrentHumidity: 40 }),
    '{"id":"123","version":"1.0","params":{"PowerSwitch_1":1,"CurrentTemperature":23.5,"CurrentHumidity":40.0},"method":"thing.event.property.post"}',
  );
});

test("each property is optional", () => {
  assert.is(
    encodePropertyPost("7", { PowerSwitch_1: 0 }),
    '{"id":"7","version":"1.0","params":{"PowerSwitch_1":0},"method":"thing.event.property.post"}',
  );
  assert.is(
    encodePropertyPost("8", { CurrentHumidity: 55.25 }),
    '{"id":"8","version":"1.0","params":{"CurrentHumidity":55.3},"method":"thing.event.property.post"}',
  );
  assert.is(
    encodePropertyPost("9", { CurrentTemperature: -40, CurrentHumidity: 0 }),
    '{"id":"9","version":"1.0","params":{"CurrentTemperature":-40.0,"CurrentHumidity":0.0},"method":"thing.event.property.post"}',
  );
});

test("nothing to post is no post", () => {
  assert.is(encodePropertyPost("1", {}), null);
});

test("NaN and Infinity are refused, never emitted", () => {
  for (const bad of [NaN, Infinity, -Infinity]) {
    assert.is(encodePropertyPost("1", { CurrentTemperature: bad }), null);
    assert.is(encodePropertyPost("1", { CurrentHumidity: bad, CurrentTemperature: 20 }), null);
    assert.is(encodePropertyPost("1", { PowerSwitch_1: bad }), null);
  }
});

test("a switch state other than 0 or 1 is refused", () => {
  for (const bad of [2, -1, 0.5, 1.0000001]) assert.is(encodePropertyPost("1", { PowerSwitch_1: bad }), null, String(bad));
});

test("floats: always a point, rounded, no negative zero, no exponent", () => {
  assert.is(formatFloat(23, 1), "23.0");
  assert.is(formatFloat(0, 1), "0.0");
  assert.is(formatFloat(-0, 1), "0.0");
  assert.is(formatFloat(-0.04, 1), "0.0");
  assert.is(formatFloat(-0.06, 1), "-0.1");
  assert.is(formatFloat(125, 1), "125.0");
  assert.is(formatFloat(23.456, 2), "23.46");
  assert.is(formatFloat(23.44, 1), "23.4");
  assert.is(formatFloat(1e-7, 1), "0.0");
  assert.is(formatFloat(5, 0), "5.0", "at least one decimal whatever is asked");
  assert.is(formatFloat(1e15, 1), null);
  assert.is(formatFloat(-1e21, 1), null);
  assert.is(formatFloat(NaN, 1), null);
  // A reading that is not a number at all (a driver's string, undefined) is no float either, not a throw.
  for (const odd of ["21.5", undefined, null, {}]) assert.is(formatFloat(odd as unknown as number, 1), null, String(odd));
});

// --- post_reply ----------------------------------------------------------------------------

test("post_reply: id and code of the documented reply", () => {
  const reply = '{"code":200,"data":{},"id":"123","message":"success","method":"thing.event.property.post","version":"1.0"}';
  assert.equal(parsePostReply(reply), { id: "123", code: 200 });
  assert.equal(parsePostReply('{"id":123,"code":460}'), { id: "123", code: 460 });
});

test("post_reply: garbage is null", () => {
  const garbage = [
    "", " ", "null", "[]", "[1]", "{", "123", '"x"', "true", '{"id":"1"}', '{"code":200}',
    '{"id":"1","code":"200"}', '{"id":"1","code":200.5}', '{"id":"1","code":null}', '{"id":-1,"code":200}',
    '{"id":1.5,"code":200}', '{"id":{},"code":200}', '{"id":"","code":200}', '{"id":["1"],"code":200}',
    '{"__proto__":{"id":"1","code":200}}', "\u0000", "{\"id\":\"1\",\"code\":200", "[".repeat(100000),
  ];
  for (const g of garbage) assert.is(parsePostReply(g), null, g.slice(0, 40));
});

// --- property set --------------------------------------------------------------------------

test("the seed's property set", () => {
  assert.equal(parsePropertySet(SEED_SET), { ok: true, id: "220958108", params: { PowerSwitch_1: 1 } });
});

test("a numeric id becomes its decimal string; method and version may be absent", () => {
  assert.equal(parsePropertySet('{"id":42,"params":{"PowerSwitch_1":0}}'), { ok: true, id: "42", params: { PowerSwitch_1: 0 } });
});

test("unparsable JSON and non-objects fail without an id", () => {
  for (const bad of ["", "{", "nul", "null", "[]", '["id","1"]', "42", '"{}"', '{"id":"1",}', "{'id':'1'}"]) {
    const r = parsePropertySet(bad);
    assert.is(r.ok, false, bad);
    assert.is(r.id, undefined, bad);
  }
});

test("a missing or unusable id fails without an id", () => {
  const bad = [
    '{"params":{"PowerSwitch_1":1}}',
    '{"id":"","params":{}}',
    '{"id":null,"params":{}}',
    '{"id":true,"params":{}}',
    '{"id":[1],"params":{}}',
    '{"id":{"a":1},"params":{}}',
    '{"id":-5,"params":{}}',
    '{"id":1.5,"params":{}}',
    '{"id":4294967296,"params":{}}',
    '{"id":99999999999999999999999,"params":{}}',
    '{"id":1e400,"params":{}}',
    JSON.stringify({ id: "9".repeat(33), params: {} }),
    JSON.stringify({ id: "1".repeat(100000), params: {} }),
  ];
  for (const b of bad) {
    const r = parsePropertySet(b);
    assert.is(r.ok, false, b.slice(0, 50));
    assert.is(r.id, undefined, b.slice(0, 50));
  }
});

test("the largest ids still fit", () => {
  assert.is(parsePropertySet('{"id":4294967295,"params":{}}').id, "4294967295");
  assert.is(parsePropertySet(JSON.stringify({ id: "9".repeat(32), params: {} })).id, "9".repeat(32));
});

test("a wrong method or params keeps the id so it can be answered", () => {
  const cases = [
    '{"id":"5","method":"thing.service.property.get","params":{"PowerSwitch_1":1}}',
    '{"id":"5","params":[1]}',
    '{"id":"5","params":null}',
    '{"id":"5","params":"PowerSwitch_1=1"}',
    '{"id":"5"}',
  ];
  for (const c of cases) {
    const r = parsePropertySet(c);
    assert.is(r.ok, false, c);
    assert.is(r.id, "5", c);
  }
  // The reason is the 460's message: it says which.
  assert.equal(parsePropertySet(cases[0]), { ok: false, id: "5", reason: "unexpected method" });
  assert.equal(parsePropertySet(cases[1]), { ok: false, id: "5", reason: "params is not an object" });
});

test("__proto__ payloads neither pollute nor smuggle fields in", () => {
  const r = parsePropertySet('{"id":"1","params":{"__proto__":{"PowerSwitch_1":1}}}');
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(Object.keys(r.params), ["__proto__"]);
  assert.is(Object.getPrototypeOf(r.params), Object.prototype);
  assert.is(({} as Record<string, unknown>).PowerSwitch_1, undefined);
  // An id only reachable through a prototype is no id.
  assert.is(parsePropertySet('{"__proto__":{"id":"1"},"params":{}}').id, undefined);
});

test("own-property names of Object.prototype are read as the sender's data", () => {
  const r = parsePropertySet('{"hasOwnProperty":1,"id":"7","params":{"PowerSwitch_1":1}}');
  assert.equal(r, { ok: true, id: "7", params: { PowerSwitch_1: 1 } });
  assert.is(parsePropertySet('{"constructor":{"id":"1"},"params":{}}').id, undefined);
});

test("a polluted Object.prototype is not read as the sender's data", () => {
  const proto = Object.prototype as Record<string, unknown>;
  proto.id = "1";
  proto.params = { PowerSwitch_1: 1 };
  proto.code = 200;
  try {
    assert.equal(parsePropertySet("{}"), { ok: false, reason: "missing or invalid id" });
    assert.equal(parsePropertySet('{"id":"2"}'), { ok: false, id: "2", reason: "params is not an object" });
    assert.is(parsePostReply('{"id":"3"}'), null);
  } finally {
    delete proto.id;
    delete proto.params;
    delete proto.code;
  }
});

test("too large or too deep to parse: the id is found by a scan and the reason says which", () => {
  const big = '{"id":"8","params":{"PowerSwitch_1":1},"pad":"' + "x".repeat(JSON_MAX_CHARS) + '"}';
  assert.equal(parsePropertySet(big), { ok: false, id: "8", reason: "message over " + JSON_MAX_CHARS + " characters" });
  const deep = '{"id":9,"params":' + '{"a":'.repeat(JSON_MAX_DEPTH) + "1" + "}".repeat(JSON_MAX_DEPTH) + "}";
  assert.equal(parsePropertySet(deep), { ok: false, id: "9", reason: "message nested over " + JSON_MAX_DEPTH + " deep" });
  const deepEnough = '{"id":9,"params":' + '{"a":'.repeat(JSON_MAX_DEPTH - 1) + "1" + "}".repeat(JSON_MAX_DEPTH - 1) + "}";
  assert.is(parsePropertySet(deepEnough).ok, true, "at the limit it is parsed");
});

test("broken JSON of exactly JSON_MAX_CHARS characters is merely broken: not scanned", () => {
  const head = '{"id":"5","params":{"PowerSwitch_1":1},"pad":"';
  const broken = head + "x".repeat(JSON_MAX_CHARS - head.length); // no closing quote or brace
  assert.is(broken.length, JSON_MAX_CHARS);
  assert.equal(parsePropertySet(broken), { ok: false, reason: "not a JSON object, or too large or deep" });
  // One character more and it is too large to parse: then the id is looked for.
  assert.equal(parsePropertySet(broken + "x"), { ok: false, id: "5", reason: "message over " + JSON_MAX_CHARS + " characters" });
});

test("merely broken JSON is not scanned, however id-like its text", () => {
  for (const bad of ['{"id":"5",', '{"id":"5","params":{"PowerSwitch_1":1}', '{"id":"5" "params":{}}']) {
    assert.equal(parsePropertySet(bad), { ok: false, reason: "not a JSON object, or too large or deep" }, bad);
  }
  const bigWithoutId = '{"params":{"PowerSwitch_1":1},"pad":"' + "x".repeat(JSON_MAX_CHARS) + '"}';
  assert.equal(parsePropertySet(bigWithoutId), { ok: false, reason: "not a JSON object, or too large or deep" });
});

test("readId", () => {
  assert.is(readId("0"), "0");
  assert.is(readId(0), "0");
  assert.is(readId(undefined), null);
  assert.is(readId(NaN), null);
});

// --- set_reply -----------------------------------------------------------------------------

test("set_reply echoes the id; a message only when given", () => {
  assert.is(encodeSetReply("220958108", 200), '{"id":"220958108","code":200,"data":{}}');
  assert.is(encodeSetReply("220958108", 200, ""), '{"id":"220958108","code":200,"data":{}}');
  assert.is(encodeSetReply("5", 460, "unknown property X"), '{"id":"5","code":460,"data":{},"message":"unknown property X"}');
});

test("set_reply stays valid JSON whatever the id and message hold", () => {
  const id = 'a"b\\c\n\u0001\u2028';
  const reply = JSON.parse(encodeSetReply(id, 460, 'say "no"\n')) as Record<string, unknown>;
  assert.equal(reply, { id, code: 460, data: {}, message: 'say "no"\n' });
});

test.run();
