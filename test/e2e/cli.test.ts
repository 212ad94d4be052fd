/** The PC host as a person runs it: flags, one-line errors with exit codes, headless output, clean stops. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectConsole } from "../../sim/broker";
import { freePort, SCALE, within } from "./helpers";
import { HostProcess, runHost } from "./host-process";

const ONE_LINE = /^cat1-switch: [^\n]+\n$/;

test("--help prints the usage and exits 0", async () => {
  const exit = await runHost(["--help"]);
  assert.is(exit.code, 0);
  assert.match(exit.stdout, /^Usage: npm start/);
  assert.match(exit.stdout, /--time-scale/);
});

test("an unknown flag: one line on stderr, exit 2", async () => {
  const exit = await runHost(["--bogus"]);
  assert.is(exit.code, 2);
  assert.match(exit.stderr, ONE_LINE);
  assert.match(exit.stderr, /unknown option --bogus \(see --help\)/);
});

test("an unreachable broker: one line, exit 1", async () => {
  const port = await freePort();
  const exit = await runHost(["--headless", "--broker", `mqtt://127.0.0.1:${port}`]);
  assert.is(exit.code, 1);
  assert.match(exit.stderr, ONE_LINE);
  assert.match(exit.stderr, new RegExp(`cannot reach broker mqtt://127\\.0\\.0\\.1:${port}: ECONNREFUSED`));
});

test("a serial port that does not exist: one line, exit 1", async () => {
  const exit = await runHost(["--headless", "--port", "/dev/cat1-switch-missing", "--product-key", "a1Cat1Demo0", "--device-name", "switch-0001", "--device-secret", "x"]);
  assert.is(exit.code, 1);
  assert.match(exit.stderr, ONE_LINE);
  assert.match(exit.stderr, /cannot open serial port \/dev\/cat1-switch-missing: /);
});

test("a bad device name is a config error: one line, exit 1", async () => {
  const exit = await runHost(["--headless", "--device-name", "a b"]);
  assert.is(exit.code, 1);
  assert.match(exit.stderr, ONE_LINE);
  assert.match(exit.stderr, /deviceName/);
});

test("a --storage path in a missing directory: one line, exit 1", async () => {
  const exit = await runHost(["--headless", "--storage", "/nonexistent-cat1/nvs.json"]);
  assert.is(exit.code, 1);
  assert.match(exit.stderr, ONE_LINE);
  assert.match(exit.stderr, /--storage \/nonexistent-cat1\/nvs\.json: directory \/nonexistent-cat1 does not exist/);
});

test("a corrupt --storage file is set aside with one line and the switch comes online with defaults", async () => {
  const dir = mkdtempSync(join(tmpdir(), "cli-nvs-"));
  const path = join(dir, "nvs.json");
  writeFileSync(path, '{"boot": 3, "rel');
  const host = new HostProcess(["--headless", "--storage", path, "--time-scale", String(SCALE)]);
  try {
    await host.waitForLine(/^\d\d:\d\d:\d\d\.\d{3}  ONLINE$/, 15000);
    assert.is(readFileSync(path + ".corrupt", "utf8"), '{"boot": 3, "rel');
    assert.ok(existsSync(path), "a fresh file is written");
    host.signal("SIGTERM");
    const exit = await within(host.exited, 8000, "exit after SIGTERM");
    assert.is(exit.code, 0, exit.stderr);
    assert.match(exit.stderr, ONE_LINE);
    assert.match(exit.stderr, /nvs\.json could not be used \(not JSON, perhaps cut short\): set aside as nvs\.json\.corrupt, starting with defaults/);
  } finally {
    await host.kill();
    rmSync(dir, { recursive: true });
  }
});

test("the web console's port in use: one line, exit 1", async () => {
  const busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", () => resolve()));
  try {
    const port = (busy.address() as { port: number }).port;
    const exit = await runHost(["--http-port", String(port), "--time-scale", String(SCALE)]);
    assert.is(exit.code, 1);
    assert.match(exit.stderr, ONE_LINE);
    assert.match(exit.stderr, new RegExp(`port ${port} is in use`));
  } finally {
    busy.close();
  }
});

test("--headless: one line per state change, a cloud set's round trip, SIGTERM stops it cleanly", async () => {
  const host = new HostProcess(["--headless", "--trace", "--time-scale", String(SCALE)]);
  try {
    const brokerLine = await host.waitForLine(/embedded Aliyun-compatible broker mqtt:/, 15000);
    const [, url, username, password] = /broker (mqtt:\S+) \(console login: (\S+) \/ (\S+)\)/.exec(brokerLine)!;
    await host.waitForLine(/^\d\d:\d\d:\d\d\.\d{3}  modem     powering-on: PWRKEY$/, 15000);
    await host.waitForLine(/^\d\d:\d\d:\d\d\.\d{3}  step      mqtt-connecting: mqtt connect$/, 15000);
    await host.waitForLine(/^\d\d:\d\d:\d\d\.\d{3}  ONLINE$/, 15000);
    await host.waitForLine(/^\[\d\d:\d\d:\d\d\.\d{3}\]\[TX\] AT\+QMTSUB=0,/, 5000);
    const cloud = await connectConsole(url, { username, password });
    try {
      await cloud.setProperty("a1Cat1Demo0", "switch-0001", { PowerSwitch_1: 1 });
      await host.waitForLine(/  relay     ON \(cloud\)$/, 8000);
      await host.waitForLine(/  set       PowerSwitch_1=1 \(id \d+\): relay \d+ ms, set_reply \d+ ms \(200\), post \d+ ms$/, 8000);
    } finally {
      await cloud.close();
    }
    host.signal("SIGTERM");
    const exit = await within(host.exited, 8000, "exit after SIGTERM");
    assert.is(exit.code, 0, exit.stderr);
    // A trace line still held back may be flushed while stopping.
    assert.match(exit.stdout, /\ncat1-switch: SIGTERM, stopping\n(.*\n)*cat1-switch: stopped\n$/);
  } finally {
    await host.kill();
  }
});

test("the default mode serves the console page; SIGINT stops it cleanly", async () => {
  const host = new HostProcess(["--http-port", "0", "--time-scale", String(SCALE)]);
  try {
    const line = await host.waitForLine(/web console on http:/, 15000);
    const url = /(http:\S+)/.exec(line)![1];
    const page = await fetch(url);
    assert.is(page.status, 200);
    assert.match(await page.text(), /<title>cat1-switch console<\/title>/);
    host.signal("SIGINT");
    const exit = await within(host.exited, 8000, "exit after SIGINT");
    assert.is(exit.code, 0, exit.stderr);
  } finally {
    await host.kill();
  }
});

test.run();
