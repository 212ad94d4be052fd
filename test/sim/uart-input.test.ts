import { test } from "uvu";
import * as assert from "uvu/assert";
import { UartInput } from "../../sim/ec600s/uart-input";

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

function lines(input: UartInput): string[] {
  const found: string[] = [];
  while (input.buffered > 0) {
    const { line } = input.takeLine();
    if (line !== undefined) found.push(line);
  }
  return found;
}

test("CR, LF and CRLF all end a line; CRLF is one terminator", () => {
  const input = new UartInput();
  input.push(bytes("AT\rATE0\nAT+CSQ\r\nAT+CPIN?\r"));
  assert.equal(lines(input), ["AT", "ATE0", "AT+CSQ", "AT+CPIN?"]);
});

test("a CRLF split across writes still counts once", () => {
  const input = new UartInput();
  input.push(bytes("AT\r"));
  assert.equal(lines(input), ["AT"]);
  input.push(bytes("\nATI\r"));
  assert.equal(lines(input), ["ATI"]);
});

test("an incomplete line waits; consumed bytes come back for echo", () => {
  const input = new UartInput();
  input.push(bytes("AT+C"));
  const first = input.takeLine();
  assert.equal([text(first.consumed), first.line], ["AT+C", undefined]);
  input.push(bytes("SQ\r"));
  const second = input.takeLine();
  assert.equal([text(second.consumed), second.line], ["SQ\r", "AT+CSQ"]);
});

test("raw reads take exact counts; the LF of a CRLF before them is swallowed by default", () => {
  const input = new UartInput();
  input.push(bytes('AT+QMTPUBEX=0,0,0,0,"t",4\r\nab\r\nAT\r'));
  assert.is(input.takeLine().line, 'AT+QMTPUBEX=0,0,0,0,"t",4');
  assert.is(text(input.takeRaw(4)), "ab\r\n");
  assert.equal(lines(input), ["AT"]);
});

test("a strict module takes that LF as the first payload byte", () => {
  const input = new UartInput("payload");
  input.push(bytes('AT+QMTPUBEX=0,0,0,0,"t",3\r\nabc'));
  input.takeLine();
  assert.is(text(input.takeRaw(3)), "\nab");
});

test.run();
