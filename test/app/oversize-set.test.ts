// A valid set larger than the JSON limit, through the whole firmware: answered 460 with its
// id, relay untouched. (Frames larger than the modem's receive ring, ~1,500 bytes with the
// default payloadBytes, are dropped by the AT parser before any id can be read.)
import { test } from "uvu";
import * as assert from "uvu/assert";
import { firmwareRig } from "./rig";

function oversizeSet(id: string, size: number): string {
  const base = '{"method":"thing.service.property.set","id":"' + id + '","params":{"PowerSwitch_1":1},"version":"1.0.0","pad":""}';
  return base.replace('"pad":""', '"pad":"' + "x".repeat(size - base.length) + '"');
}

test("sets of 1,100 and 1,450 bytes with a good id: 460 with that id, the relay stays", () => {
  const r = firmwareRig();
  r.boot();
  for (const size of [1100, 1450]) {
    r.receive(r.fw.topics.propertySet, oversizeSet(String(size), size));
    r.sm.run(500);
  }
  const replies = r.published().filter((p) => p.topic === r.fw.topics.propertySetReply).map((p) => p.payload);
  assert.equal(replies, [
    { id: "1100", code: 460, data: {}, message: "message over 1024 characters" },
    { id: "1450", code: 460, data: {}, message: "message over 1024 characters" },
  ]);
  assert.equal(r.relay.writes, [0]);
  assert.is(r.fw.client.stats.malformed, 2);
});

test.run();
