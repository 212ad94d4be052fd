import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { firmwareRig } from "./rig";

const setMessage = (id: string, value: number): string =>
  '{"method":"thing.service.property.set","id":"' + id + '","params":{"PowerSwitch_1":' + value + '},"version":"1.0.0"}';

// Anything the UART or the cloud can produce, mixed into a live session.
const hostileUart = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString("latin1")),
  fc.constantFrom("\r\nOK\r\n", "\r\nERROR\r\n", "> ", "\r\n+QMTSTAT: 0,1\r\n", "\r\n+QMTSTAT: 9,9\r\n", '\r\n+QIURC: "pdpdeact",1\r\n', "\r\n+CEREG: 0\r\n", "\r\nRDY\r\n", '\r\n+QMTRECV: 0,1,"/x",999999,"', "\r\n+CME ERROR: 10\r\n"),
);
const hostileCloud = fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 4 }), fc.constantFrom("[".repeat(5000), '{"id":"1","params":{"__proto__":{"PowerSwitch_1":1}}}', '{"id":"2","params":{"PowerSwitch_1":"1"}}'));

test("hostile UART bytes and cloud payloads never throw; the switch still obeys the next good command", () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(hostileUart.map((u) => ({ uart: u })), hostileCloud.map((c) => ({ cloud: c }))), { maxLength: 12 }), fc.integer({ min: 0, max: 1 }), (events, value) => {
      const r = firmwareRig();
      r.boot();
      for (const e of events) {
        if ("uart" in e) r.sm.say(e.uart);
        else r.receive(r.fw.topics.propertySet, e.cloud);
        r.sm.run(50);
      }
      // Whatever happened, the link comes back and a good command is obeyed.
      r.sm.say("\r\n");
      r.sm.run(200);
      assert.ok(r.sm.runUntilOnline(15 * 60 * 1000), "back online: " + r.fw.status().modem + " " + r.fw.status().reason);
      r.sm.run(2000);
      r.receive(r.fw.topics.propertySet, setMessage("99999", value));
      r.sm.run(3000);
      assert.is(r.fw.relay.value, value);
    }),
    { numRuns: 300 },
  );
});

test.run();
