// SIMCom's counted chunk header, `+CMQTTRXTOPIC: <idx>,<len>` / `+CMQTTRXPAYLOAD: ...`, read
// as the parser gives it (ring storage, a 0 after the data): what is a header, what may still
// become one, what never will, and that a message split anywhere across reads arrives whole.
// (Mutation testing found the header's checks unguarded by test/modem.)
import { test } from "uvu";
import * as assert from "uvu/assert";
import { HEADER_INVALID, HEADER_PARTIAL } from "../../src/at/counted";
import { RxRing } from "../../src/at/ring";
import { A7670 } from "../../src/modem/simcom/dialect";
import { simcomMessage } from "../../src/modem/simcom/answers";
import { CmqttRxChunk, MAX_CHUNK } from "../../src/modem/simcom/rx-chunk";
import { ScriptedModem } from "./scripted-modem";

function read(reader: CmqttRxChunk, text: string, at = 0): number {
  const ring = new RxRing(512, 64);
  const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
  ring.write(new Uint8Array(at), 0, at);
  ring.write(bytes, 0, bytes.length);
  return reader.header(ring.bytes, ring.words, at, ring.tail);
}

const P = "+CMQTTRXTOPIC:";

test("a header: client, length, and its line end (CR LF, CR or LF) before the body", () => {
  const r = new CmqttRxChunk(P);
  for (const end of ["\r\n", "\n", "\r"]) {
    const head = P + " 3,57" + end;
    assert.is(read(r, head + "x"), head.length, JSON.stringify(end));
    assert.equal([r.client, r.bodyLength], [3, 57]);
  }
  assert.is(read(r, P + "9,65536\r\nx"), (P + "9,65536\r\n").length);
  assert.is(r.bodyLength, MAX_CHUNK);
});

test("where the body starts is counted from the header's start, wherever the header lies", () => {
  const r = new CmqttRxChunk(P);
  for (const end of ["\r\n", "\n", "\r"]) {
    const head = P + " 3,57" + end;
    assert.is(read(r, head + "x", 7), head.length, JSON.stringify(end));
  }
});

test("partial while it may still become a header", () => {
  const r = new CmqttRxChunk(P);
  for (const text of [P, P + " ", P + " 0", P + " 0,", P + " 0,12", P + " 0,12\r"]) assert.is(read(r, text), HEADER_PARTIAL, JSON.stringify(text));
});

test("invalid once it cannot: a client that is no digit, no comma, no digits, too many or too large, a byte after them", () => {
  const r = new CmqttRxChunk(P);
  for (const bad of [" x,5\r\n", " :,5\r\n", " /,5\r\n", " 0;5\r\n", " 0,\r\n", " 0,123456\r\n", " 0,000005\r\n", " 0,65537\r\n", " 0,5:\r\n", " 0,5/\r\n", " 0,5 \r\n", " 10,5\r\n"]) {
    assert.is(read(r, P + bad + "xxxxx"), HEADER_INVALID, JSON.stringify(bad));
  }
});

test("a message split at every byte across reads arrives whole", () => {
  const topic = "/sys/pk/dn/thing/service/property/set";
  const payload = '{"a":"x\r\nOK"}';
  const text = simcomMessage(topic, topic.length, payload, payload.length);
  for (let cut = 1; cut < text.length; cut++) {
    const m = new ScriptedModem({ linkCheckMs: 1e9 }, { dialect: A7670, crypto: { hmacSha1Hex: () => "00".repeat(20) } });
    m.modem.start();
    assert.ok(m.runUntilOnline());
    m.say(text.slice(0, cut));
    m.say(text.slice(cut));
    m.run(50);
    assert.equal(m.messages, [[topic, payload]], "cut at " + cut);
  }
});

test.run();
