/**
 * The fault run, on each module (fault-run.test.ts, fault-run-a7670.test.ts) and on OneNET
 * (fault-run-onenet.test.ts): 1,000 switch commands from a careful cloud (fresh id, wait for its
 * set_reply, the same id again on silence) with every fault kind thrown in between and
 * during them. Every command must be applied exactly once and acknowledged with 200, the
 * relay must end where the last command put it, nothing may stay queued, nothing may throw.
 *
 * SOAK_SEED=<n> replays a run's random choices (the event loop's timing still varies).
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { createRig, type Rig } from "../../hosts/node/rig";
import type { SimCloud } from "../../sim/clouds/rules";
import { seededRandom } from "../../sim/ec600s/random";
import { FlightRecorder } from "./flight-recorder";
import { runSoak, type SoakResult } from "./soak";
import { summaryLine } from "./summary";

// ~33x life. A command still takes ~50 ms real: ~40 ms of it is TCP (Nagle on the simulator's
// and the broker's sockets meeting delayed ACKs), which no time scale shortens.
const SCALE = 0.03;
const SEED = Number(process.env.SOAK_SEED ?? Date.now() % 100000);

/**
 * Firmware settings for a run with a fault every ~15 s simulated. The defaults are for a
 * device that sees a fault a day: backoff up to 2 min, 5 min after a refused login. Here the
 * link never counts as stable between faults, so the defaults would spend the run waiting;
 * capping them keeps every recovery path without the minutes of idle time.
 */
// ESP32 resets every few simulated minutes, with the link never stable for long in between,
// are exactly what the boot-loop guard stops (src/app/boot-guard.ts): this run is about the
// link and exactly-once sets, so the guard is off (bootLoopBoots 0).
const SOAK_CONFIG = { backoffMaxMs: 8000, credentialBackoffMs: 2000, credentialBackoffMaxMs: 8000, bootLoopBoots: 0 };

/** The run on one module (the config's `modem`, and the simulator with it) and cloud, to `.run()`. */
export function faultRun(modem: string, cloud: SimCloud = "aliyun") {
  const name = cloud === "aliyun" ? modem : modem + ", " + cloud;
  const test = suite(`fault run (${name})`);
  let rig: Rig;
  let result: SoakResult;

  test.before(async () => {
    const random = seededRandom(SEED);
    const recorder = new FlightRecorder(() => rig?.time.now() ?? 0);
    rig = await createRig({ cloud, timeScale: SCALE, config: { ...SOAK_CONFIG, modem }, random: seededRandom(SEED + 1), simulator: { seed: SEED }, trace: recorder.trace, log: recorder.log });
    await rig.waitFor("online", 20000);
    const note = (text: string): void => recorder.note(text);
    result = await runSoak(rig, { commands: 1000, faultEvery: [6, 12], retrySimMs: 6000, maxAttempts: 60, budgetMs: 300000, random, note });
    console.log("\n  " + name + " " + summaryLine(result, SCALE, SEED));
    const failed = result.lost !== null || !result.end.online || result.end.queued > 0 || result.end.pending || result.faultFailures.length > 0;
    if (failed) console.log(`  the run's last lines (trace, log, faults): ${recorder.save(`fault-run-${name}-${SEED}`)}`);
  });

  test.after(async () => {
    await rig?.stop();
  });

  test("every command is answered with 200", () => {
    assert.is(result.lost, null);
    assert.is(result.outcomes.length, 1000);
    const refused = result.outcomes.filter((o) => o.code !== 200);
    assert.equal(refused, [], "set_reply codes other than 200");
    assert.ok(result.sets.repeated > 0, "no retry reached the firmware after it had answered: the repeat path went untested");
  });

  test("the relay switched exactly when a command changed it, once per id", () => {
    assert.equal(result.ledger.violations(), []);
    assert.equal(result.ledger.unsolicited, [], "relay changes with no command in flight");
    assert.ok(result.ledger.expectedSwitches > 300, `only ${result.ledger.expectedSwitches} switching commands`);
  });

  test("the relay ends where the last command put it", () => {
    assert.is(rig.relay.level, result.lastValue);
    assert.is(rig.firmware.status().relay, result.lastValue);
  });

  test("every fault kind was injected, and could be", () => {
    for (const [kind, n] of Object.entries(result.faults)) assert.ok(n >= 2, `${kind} injected ${n}x`);
    assert.equal(result.faultFailures, []);
  });

  test("nothing is left queued once things settle", () => {
    assert.equal(result.end, { online: true, queued: 0, pending: false });
  });

  test("the firmware never threw nor logged an error", () => {
    assert.equal(result.errors, []);
  });

  return test;
}
