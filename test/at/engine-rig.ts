/** An AT engine on fakes, for the engine's suites: a clock, a serial port, a log, a QMTRECV reader. */
import { ascii } from "../../src/at/bytes";
import type { Urc } from "../../src/at/command";
import { AtEngine } from "../../src/at/engine";
import { QmtRecv } from "../../src/modem/quectel/qmtrecv";
import { FakeClock, FakeSerial, memoryLog } from "./fakes";
import { bytesOf } from "./helpers";

/**
 * `recorded`: the URC prefixes whose lines go into `urcLines` (`RDY`, an aborting URC, is
 * always there); QMTRECV frames (and their errors) go into `recvs`; each echo's time into `echoes`.
 */
export function engineRig(recorded: string[] = ["+QMTSTAT:"]) {
  const clock = new FakeClock();
  const serial = new FakeSerial();
  const log = memoryLog();
  const urcLines: string[] = [];
  const recvs: string[] = [];
  const echoes: number[] = [];
  const qmtRecv = new QmtRecv();
  const urcs: Urc[] = recorded.map((prefix) => ({ prefix: ascii(prefix), abort: false, on: (b: Uint8Array, o: number, l: number) => void urcLines.push(Buffer.from(b.subarray(o, o + l)).toString()) }));
  urcs.push({ prefix: ascii("RDY"), abort: true, on: () => void urcLines.push("RDY") });
  const engine = new AtEngine({
    serial,
    clock,
    urcs,
    log,
    counted: [qmtRecv],
    onCounted: (urc, b, _at, body) => recvs.push(Buffer.from(b.subarray(body, body + urc.bodyLength)).toString()),
    onCountedError: (_urc, reason) => recvs.push("error " + qmtRecv.msgId + " " + reason),
    onEcho: () => void echoes.push(clock.now()),
  });
  const modem = (text: string | Uint8Array): void => {
    const bytes = typeof text === "string" ? bytesOf(text) : text;
    engine.receive(bytes, bytes.length);
  };
  return { clock, serial, log, engine, modem, urcLines, recvs, echoes };
}
