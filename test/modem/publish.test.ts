import { test } from "uvu";
import * as assert from "uvu/assert";
import { command } from "../../src/at/command";
import { PUBLISH_FAILED } from "../../src/modem/dialect";
import { Publisher, PublishTrouble } from "../../src/modem/publisher";
import { PUBLISH_REPLY, PUBLISH_STATE, PUBLISH_TELEMETRY, PublishQueue } from "../../src/modem/queue";
import { ScriptedModem } from "./scripted-modem";

const POST = "/sys/a1wFylTxYeD/co_0001/thing/event/property/post";

function online(): ScriptedModem {
  return new ScriptedModem({ linkCheckMs: 1e9 }).startOnline();
}

test("publish: AT+QMTPUBEX, the prompt, exactly the payload bytes, then the result", () => {
  const m = online();
  const payload = '{"id":"1","params":{"PowerSwitch_1":0},"version":"1.0","method":"thing.event.property.post"}';
  assert.ok(m.modem.publish(POST, payload, PUBLISH_STATE));
  m.run(200);
  assert.equal(m.take(), [`AT+QMTPUBEX=0,0,0,0,"${POST}",${payload.length}`]);
  assert.equal(m.payloads, [payload]);
  assert.is(m.modem.publisher.sent, 1);
  assert.is(m.modem.publisher.queue.length, 0);
});

test("UTF-8 payloads are counted in bytes", () => {
  const m = online();
  m.modem.publish(POST, '{"name":"开关"}', PUBLISH_STATE);
  m.run(200);
  assert.equal(m.take(), [`AT+QMTPUBEX=0,0,0,0,"${POST}",17`]);
});

test("one publish in flight at a time, in queue order", () => {
  const m = online();
  for (let i = 0; i < 3; i++) m.modem.publish(POST, `{"n":${i}}`, PUBLISH_TELEMETRY);
  m.run(1000);
  assert.equal(m.payloads, ['{"n":0}', '{"n":1}', '{"n":2}']);
});

test("a failed publish (result 2) stays queued, the link is checked, and it is sent again", () => {
  const m = online();
  m.pubResults.push(2);
  m.modem.publish(POST, '{"a":1}', PUBLISH_STATE);
  m.run(1000);
  assert.equal(m.take(true), ["AT+QMTPUBEX", "AT+QMTCONN?", "AT+QMTPUBEX"]);
  assert.equal(m.payloads, ['{"a":1}', '{"a":1}']);
  assert.is(m.modem.publisher.failed, 1);
  assert.is(m.modem.publisher.queue.length, 0);
});

test("result 1 (the module retransmits) counts as handed over", () => {
  const m = online();
  m.pubResults.push(1);
  m.modem.publish(POST, "{}", PUBLISH_STATE);
  m.run(500);
  assert.is(m.payloads.length, 1);
  assert.is(m.modem.publisher.sent, 1);
});

test("publish timeouts mark the link suspect: a link check follows", () => {
  const m = online();
  m.script.push(["AT+QMTPUBEX", () => undefined]);
  m.modem.publish(POST, "{}", PUBLISH_STATE);
  m.run(m.config.atTimeoutMs + 100);
  m.script.length = 0;
  m.run(500);
  assert.equal(m.take(true).slice(0, 2), ["AT+QMTPUBEX", "AT+QMTCONN?"]);
});

test("PDP lost while a publish waits for its prompt: the module still gets the payload, not the next command", () => {
  const m = online();
  m.script.push([
    "AT+QMTPUBEX",
    (cmd, s) => {
      s.expectData(cmd);
      s.urc('+QIURC: "pdpdeact",1');
      s.urc("+QMTSTAT: 0,1", 5);
      s.say("\r\n> ", 20);
      return undefined;
    },
  ]);
  m.modem.publish(POST, '{"n":1}', PUBLISH_STATE);
  m.run(200);
  assert.equal(m.payloads, ['{"n":1}']);
  m.script.length = 0;
  assert.ok(m.runUntilOnline(20000), m.modem.stateName);
  assert.ok(m.commands.includes("AT+QIDEACT=1"));
  assert.is(m.modem.stats.commandTimeouts, 0);
});

test("messages queued while offline go out once online, oldest first", () => {
  const m = new ScriptedModem();
  m.modem.publish(POST, '{"n":1}', PUBLISH_REPLY);
  m.modem.publish(POST, '{"n":2}', PUBLISH_STATE);
  m.modem.start();
  assert.ok(m.runUntilOnline());
  m.run(500);
  assert.equal(m.payloads, ['{"n":1}', '{"n":2}']);
});

