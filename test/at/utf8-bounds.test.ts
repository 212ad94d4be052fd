// UTF-8 at the edges of each form: the random round-trips of builder.test.ts rarely draw a
// code point on a boundary, and a check off by one there (mutation testing found several)
// would encode U+0080 as one byte, take a lone surrogate for half of a pair, or decode
// U+10000 as a NUL. Each case here is compared with Node's own encoder and decoder.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { startsWith, utf8, utf8Encode, utf8Slow, ascii } from "../../src/at/bytes";

/** Code points on each side of every boundary the encoder and decoder test. */
const EDGES = [0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfffd, 0xffff, 0x10000, 0x10ffff];

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

test("encode: each boundary code point takes the width UTF-8 gives it", () => {
  for (const cp of EDGES) {
    const s = String.fromCodePoint(cp);
    const out = new Uint8Array(8);
    const end = utf8Encode(s, out, 1);
    assert.is(hex(out.subarray(1, end)), Buffer.from(s, "utf8").toString("hex"), cp.toString(16));
  }
});

test("encode: a surrogate pair is one code point; a lone surrogate, either half, anywhere, is refused", () => {
  const out = new Uint8Array(16);
  assert.is(hex(out.subarray(0, utf8Encode("\ud800\udc00", out, 0))), "f0908080");
  assert.is(hex(out.subarray(0, utf8Encode("\udbff\udfff", out, 0))), "f48fbfbf");
  for (const bad of ["\ud800", "\udbff", "\udc00", "\udfff", "\ud800a", "\ud800\ue000", "\ud800\ud800", "\udc00\udc00", "\u00e9\udc00", "a\udfff"]) {
    assert.is(utf8Encode(bad, out, 0), -1, JSON.stringify(bad));
  }
});

test("encode: a character that exactly fills the buffer fits; one byte less does not", () => {
  for (const s of ["a", "\u00e9", "\u5f00", "\u{1f600}"]) {
    const width = Buffer.byteLength(s, "utf8");
    assert.is(utf8Encode(s, new Uint8Array(width + 2), 2), width + 2, s);
    assert.is(utf8Encode(s, new Uint8Array(width + 1), 2), -1, s);
  }
});

test("decode: each boundary code point, as UTF-16 and as an engine whose strings are bytes holds it", () => {
  for (const cp of EDGES) {
    const s = String.fromCodePoint(cp);
    const bytes = new Uint8Array(Buffer.from("x" + s, "utf8"));
    assert.is(utf8(bytes, 0, bytes.length), "x" + s, cp.toString(16));
    assert.is(utf8Slow(bytes, 0, bytes.length, true), "x" + s, cp.toString(16));
    assert.is(utf8Slow(bytes, 0, bytes.length, false), Buffer.from("x" + s, "utf8").toString("latin1"), cp.toString(16));
  }
});

test("startsWith: a prefix longer than the span does not match, even when the bytes after it would", () => {
  const buf = ascii("+QMTSTAT: 0,1");
  assert.is(startsWith(buf, 0, 9, ascii("+QMTSTAT:")), true);
  assert.is(startsWith(buf, 0, 8, ascii("+QMTSTAT:")), false);
  assert.is(startsWith(buf, 1, 3, ascii("QMT")), true);
  assert.is(startsWith(buf, 1, 3, ascii("QMX")), false);
});

test.run();
