import { test } from "uvu";
import * as assert from "uvu/assert";
import { answer, OK, PROMPT } from "../../src/modem/answers";

test("an answer without extras is its reply and nothing else: no result URC, no data, no power-off, OK after no data", () => {
  assert.equal(answer("^AT$", OK), { match: "^AT$", reply: OK, result: "", dataGroup: 0, payload: false, powerOff: false, dataReply: "" });
  assert.equal(answer("^AT$", OK, {}), answer("^AT$", OK));
});

test("an answer's extras are kept as given, and a false extra stays off", () => {
  const publish = answer("^AT\\+QMTPUBEX=(\\d+)", PROMPT, { result: "+QMTPUBEX: $1,0", dataGroup: 1, payload: true, dataReply: "\r\n+X: $sum\r\n" });
  assert.equal([publish.result, publish.dataGroup, publish.payload, publish.powerOff, publish.dataReply], ["+QMTPUBEX: $1,0", 1, true, false, "\r\n+X: $sum\r\n"]);
  assert.is(answer("^AT\\+QPOWD=1$", OK, { powerOff: true }).powerOff, true);
  assert.is(answer("^AT$", OK, { powerOff: false, payload: false }).powerOff, false);
});

test.run();
