import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { encodePropertyPost, encodeSetReply, formatFloat, ID_MAX_CHARS, parsePostReply, parsePropertySet } from "../../src/cloud/codec";
import { validateSet } from "../../src/cloud/thing";
import { rig } from "./fakes";

const RUNS = { numRuns: 500 };

// Strings of any code units, JSON texts, and JSON-looking set messages with hostile keys.
const anyString = fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), fc.string({ unit: "grapheme-ascii", maxLength: 200 }));
const key = fc.oneof(fc.constantFrom("id", "params", "method", "PowerSwitch_1", "__proto__", "constructor", "toString", "hasOwnProperty", "code"), fc.string({ maxLength: 8 }));
const jsonish = fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v));
const hostile = fc
  .tuple(fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }), fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }))
  .map(([top, params]) => JSON.stringify(top).replace(/^\{/, '{"params":' + JSON.stringify(params) + (Object.keys(top).length > 0 ? "," : "")));
const payload = fc.oneof(anyString, jsonish, hostile);

test("no payload makes the parsers throw, and what they return is well-formed", () => {
  fc.assert(
    fc.property(payload, (p) => {
      const set = parsePropertySet(p);
      if (set.id !== undefined) assert.ok(set.id.length > 0 && set.id.length <= ID_MAX_CHARS);
      if (set.ok) assert.ok(typeof set.params === "object" && set.params !== null && !Array.isArray(set.params));
      const reply = parsePostReply(p);
      if (reply !== null) assert.ok(Number.isInteger(reply.code) && reply.id.length > 0);
    }),
    RUNS,
  );
});

test("any payload on any of our topics: no throw, replies are valid JSON echoing the id", () => {
  fc.assert(
    fc.property(fc.array(payload, { maxLength: 8 }), (payloads) => {
      const r = rig();
      for (const p of payloads) {
        r.client.onMessage(r.topics.propertySet, p);
        r.client.onMessage(r.topics.propertyPostReply, p);
      }
      for (const sent of r.transport.sent) {
        const message = JSON.parse(sent.payload) as { id: unknown; code?: unknown };
        assert.type(message.id, "string");
        if (sent.topic === r.topics.propertySetReply) assert.ok(message.code === 200 || message.code === 460);
      }
      assert.is(({} as Record<string, unknown>).PowerSwitch_1, undefined);
    }),
    RUNS,
  );
});

test("every set is applied at most once per id and always answered the same way", () => {
  const setMessage = fc.record({
    id: fc.integer({ min: 1, max: 12 }),
    value: fc.constantFrom<unknown>(0, 1, true, false, 2, "1", null),
    extra: fc.boolean(),
  });
  fc.assert(
    fc.property(fc.array(setMessage, { maxLength: 40 }), fc.array(fc.boolean(), { maxLength: 40 }), (messages, refusals) => {
      const r = rig();
      let turn = 0;
      r.transport.accept = () => !refusals[turn % (refusals.length || 1)];
      const paramsOf = (m: { value: unknown; extra: boolean }): Record<string, unknown> =>
        m.extra ? { PowerSwitch_1: m.value, Brightness: 1 } : { PowerSwitch_1: m.value };
      for (const m of messages) {
        turn++;
        r.set(r.setMessage(String(m.id), paramsOf(m)));
      }
      r.transport.accept = () => true;
      r.client.flush();
      // Twelve ids fit the 32-entry memory: the first message of each id decides.
      const firstCode = new Map<string, number>();
      for (const m of messages) if (!firstCode.has(String(m.id))) firstCode.set(String(m.id), validateSet(paramsOf(m)).code);
      assert.is(r.thing.switched.length, [...firstCode.values()].filter((c) => c === 200).length);
      const replies = r.transport.sent.filter((s) => s.topic === r.topics.propertySetReply).map((s) => JSON.parse(s.payload) as { id: string; code: number });
      for (const reply of replies) assert.is(reply.code, firstCode.get(reply.id));
      assert.equal(new Set(replies.map((x) => x.id)), new Set(firstCode.keys()), "every id answered");
      assert.is(r.client.pending, false);
    }),
    RUNS,
  );
});

test("floats in range always carry a point and round-trip within half a decimal", () => {
  fc.assert(
    fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (v) => {
      const text = formatFloat(v, 1);
      assert.ok(text !== null && /^-?\d+\.\d$/.test(text), String(text));
      assert.ok(Math.abs(Number(text) - v) <= 0.05 + 1e-9);
    }),
    RUNS,
  );
});

test("posts and set replies are always valid JSON of the documented shape", () => {
  fc.assert(
    fc.property(
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.option(fc.constantFrom(0, 1), { nil: undefined }),
      fc.option(fc.double(), { nil: undefined }),
      fc.option(fc.double(), { nil: undefined }),
      fc.option(fc.string({ unit: "binary", maxLength: 40 }), { nil: undefined }),
      (id, power, temperature, humidity, message) => {
        const post = encodePropertyPost(id, { PowerSwitch_1: power, CurrentTemperature: temperature, CurrentHumidity: humidity });
        const floatsOk = [temperature, humidity].every((f) => f === undefined || Math.abs(f) < 1e15);
        const anything = power !== undefined || temperature !== undefined || humidity !== undefined;
        if (!floatsOk || !anything) {
          assert.is(post, null);
        } else {
          const parsed = JSON.parse(post as string) as { id: string; version: string; method: string; params: object };
          assert.equal(Object.keys(parsed), ["id", "version", "params", "method"]);
          assert.is(parsed.id, id);
        }
        const reply = JSON.parse(encodeSetReply(id, 460, message)) as { id: string; message?: string };
        assert.is(reply.id, id);
        assert.is(reply.message, message === "" ? undefined : message);
      },
    ),
    RUNS,
  );
});

test.run();
