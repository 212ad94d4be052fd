import * as fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseConsoleLine } from "../../src/app/console-commands";
import { CONSOLE_LINE_MAX, ConsoleLines } from "../../src/app/console-lines";

function lines(): { editor: ConsoleLines; got: string[] } {
  const got: string[] = [];
  const editor = new ConsoleLines({ line: (t) => got.push(t), refused: (r) => got.push("! " + r) });
  return { editor, got };
}

function feed(editor: ConsoleLines, text: string): void {
  const bytes = new Uint8Array(Buffer.from(text, "latin1"));
  editor.feed(bytes, 0, bytes.length);
}

test("CR, LF and CRLF each end one line; CR CR is an empty line between", () => {
  const { editor, got } = lines();
  feed(editor, "a\rb\nc\r\nd\r\re\n\n");
  assert.equal(got, ["a", "b", "c", "d", "", "e", ""]);
});

test("property: however the bytes are split into reads and whichever line ends are used, the same lines come out", () => {
  // Non-empty: an empty line ended by LF right after a CR-ended one is that CRLF, by definition.
  const word = fc.stringMatching(/^[ -~]{1,30}$/);
  const end = fc.constantFrom("\r", "\n", "\r\n");
  fc.assert(
    fc.property(fc.array(fc.tuple(word, end), { maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1 }), (parts, cuts) => {
      const text = parts.map(([w, e]) => w + e).join("");
      const { editor, got } = lines();
      const bytes = new Uint8Array(Buffer.from(text, "latin1"));
      let at = 0;
      for (let i = 0; at < bytes.length; i++) {
        const n = Math.min(cuts[i % cuts.length], bytes.length - at);
        editor.feed(bytes, at, n);
        at += n;
      }
      assert.equal(got, parts.map(([w]) => w));
    }),
  );
});

test("backspace and DEL take back a character, tabs are spaces, other control bytes are dropped", () => {
  const { editor, got } = lines();
  feed(editor, "sett\x08 apn\x7f\x7fpn\tCM\x1b\x00NET\n\x08\x08x\n");
  assert.equal(got, ["set apn CMNET", "x"]);
});

test("a line too long or holding non-ASCII is refused whole in one line, and the next line is fine", () => {
  const { editor, got } = lines();
  feed(editor, "x".repeat(CONSOLE_LINE_MAX + 1) + "\nset apn caf\xe9\nstatus\n");
  assert.equal(got, ["! line longer than 200 characters: ignored", "! line holds bytes that are not ASCII: ignored", "status"]);
  const exact = lines();
  feed(exact.editor, "y".repeat(CONSOLE_LINE_MAX) + "\n");
  assert.equal(exact.got, ["y".repeat(CONSOLE_LINE_MAX)]);
});

test("commands: words are case-insensitive, values keep their spaces and case", () => {
  assert.equal(parseConsoleLine("  SET apn  my apn  "), { kind: "set", key: "apn", value: "my apn" });
  assert.equal(parseConsoleLine("Status"), { kind: "status" });
  assert.equal(parseConsoleLine("get deviceName"), { kind: "get", key: "deviceName" });
  assert.equal(parseConsoleLine("unset apn"), { kind: "unset", key: "apn" });
  assert.equal(parseConsoleLine("factory-reset"), { kind: "factory-reset" });
  assert.equal(parseConsoleLine("reboot"), { kind: "reboot" });
  assert.equal(parseConsoleLine("at at+csq"), { kind: "at", command: "at+csq" });
  assert.equal(parseConsoleLine("help"), { kind: "help" });
  assert.equal(parseConsoleLine("   "), { kind: "empty" });
});

test("errors never repeat what may be a secret", () => {
  const secret = "7ab0c4b3532b5783df5fdc58a2895d7a";
  for (const line of [secret, "set " + secret + " x", "get " + secret, "unset " + secret + "x"]) {
    const c = parseConsoleLine(line);
    assert.is(c.kind, "error");
    assert.ok(JSON.stringify(c).indexOf(secret) < 0, line);
  }
  assert.equal(parseConsoleLine("set Secret x"), { kind: "error", message: 'unknown setting "Secret" (help lists them)' });
  assert.equal(parseConsoleLine("at " + "A".repeat(200)).kind, "error");
  assert.equal(parseConsoleLine("at AT\x01"), { kind: "error", message: "at takes an AT command line: at AT+CSQ" });
});

test.run();
