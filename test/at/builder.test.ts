import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { AtBuilder } from "../../src/at/builder";
import { utf8, utf8Encode, utf8Slow } from "../../src/at/bytes";

const text = (b: AtBuilder) => Buffer.from(b.bytes.subarray(0, b.length)).toString("utf8");

test("formats numbers and quoted strings with commas", () => {
  const b = new AtBuilder(128);
  b.begin('AT+QMTCFG="aliauth",').int(0, 0, 5).str("a1wFylTxYeD", 20).str("co_0001", 32).int(-1, -1, 3).end();
  assert.is(text(b), 'AT+QMTCFG="aliauth",0,"a1wFylTxYeD","co_0001",-1\r');
  assert.is(b.error, null);
});

test("non-ASCII text is UTF-8 and counts bytes against the limit", () => {
  const b = new AtBuilder(64);
  b.begin("AT+X=").str("开关😀", 10);
  assert.is(b.error, null);
  assert.is(text(b), 'AT+X="开关😀"');
  b.begin("AT+X=").str("开关😀", 9);
  assert.match(b.error ?? "", /longer than 9/);
});

test("unpaired surrogates and overflow of the command buffer are refused", () => {
  const b = new AtBuilder(12);
  b.begin("AT+X=").str("\ud800", 9);
  assert.ok(b.error);
  b.begin("AT+X=").str("abcdefghij", 99);
  assert.ok(b.error);
  b.begin("AT+X=").int(123456789, 0, 1e12).end();
  assert.match(b.error ?? "", /longer than 12 bytes/);
});

test("the first refusal wins and later parameters change nothing", () => {
  const b = new AtBuilder(64);
  b.begin("AT+X=").int(9, 0, 5).str('"', 5).int(1, 0, 5);
  assert.match(b.error ?? "", /outside 0..5/);
  b.begin("AT+X=").int(9, 0, 5).str("fine", 10);
  assert.match(b.error ?? "", /outside 0..5/);
  b.begin("AT");
  assert.is(b.error, null);
});

test("utf8Encode and utf8 round-trip any string without lone surrogates", () => {
  const out = new Uint8Array(1024);
  fc.assert(
    fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), (s) => {
      const end = utf8Encode(s, out, 3);
      assert.equal(Buffer.from(out.subarray(3, end)), Buffer.from(s, "utf8"));
      assert.is(utf8(out, 3, end - 3), s);
    }),
  );
  assert.is(utf8Encode("abc", new Uint8Array(2), 0), -1);
  assert.is(utf8Encode("é", new Uint8Array(1), 0), -1);
});

test("utf8 decoding replaces malformed sequences, one byte at a time", () => {
  const bad = new Uint8Array([0x41, 0xc0, 0xaf, 0xe2, 0x82, 0x41, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80, 0xe2]);
  assert.is(utf8(bad, 0, bad.length), Buffer.from(bad).toString("utf8"));
});

test("utf8 decodes any bytes exactly as TextDecoder does", () => {
  const decoder = new TextDecoder();
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
      assert.is(utf8(bytes, 0, bytes.length), decoder.decode(bytes));
    }),
    { numRuns: 2000 },
  );
});

/** Text as its UTF-8 bytes, one character per byte: how an engine whose strings are bytes (Espruino) holds it. */
const asByteString = (s: string) => Buffer.from(s, "utf8").toString("latin1");

test("for an engine whose strings are bytes, the decode is the well-formed UTF-8 of TextDecoder's text", () => {
  const decoder = new TextDecoder();
  const every = new TextEncoder().encode("A é 开关 😀 \ufffd");
  assert.is(utf8Slow(every, 0, every.length, false), asByteString("A é 开关 😀 \ufffd"));
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
      assert.is(utf8Slow(bytes, 0, bytes.length, false), asByteString(decoder.decode(bytes)));
    }),
    { numRuns: 2000 },
  );
});

test.run();