test("a payload over the limit or a topic with a quote is dropped with an error, never sent", () => {
  const m = online();
  m.modem.publish(POST, "x".repeat(m.config.payloadBytes + 1), PUBLISH_TELEMETRY);
  m.modem.publish('/sys/x"\rAT+QPOWD=1', "{}", PUBLISH_TELEMETRY);
  m.modem.publish(POST, "", PUBLISH_TELEMETRY);
  m.modem.publish(POST, "{}", PUBLISH_STATE);
  m.run(500);
  assert.equal(m.take(true), ["AT+QMTPUBEX"]);
  assert.is(m.modem.publisher.rejected, 3);
  assert.equal(
    m.logs.filter((l) => l.startsWith("error: publish dropped")),
    ["error: publish dropped: payload is empty or over 1024 bytes", "error: publish dropped: string holds a quote, CR, LF or NUL", "error: publish dropped: payload is empty or over 1024 bytes"],
  );
});

test("a host with a native UTF-8 encoder: the payload is its bytes; one it cannot fit is dropped", () => {
  const calls: string[] = [];
  const text = {
    decode: (b: Uint8Array, off: number, len: number) => Buffer.from(b.subarray(off, off + len)).toString("utf8"),
    encodeInto: (t: string, out: Uint8Array, off: number) => {
      calls.push(t);
      const bytes = Buffer.from(t, "utf8");
      if (off + bytes.length > out.length) return -1;
      out.set(bytes, off);
      return off + bytes.length;
    },
  };
  const m = new ScriptedModem({ linkCheckMs: 1e9 }, { text });
  m.modem.start();
  assert.ok(m.runUntilOnline());
  m.take();
  m.modem.publish(POST, '{"name":"开关"}', PUBLISH_STATE);
  m.modem.publish(POST, "开".repeat(400), PUBLISH_STATE);
  m.run(500);
  assert.equal(m.take(), [`AT+QMTPUBEX=0,0,0,0,"${POST}",17`]);
  assert.ok(calls.includes('{"name":"开关"}'), "encoded by the host");
  assert.is(m.modem.publisher.rejected, 1);
});

test("a host with a decoder but no encoder: payloads are encoded by the core", () => {
  const text = { decode: (b: Uint8Array, off: number, len: number) => Buffer.from(b.subarray(off, off + len)).toString("utf8") };
  const m = new ScriptedModem({ linkCheckMs: 1e9 }, { text });
  m.modem.start();
  assert.ok(m.runUntilOnline());
  m.take();
  m.modem.publish(POST, '{"name":"开关"}', PUBLISH_STATE);
  m.run(500);
  assert.equal(m.payloads, [Buffer.from('{"name":"开关"}', "utf8").toString("latin1")], "its UTF-8 bytes");
});

test("a pump that sends says so, and the engine is then the publish's until it ends", () => {
  const m = online();
  m.modem.publish(POST, "{}", PUBLISH_STATE);
  assert.ok(m.modem.publisher.pump(), "the command went out");
  assert.ok(m.modem.engine.busy);
  assert.not.ok(m.modem.publisher.pump(), "nothing more while it is in flight");
  m.run(500);
  assert.equal(m.payloads, ["{}"]);
  assert.is(m.modem.publisher.queue.length, 0);
});

test("a pump that drops its head (too long to send) says nothing went out, and the engine stays free", () => {
  const m = online();
  m.modem.publish(POST, "x".repeat(m.config.payloadBytes + 1), PUBLISH_TELEMETRY);
  assert.not.ok(m.modem.publisher.pump(), "dropped, not sent");
  assert.not.ok(m.modem.engine.busy);
  assert.equal([m.modem.publisher.queue.length, m.modem.publisher.rejected], [0, 1]);
});

test("pumped while someone else's command holds the engine: nothing sent, nothing dropped", () => {
  const m = online();
  m.script.push(["AT+CSQ", () => undefined]);
  m.modem.engine.begin("AT+CSQ");
  assert.ok(m.modem.engine.send(command("csq", 1000, () => undefined)));
  m.modem.publish(POST, "{}", PUBLISH_STATE);
  assert.not.ok(m.modem.publisher.pump());
  assert.equal([m.modem.publisher.queue.length, m.modem.publisher.rejected], [1, 0]);
  m.script.length = 0;
  m.run(1500);
  assert.equal(m.payloads, ["{}"]);
});

test("a publish aborted under it (the module rebooted) is counted failed, stays queued without a link check, and goes out after bring-up", () => {
  const m = online();
  m.script.push(["AT+QMTPUBEX", () => undefined]);
  m.modem.publish(POST, '{"a":1}', PUBLISH_STATE);
  m.run(100);
  m.urc("RDY");
  m.run(10);
  assert.is(m.modem.publisher.failed, 1);
  assert.is(m.modem.publisher.queue.length, 1);
  m.script.length = 0;
  assert.ok(m.runUntilOnline());
  m.run(500);
  assert.equal(m.payloads, ['{"a":1}']);
  assert.equal([m.modem.publisher.sent, m.modem.publisher.failed], [1, 1]);
  assert.not.ok(m.take(true).includes("AT+QMTCONN?"), "no link check: the reboot is recovery enough");
});

