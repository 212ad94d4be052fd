import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { seedModemOutput } from "../at/seed";

const BIN = fileURLToPath(new URL("../../bin/cat1-switch.mjs", import.meta.url));

function run(args: string[], chunks: Buffer[] = []): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => resolve({ code: code ?? -1, out, err }));
    // Stdin arrives in pieces with pauses, like a live UART.
    let i = 0;
    const next = () => {
      if (i < chunks.length) child.stdin.write(chunks[i++], () => setTimeout(next, 2));
      else child.stdin.end();
    };
    next();
  });
}

const seed = Buffer.from(seedModemOutput(), "utf8");

test("decode <file> prints one JSON event per line, the seed's in order", async () => {
  const dir = mkdtempSync(join(tmpdir(), "decode-"));
  const file = join(dir, "capture.bin");
  writeFileSync(file, seed);
  const { code, out } = await run(["decode", file]);
  assert.is(code, 0);
  const events = out.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(events[0], { type: "line", text: "RDY" });
  assert.equal(events[2], { type: "final", result: "OK" });
  assert.ok(events.some((e) => e.type === "recv" && e.msgId === 0 && e.payload.includes('"PowerSwitch_1":1')));
  assert.ok(events.some((e) => e.type === "prompt"));
});

test("decode - reads stdin as it arrives; output is the same however it is chunked", async () => {
  const whole = await run(["decode", "-"], [seed]);
  const pieces: Buffer[] = [];
  for (let at = 0; at < seed.length; at += 7) pieces.push(seed.subarray(at, at + 7));
  const chunked = await run(["decode", "-"], pieces);
  assert.is(chunked.code, 0);
  assert.is(chunked.out, whole.out);
});

test("decode | head -1: a reader that goes away ends decode quietly (no EPIPE stack trace)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "decode-"));
  const file = join(dir, "big.txt");
  // Far more output than a pipe buffers, so decode is still writing when the reader leaves.
  writeFileSync(file, Buffer.concat(Array.from({ length: 400 }, () => seed)));
  const child = spawn(process.execPath, [BIN, "decode", file], { stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
  child.stdout.destroy();
  const code = await exited;
  assert.is(err, "");
  assert.is(code, 0);
});

test("an unterminated last line is reported as a partial event, not dropped", async () => {
  const { code, out } = await run(["decode", "-"], [Buffer.from("RDY\r\nOK\r\n+QMTSTAT: 0,1")]);
  assert.is(code, 0);
  const events = out.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(events, [
    { type: "line", text: "RDY" },
    { type: "final", result: "OK" },
    { type: "partial", what: "line", bytes: 13, text: "+QMTSTAT: 0,1" },
  ]);
});

test("a +QMTRECV frame cut short at the end is reported as a partial frame", async () => {
  const { code, out } = await run(["decode", "-"], [Buffer.from('OK\r\n+QMTRECV: 0,1,"/sys/a/b/thing/service/property/set",40,"{\"id\":"')]);
  assert.is(code, 0);
  const events = out.trim().split("\n").map((l) => JSON.parse(l));
  assert.is(events.length, 2);
  assert.equal(events[0], { type: "final", result: "OK" });
  assert.is(events[1].type, "partial");
  assert.is(events[1].what, "frame");
  assert.ok(events[1].bytes > 0);
});

test("input that ends cleanly has no partial event", async () => {
  const { out } = await run(["decode", "-"], [Buffer.from("OK\r\n\r\n")]);
  assert.is(out, '{"type":"final","result":"OK"}\n');
});

test("bad usage and a missing file give a clear message and a non-zero exit", async () => {
  const usage = await run([]);
  assert.is(usage.code, 2);
  assert.match(usage.err, /usage: cat1-switch/);
  const missing = await run(["decode", "/nonexistent/capture.bin"]);
  assert.is(missing.code, 1);
  assert.match(missing.err, /ENOENT/);
});

test.run();
