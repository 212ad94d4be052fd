import { test } from "uvu";
import * as assert from "uvu/assert";
import { SimSerial } from "../../hosts/node/sim-serial";

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

function wired(fifoBytes: number) {
  const toModule: string[] = [];
  const received: string[] = [];
  let writables = 0;
  const serial = new SimSerial({ fifoBytes });
  serial.connect({ write: (b) => void toModule.push(Buffer.from(b).toString("latin1")) });
  serial.attach({ receive: (b, n) => void received.push(Buffer.from(b.subarray(0, n)).toString("latin1")), writable: () => void writables++ });
  return { serial, toModule, received, writables: () => writables };
}

test("a write takes at most a FIFO's worth and asks for more with writable()", async () => {
  const w = wired(4);
  const data = new Uint8Array(Buffer.from("xxAT+CSQ\r"));
  assert.is(w.serial.write(data, 2, 7), 4);
  assert.equal(w.toModule, ["AT+C"]);
  assert.is(w.writables(), 0);
  await tick();
  assert.is(w.writables(), 1);
  assert.is(w.serial.write(data, 6, 3), 3);
  await tick();
  assert.is(w.writables(), 1, "a complete write needs no writable()");
});

test("the caller's buffer can be reused at once: the module got a copy", () => {
  const seen: Uint8Array[] = [];
  const serial = new SimSerial();
  serial.connect({ write: (b) => void seen.push(b) });
  const buffer = new Uint8Array(Buffer.from("AT\r"));
  serial.write(buffer, 0, 3);
  buffer.fill(0);
  assert.is(Buffer.from(seen[0]).toString(), "AT\r");
});

test("module output arrives on a later turn, never inside write()", async () => {
  const w = wired(128);
  w.serial.fromModule(new Uint8Array(Buffer.from("\r\nOK")));
  w.serial.fromModule(new Uint8Array(Buffer.from("\r\n")));
  assert.equal(w.received, []);
  await tick();
  assert.equal(w.received, ["\r\nOK", "\r\n"]);
});

test("after close nothing moves either way", async () => {
  const w = wired(128);
  w.serial.fromModule(new Uint8Array([65]));
  w.serial.close();
  assert.is(w.serial.write(new Uint8Array([65]), 0, 1), 0);
  await tick();
  assert.equal(w.received, []);
  assert.equal(w.toModule, []);
});

test.run();