test("the publisher calls trouble on a failed send but not on an aborted one: whoever aborted it is already recovering", () => {
  const m = online();
  const troubles: PublishTrouble[] = [];
  const own = new Publisher({ engine: m.modem.engine, config: m.config, log: () => undefined, dialect: m.modem.dialect, onTrouble: (why) => troubles.push(why) });
  m.pubResults.push(2);
  own.queue.push(POST, '{"a":1}', PUBLISH_STATE);
  assert.ok(own.pump());
  m.run(500);
  assert.equal(troubles, [PUBLISH_FAILED], "a refused publish makes the link suspect");
  m.script.push(["AT+QMTPUBEX", () => undefined]);
  assert.ok(own.pump());
  m.run(100);
  m.urc("RDY");
  m.run(10);
  assert.equal(troubles, [PUBLISH_FAILED], "the reboot's abort is no trouble of the link's");
  assert.equal([own.failed, own.queue.length], [2, 1]);
});

test("queue: full of telemetry, the oldest telemetry makes room; state and replies are never dropped", () => {
  const q = new PublishQueue(3);
  assert.ok(q.push("t", "telemetry 1", PUBLISH_TELEMETRY));
  assert.ok(q.push("t", "state", PUBLISH_STATE));
  assert.ok(q.push("t", "telemetry 2", PUBLISH_TELEMETRY));
  assert.ok(q.push("t", "reply", PUBLISH_REPLY));
  assert.is(q.dropped, 1);
  assert.ok(q.push("t", "telemetry 3", PUBLISH_TELEMETRY));
  assert.ok(q.push("t", "reply 2", PUBLISH_REPLY));
  assert.not.ok(q.push("t", "state 2", PUBLISH_STATE));
  assert.not.ok(q.push("t", "telemetry 4", PUBLISH_TELEMETRY));
  assert.is(q.dropped, 3);
  const order: string[] = [];
  for (let m = q.peek(); m; m = q.peek()) {
    order.push(m.payload);
    q.shift();
  }
  assert.equal(order, ["state", "reply", "reply 2"]);
  q.shift();
  assert.is(q.length, 0);
});

test("inbound +QMTRECV on our client becomes a message; another client's does not", () => {
  const m = online();
  const set = "/sys/a1wFylTxYeD/co_0001/thing/service/property/set";
  const payload = '{"method":"thing.service.property.set","id":"220958108","params":{"PowerSwitch_1":1},"version":"1.0.0"}';
  m.say(`\r\n+QMTRECV: 0,0,"${set}",${payload.length},"${payload}"\r\n`);
  m.say(`\r\n+QMTRECV: 1,0,"${set}",2,"{}"\r\n`);
  m.run(50);
  assert.equal(m.messages, [[set, payload]]);
});

test("a host's native decoder, when given, turns the topic and payload into text", () => {
  const calls: number[] = [];
  const text = { decode: (b: Uint8Array, o: number, l: number) => (calls.push(l), new TextDecoder().decode(b.subarray(o, o + l))) };
  const m = new ScriptedModem({ linkCheckMs: 1e9 }, { text });
  m.modem.start();
  assert.ok(m.runUntilOnline());
  m.say('\r\n+QMTRECV: 0,1,"/t",7,"{\"a\":1}"\r\n');
  m.run(50);
  assert.equal(m.messages, [["/t", '{"a":1}']]);
  assert.equal(calls, [2, 7]);
});

test("a message handler that throws is reported as such; the rest of the chunk is still parsed", () => {
  const seen: string[] = [];
  const m = new ScriptedModem({ linkCheckMs: 1e9 }, {
    onMessage: (_topic, payload) => {
      if (payload === "boom") throw new TypeError("handler bug");
      seen.push(payload);
    },
  });
  m.modem.start();
  assert.ok(m.runUntilOnline());
  const frame = (id: number, payload: string) => `\r\n+QMTRECV: 0,${id},"/t",${payload.length},"${payload}"\r\n`;
  m.say(frame(1, "boom") + frame(2, "after") + "\r\n+QMTSTAT: 1,1\r\n");
  m.run(50);
  assert.equal(seen, ["after"]);
  assert.is(m.modem.stats.handlerErrors, 1);
  assert.is(m.modem.stats.badFrames, 0, "not lost bytes");
  assert.ok(m.logs.some((l) => /^error: message on \/t \(1\): handler failed: TypeError: handler bug/.test(l)), m.logs.join("\n"));
  assert.not.ok(m.logs.some((l) => /corrupt/.test(l)));
});

test("a corrupt +QMTRECV (bytes lost) is logged and dropped, the link stays up", () => {
  const m = online();
  m.say('\r\n+QMTRECV: 0,0,"/t",20,"{"PowerSwitch_1":1}"\r\n\r\nOK\r\n');
  m.run(50);
  assert.equal(m.messages, []);
  assert.is(m.modem.stats.badFrames, 1);
  assert.ok(m.modem.online);
  assert.ok(m.logs.some((l) => /corrupt \(bytes lost\)/.test(l)));
});

test.run();
