import { test } from "uvu";
import * as assert from "uvu/assert";
import { JSON_MAX_CHARS, JSON_MAX_DEPTH, nestsWithin, own, parseJsonObject } from "../../src/cloud/json";

test("objects only", () => {
  assert.equal(parseJsonObject('{"a":1}'), { a: 1 });
  for (const t of ["[]", "null", "1", '"s"', "true", "", "{", "undefined"]) assert.is(parseJsonObject(t), null, t);
});

test("nesting is counted outside strings only", () => {
  assert.ok(nestsWithin('{"a":{"b":[1]}}', 3));
  assert.not.ok(nestsWithin('{"a":{"b":[1]}}', 2));
  assert.ok(nestsWithin('{"s":"[[[[{{{{"}', 1));
  assert.ok(nestsWithin('{"s":"\\"[[[[{{{{"}', 1), "an escaped quote does not end the string");
  assert.ok(nestsWithin('{"s":"\\\\"}', 1), "an escaped backslash does");
  assert.not.ok(nestsWithin('{"s":"\\\\",[[', 2));
  assert.ok(nestsWithin('"[[[[[', 0), "an unterminated string hides the rest");
  assert.ok(nestsWithin("]]]]]]", 0));
});

test("nesting: brackets alone, many of them, are as deep as they are many", () => {
  // No other characters at all: the quick count must count brackets, not the rest.
  assert.not.ok(nestsWithin("[".repeat(20), 8));
  assert.not.ok(nestsWithin("{".repeat(9), 8));
  assert.ok(nestsWithin("[".repeat(8), 8));
});

test("nesting: many siblings are not depth; both ] and } close", () => {
  assert.ok(nestsWithin("[" + "{},[],".repeat(10) + "0]", 2));
  assert.ok(nestsWithin("[" + "[],".repeat(10) + "0]", 2));
  assert.ok(nestsWithin("[" + "{},".repeat(10) + "0]", 2));
  assert.not.ok(nestsWithin("[" + "{},".repeat(10) + "[[0]]]", 2));
});

test("too deep or too long is refused before parsing", () => {
  const deep = (n: number): string => '{"a":'.repeat(n - 1) + "{}" + "}".repeat(n - 1);
  assert.ok(parseJsonObject(deep(JSON_MAX_DEPTH)) !== null);
  assert.is(parseJsonObject(deep(JSON_MAX_DEPTH + 1)), null);
  assert.is(parseJsonObject("[".repeat(100000)), null);
  const padded = (n: number): string => '{"a":"' + "x".repeat(n - 8) + '"}';
  assert.is(padded(JSON_MAX_CHARS).length, JSON_MAX_CHARS);
  assert.ok(parseJsonObject(padded(JSON_MAX_CHARS)) !== null);
  assert.is(parseJsonObject(padded(JSON_MAX_CHARS + 1)), null);
});

test("own() ignores what the prototype holds", () => {
  const o = JSON.parse('{"a":1,"__proto__":2}') as Record<string, unknown>;
  assert.is(own(o, "a"), 1);
  assert.is(own(o, "__proto__"), 2);
  assert.is(own(o, "constructor"), undefined);
  assert.is(own(o, "toString"), undefined);
});

test.run();
