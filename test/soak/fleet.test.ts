/**
 * The fleet tool: 20 switches against the embedded broker lose no command and print their
 * connect-time percentiles; the same against a Mosquitto on a loopback port when one is
 * installed (CI installs it); bad flags are refused with a reason and exit status 2.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { FleetReport } from "../../tools/fleet/report";
import { Mosquitto, MOSQUITTO } from "../e2e/helpers";
import { runFleetCli } from "./fleet-cli";

// 10x life: a bring-up takes ~1 s real; 20 polling devices stay far from the CPU's limit.
const FAST = ["--time-scale", "0.1", "--stagger", "5", "--duration", "60"];

function checkReport(r: FleetReport, devices: number, commands: number): void {
  assert.is(r.online, devices);
  assert.is(r.neverOnline, 0);
  assert.is(r.commands.sent, commands);
  assert.is(r.commands.answered, commands);
  assert.is(r.commands.lost, 0, JSON.stringify(r.commands.lostSample));
  assert.equal(r.commands.finalMismatches, []);
  assert.ok(r.completed);
  const c = r.connect.simulatedMs;
  assert.ok(c.p50 !== null && c.p50 <= c.p90! && c.p90! <= c.p99! && c.p99! <= c.max!, JSON.stringify(c));
  assert.ok(r.rates.setsPerS > 0 && r.rates.postsPerS > 0, JSON.stringify(r.rates));
}

test("20 devices on the embedded broker: no command lost, percentiles printed", async () => {
  const run = await runFleetCli(["--devices", "20", "--commands", "100", ...FAST], 90000);
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, /^fleet: 20 auto devices on the embedded broker mqtt:\/\/127\.0\.0\.1:\d+ .*: 20 online, 0 never$/m);
  assert.match(run.stdout, /^connect +simulated ms +p50 [\d.]+ +p90 [\d.]+ +p99 [\d.]+ +max [\d.]+$/m);
  assert.match(run.stdout, /^ +real ms +p50 [\d.]+ +p90 [\d.]+ +p99 [\d.]+ +max [\d.]+$/m);
  assert.match(run.stdout, /^commands +100\/100 sent, 100 answered, 0 lost, 0 unfinished, 0 relays off at the end$/m);
  assert.match(run.stdout, /^rates +[\d.]+ sets\/s, [\d.]+ replies\/s, [\d.]+ posts\/s/m);
});

test("--json: one object with the same findings", async () => {
  const run = await runFleetCli(["--devices", "10", "--commands", "40", "--json", ...FAST], 90000);
  assert.is(run.code, 0, run.stderr);
  checkReport(JSON.parse(run.stdout) as FleetReport, 10, 40);
});

test("--modem a7670: the same fleet on the simulator's SIMCom A7670, no command lost", async () => {
  const run = await runFleetCli(["--devices", "10", "--commands", "40", "--modem", "a7670", "--json", ...FAST], 90000);
  assert.is(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as FleetReport;
  assert.is(report.modem, "a7670");
  checkReport(report, 10, 40);
});

test("bad flags: a reason and exit status 2, before anything starts", async () => {
  for (const args of [["--devices", "0"], ["--devices", "ten"], ["--time-scale", "5"], ["--broker", "http://x"], ["--concurrency", "9", "--devices", "4"], ["--modem", "sim800"], ["--frobnicate"]]) {
    const run = await runFleetCli(args, 20000);
    assert.is(run.code, 2, `${args.join(" ")}: ${run.stderr}`);
    assert.match(run.stderr, /^fleet: .+\n/, args.join(" "));
    assert.is(run.stdout, "");
  }
});

test("an unreachable broker: a one-line reason and exit status 1", async () => {
  const run = await runFleetCli(["--devices", "1", "--broker", "mqtt://127.0.0.1:1", "--duration", "20"], 30000);
  assert.is(run.code, 1);
  assert.match(run.stderr, /cannot reach broker mqtt:\/\/127\.0\.0\.1:1/);
});

test("--duration cuts a run short: it stops, says so and exits 1", async () => {
  // A bring-up takes ~9 s simulated at time scale 1: one second is not enough.
  const run = await runFleetCli(["--devices", "3", "--duration", "1", "--json"], 30000);
  assert.is(run.code, 1, run.stderr);
  const report = JSON.parse(run.stdout) as FleetReport;
  assert.is(report.completed, false);
  assert.is(report.neverOnline, 3);
  assert.is(report.commands.sent, 0);
});

if (MOSQUITTO) {
  const binary = MOSQUITTO;
  test("10 devices on Mosquitto (loopback, its own port): no command lost", async () => {
    const mosquitto = await Mosquitto.start(binary);
    try {
      const run = await runFleetCli(["--devices", "10", "--commands", "40", "--json", "--broker", mosquitto.url, ...FAST], 90000);
      assert.is(run.code, 0, run.stderr);
      const report = JSON.parse(run.stdout) as FleetReport;
      assert.is(report.broker, mosquitto.url);
      checkReport(report, 10, 40);
    } finally {
      await mosquitto.stop();
    }
  });
} else {
  test("mosquitto fleet: SKIPPED, no mosquitto binary (CI installs it)", () => undefined);
}

test.run();
