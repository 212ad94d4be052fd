import { test } from "uvu";
import * as assert from "uvu/assert";
import { AtTrace, visible } from "../../hosts/node/at-trace";

const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "latin1"));

function tracer(): { trace: AtTrace; lines: string[] } {
  const lines: string[] = [];
  let n = 0;
  return { trace: new AtTrace((l) => lines.push(l), () => `t${n++}`), lines };
}

test("control bytes are made visible", () => {
  assert.is(Array.from(bytes("A\r\n\\\x1a\xff"), visible).join(""), "A\\r\\n\\\\\\x1a\\xff");
});

test("a command is one TX line, flushed when the module starts answering", () => {
  const { trace, lines } = tracer();
  trace.tx(bytes("AT+CP"));
  trace.tx(bytes("IN?\r"));
  trace.rx(bytes("\r\n+CPIN: READY\r\n\r\nOK\r\n"));
  assert.equal(lines, ["[t0][TX] AT+CPIN?\\r", "[t1][RX] \\r\\n+CPIN: READY\\r\\n", "[t2][RX] \\r\\nOK\\r\\n"]);
});

test("a line split across chunks stays one line; a prompt without LF waits for flush()", () => {
  const { trace, lines } = tracer();
  trace.rx(bytes("\r\n+QMT"));
  trace.rx(bytes("STAT: 0,1\r\n\r\n> "));
  assert.equal(lines, ["[t0][RX] \\r\\n+QMTSTAT: 0,1\\r\\n"]);
  trace.flush();
  assert.equal(lines[1], "[t1][RX] \\r\\n> ");
});

test("a quiet line is printed on its own after a moment", async () => {
  const { trace, lines } = tracer();
  trace.tx(bytes("ATE0\r"));
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(lines, ["[t0][TX] ATE0\\r"]);
});

test.run();
