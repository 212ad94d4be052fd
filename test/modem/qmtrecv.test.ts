import { test } from "uvu";
import * as assert from "uvu/assert";
import { HEADER_INVALID, HEADER_PARTIAL } from "../../src/at/counted";
import { RxRing } from "../../src/at/ring";
import { MAX_PAYLOAD, QmtRecv } from "../../src/modem/quectel/qmtrecv";

/** The reader on `text` as the parser gives it: ring storage, a 0 after the data. */
function read(reader: QmtRecv, text: string, seen = 0, at = 0): number {
  const ring = new RxRing(2048, 128);
  const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
  ring.write(new Uint8Array(at), 0, at);
  ring.write(bytes, 0, bytes.length);
  return reader.header(ring.bytes, ring.words, at, ring.tail, seen);
}

test("a whole header: fields, topic as an offset from the header start, where the payload starts", () => {
  const r = new QmtRecv();
  const header = '+QMTRECV: 1,65535,"/a/b",12,"';
  assert.is(read(r, header + "payload...", 0, 5), header.length);
  assert.equal([r.client, r.msgId, r.topicOffset, r.topicLength, r.bodyLength, r.bodyClose], [1, 65535, 19, 4, 12, 34]);
  assert.is(read(r, "+QMTRECV: 0,7,a/b,3,xyz"), "+QMTRECV: 0,7,a/b,3,".length);
  assert.equal([r.topicOffset, r.topicLength, r.bodyClose], [14, 3, -1]);
});

test("partial while it may still become a header; invalid once it cannot", () => {
  const r = new QmtRecv();
  assert.is(read(r, "+QMTRECV: 0,123"), HEADER_PARTIAL);
  assert.is(read(r, "+QMTRECV: 0,12345678901"), HEADER_INVALID);
  assert.is(read(r, '+QMTRECV: 0,1,"/a'), HEADER_PARTIAL);
  assert.is(read(r, '+QMTRECV: 0,1,"/a\r\n'), HEADER_INVALID);
  assert.is(read(r, '+QMTRECV: 0,1,"' + "t".repeat(300)), HEADER_INVALID);
  assert.is(read(r, `+QMTRECV: 0,1,"t",${MAX_PAYLOAD + 1},`), HEADER_INVALID);
  assert.is(read(r, '+QMTRECV: 0,1,"t",5,'), HEADER_PARTIAL);
  assert.is(read(r, "+QMTRECV: x"), HEADER_INVALID);
});

test("a read that continues the previous one resumes where it stopped; a new one starts over", () => {
  const r = new QmtRecv();
  const whole = '+QMTRECV: 0,42,"/sys/pk/dn/thing/service/property/set",2,"ok"';
  const cut = 30; // inside the topic
  assert.is(read(r, whole.slice(0, cut)), HEADER_PARTIAL);
  assert.is(read(r, whole, cut), whole.length - 3);
  assert.equal([r.msgId, r.topicLength, r.bodyLength], [42, 37, 2]);
  // The same byte count from a different header is not taken for a continuation.
  assert.is(read(r, whole.slice(0, cut)), HEADER_PARTIAL);
  assert.is(read(r, '+QMTRECV: 0,43,"x",1,"y"', 5), '+QMTRECV: 0,43,"x",1,"'.length);
  assert.is(r.msgId, 43);
});

test("a byte just past the digits (':' or '/') in a number makes the header invalid, wherever it stands", () => {
  const r = new QmtRecv();
  for (const bad of ['+QMTRECV: 0,1:,"t",1,"', '+QMTRECV: 0,1/,"t",1,"', '+QMTRECV: :,1,"t",1,"', '+QMTRECV: 0,1,"t",1:,"', '+QMTRECV: 0,1,t,1/,']) {
    assert.is(read(r, bad + "x"), HEADER_INVALID, bad);
  }
});

test.run();
