import { test } from "uvu";
import * as assert from "uvu/assert";
import { decode } from "./helpers";
import { seedModemOutput } from "./seed";

const PK = "a1wFylTxYeD";
const DN = "co_0001";

test("the seed's modem output decodes as expected, in any chunk size", () => {
  const events = decode(seedModemOutput());
  const finals = events.filter((e) => e.type === "final");
  assert.is(finals.length, 20);
  assert.ok(finals.every((e) => e.type === "final" && e.result === "OK"));
  const lines = events.filter((e) => e.type === "line").map((e) => (e.type === "line" ? e.text : ""));
  for (const urc of ["RDY", "+CPIN: READY", "+CEREG: 0,1", "+QMTOPEN: 0,0", "+QMTCONN: 0,0,0", "+QMTSUB: 0,1,0,1", "+QMTUNS: 0,2,0", "+QMTPUBEX: 0,0,0"]) {
    assert.ok(lines.includes(urc), urc);
  }
  assert.ok(lines.includes(`AT+QMTCFG="aliauth",0,"${PK}","${DN}","7ab0c4b3532b5783df5fdc58a2895d7a"`), "echo is a line");
  const recv = events.find((e) => e.type === "recv");
  assert.equal(recv, {
    type: "recv",
    client: 0,
    msgId: 0,
    topic: `/sys/${PK}/${DN}/thing/service/property/set`,
    payload: '{"method":"thing.service.property.set","id":"220958108","params":{"PowerSwitch_1":1},"version":"1.0.0"}',
  });
  assert.is(events.filter((e) => e.type === "prompt").length, 1);
  assert.equal(events.slice(-3).map((e) => e.type), ["line", "final", "line"]);
  for (const size of [1, 2, 3, 7, 64, 128]) assert.equal(decode(seedModemOutput(), size), events, `chunk ${size}`);
});

test.run();
