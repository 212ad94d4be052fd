import { test } from "uvu";
import * as assert from "uvu/assert";
import { SerialPortMock } from "serialport";
import { openUart, UartOpenError, type PortStream } from "../../hosts/node/uart";

type MockBinding = { recording: Buffer; emitData(data: Buffer | string): void };

function mockOpener(highWaterMark?: number) {
  return async (path: string, baudRate: number): Promise<PortStream> => {
    const port = new SerialPortMock({ path, baudRate, autoOpen: false, ...(highWaterMark ? { highWaterMark } : {}) });
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    return port;
  };
}

const until = async (check: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(check(), what);
};

test.before.each(() => {
  SerialPortMock.binding.reset();
  SerialPortMock.binding.createPort("/dev/ttyUSB2", { echo: false, record: true });
});

test("bytes go out whole, come in to the sink, and both pass the tap", async () => {
  const taps: string[] = [];
  const tap = { tx: (b: Uint8Array) => void taps.push("tx " + Buffer.from(b)), rx: (b: Uint8Array) => void taps.push("rx " + Buffer.from(b)) };
  const uart = await openUart({ path: "/dev/ttyUSB2", baudRate: 115200, tap, open: mockOpener() });
  const received: string[] = [];
  uart.attach({ receive: (b, n) => void received.push(Buffer.from(b.subarray(0, n)).toString()), writable: () => undefined });
  const port = (uart as unknown as { port: { port: MockBinding } }).port;
  assert.is(uart.write(new Uint8Array(Buffer.from("xxAT\r")), 2, 3), 3);
  await until(() => port.port.recording.toString() === "AT\r", "written to the port");
  port.port.emitData("\r\nOK\r\n");
  await until(() => received.length > 0, "data received");
  assert.equal(received, ["\r\nOK\r\n"]);
  assert.equal(taps, ["tx AT\r", "rx \r\nOK\r\n"]);
  await uart.close();
  assert.is(uart.write(new Uint8Array([65]), 0, 1), 0, "nothing is taken after close");
});

test("back-pressure: writes take nothing until the stream drains, then writable() is called", async () => {
  const uart = await openUart({ path: "/dev/ttyUSB2", baudRate: 115200, open: mockOpener(4) });
  let writables = 0;
  uart.attach({ receive: () => undefined, writable: () => void writables++ });
  const data = new Uint8Array(Buffer.from("AT+QMTCONN?\r"));
  assert.is(uart.write(data, 0, data.length), data.length);
  assert.is(uart.write(data, 0, 2), 0);
  await until(() => writables === 1, "writable after drain");
  assert.is(uart.write(data, 0, 2), 2);
  await uart.close();
});

test("a port that cannot be opened is one clear line", async () => {
  try {
    await openUart({ path: "/dev/ttyNOPE", baudRate: 115200, open: mockOpener() });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, UartOpenError);
    assert.match((error as Error).message, /^cannot open serial port \/dev\/ttyNOPE: .+/);
  }
});

test("the real serialport package: a missing device is refused the same way", async () => {
  try {
    await openUart({ path: "/dev/cat1-switch-no-such-port", baudRate: 115200 });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, UartOpenError);
    assert.match((error as Error).message, /^cannot open serial port \/dev\/cat1-switch-no-such-port: /);
    assert.not.match((error as Error).message, /\n/);
  }
});

test("a port that goes away is reported, a close we asked for is not", async () => {
  const problems: string[] = [];
  const uart = await openUart({ path: "/dev/ttyUSB2", baudRate: 115200, open: mockOpener(), onProblem: (m) => problems.push(m) });
  const port = (uart as unknown as { port: PortStream & { emit(e: string, ...a: unknown[]): void } }).port;
  port.emit("error", new Error("device disconnected"));
  assert.equal(problems, ["serial port /dev/ttyUSB2: device disconnected"]);
  await uart.close();
  assert.is(problems.length, 1);
});

test.run();
