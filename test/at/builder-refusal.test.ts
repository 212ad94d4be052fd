// The AT builder's refusals, one rule at a time: each check must be the one that refuses, so
// deleting any of them fails a test here (mutation testing found a || chain of four checks
// that 100% branch coverage called one branch).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { AtBuilder } from "../../src/at/builder";

const text = (b: AtBuilder): string => Buffer.from(b.bytes.subarray(0, b.length)).toString("latin1");
const HEAD = "AT+QMTPUBEX=";

/** A command with one string parameter: null if accepted, else the refusal. */
function refusal(value: string): string | null {
  const b = new AtBuilder(256);
  b.begin(HEAD).int(0, 0, 5).str(value, 200).int(1, 1, 1024).end();
  return b.error;
}

test("each forbidden character is refused on its own, wherever it stands", () => {
  for (const [name, c] of [
    ["quote", '"'],
    ["CR", "\r"],
    ["LF", "\n"],
    ["NUL", "\0"],
  ]) {
    for (const value of [c, "a" + c, c + "b", "/sys/pk/dn" + c + "thing", "x".repeat(150) + c]) {
      assert.is(refusal(value), "string holds a quote, CR, LF or NUL", name + " in " + JSON.stringify(value.slice(-20)));
    }
  }
});

test("injection attempts never reach the buffer", () => {
  const b = new AtBuilder(256);
  b.begin(HEAD).int(0, 0, 5).str('/t",0\r\nAT+QPOWD\r\n', 200).int(4, 1, 1024);
  assert.ok(b.error);
  assert.is(text(b), HEAD + "0", "nothing after the refused parameter");
});

test("everything else in a string is taken as is", () => {
  const b = new AtBuilder(256);
  const value = "\t\u0001\u001f'\\,;=+#/ \u007f~";
  b.begin("AT+X=").str(value, 200).end();
  assert.is(b.error, null);
  assert.is(text(b), 'AT+X="' + value + '"\r');
});

test("a string parameter that is not a string is refused by name", () => {
  const b = new AtBuilder(64);
  b.begin("AT+X=").str(5 as unknown as string, 10);
  assert.is(b.error, "string parameter is number");
  b.begin("AT+X=").str(null as unknown as string, 10);
  assert.is(b.error, "string parameter is object");
});

test("string length limit: exactly the limit passes, one byte more is refused", () => {
  const b = new AtBuilder(64);
  b.begin("AT+X=").str("abcde", 5).end();
  assert.is(b.error, null);
  assert.is(text(b), 'AT+X="abcde"\r');
  b.begin("AT+X=").str("abcdef", 5);
  assert.is(b.error, "string longer than 5 bytes");
  b.begin("AT+X=").str("\ud800", 5);
  assert.is(b.error, "string does not fit or is not valid text");
});

test("integers: both bounds are inside, one past either is refused, as are fractions, NaN and non-numbers", () => {
  const b = new AtBuilder(64);
  b.begin("AT+X=").int(0, 0, 5).int(5, 0, 5).int(-3, -3, 3).int(3, -3, 3).end();
  assert.is(b.error, null);
  assert.is(text(b), "AT+X=0,5,-3,3\r");
  const refused: Array<[unknown, string]> = [
    [6, "number 6 is outside 0..5"],
    [-1, "number -1 is outside 0..5"],
    [1.5, "number 1.5 is outside 0..5"],
    [NaN, "number NaN is outside 0..5"],
    [Infinity, "number Infinity is outside 0..5"],
    ["3", "number parameter is string"],
    [true, "number parameter is boolean"],
  ];
  for (const [value, message] of refused) {
    b.begin("AT+X=").int(value as number, 0, 5);
    assert.is(b.error, message, String(value));
    assert.is(text(b), "AT+X=", "nothing written for " + String(value));
  }
});

test("integers are written in decimal, every digit", () => {
  const b = new AtBuilder(128);
  const values = [0, 1, 9, 10, 11, 99, 100, 101, 1000, 4096, 65535, 99999, 100000, 4294967295, -10, -65535];
  b.begin("AT+X=");
  for (const v of values) b.int(v, -65535, 4294967295);
  assert.is(b.error, null);
  assert.is(text(b), "AT+X=" + values.join(","));
});

test("after a refusal, later parameters write nothing", () => {
  const b = new AtBuilder(64);
  b.begin("AT+X=").int(9, 0, 5).str("fine", 10).int(1, 0, 5).ascii("");
  assert.is(b.error, "number 9 is outside 0..5");
  assert.is(text(b), "AT+X=");
  b.begin("AT+X=").str('"', 10).str("fine", 10).int(1, 0, 5);
  assert.is(b.error, "string holds a quote, CR, LF or NUL");
  assert.is(text(b), "AT+X=");
});

test("the buffer: a command that exactly fills it passes, one byte more is refused", () => {
  const b = new AtBuilder(8);
  b.begin("AT+X=").int(12, 0, 99).end();
  assert.is(b.error, null);
  assert.is(text(b), "AT+X=12\r");
  b.begin("AT+X=").int(123, 0, 999).end();
  assert.is(b.error, "command longer than 8 bytes");
  assert.is(b.length, 8);
  b.begin("AT+X=").str("abc", 10);
  assert.is(b.error, "string does not fit or is not valid text");
});

test("the first refusal stays the reason, whatever overflows after it", () => {
  const b = new AtBuilder(8);
  b.begin("AT+X=").int(9, 0, 5).ascii("overflowing").end();
  assert.is(b.error, "number 9 is outside 0..5");
});

test("begin() clears a previous refusal and the parameter count", () => {
  const b = new AtBuilder(64);
  b.begin("AT+X=").int(9, 0, 5);
  b.begin("AT+Y=").int(1, 0, 5).int(2, 0, 5).end();
  assert.is(b.error, null);
  assert.is(text(b), "AT+Y=1,2\r");
});

test.run();
