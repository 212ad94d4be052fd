/**
 * Schedules on the device-shaped XS worker: a five-entry LocalTimer set, its save, the
 * clock from the module's network time and a schedule firing every minute stay within the
 * per-turn compute gate, and the live heap does not grow from one minute to the next.
 */
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { bundleForXs } from "../../tools/xs/bundle";
import { startXs } from "../../tools/xs/worker";
/** test/xs/turns.test.ts: the budget of one turn. */
const MAX_TURN_COMPUTE = 20000;

const ENTRY = fileURLToPath(new URL("./fixtures/app-entry.ts", import.meta.url));

interface Turns {
  max: number;
  mean: number;
  turns: number;
}

async function machine(timers: boolean) {
  const xs = await startXs({ name: timers ? "timers" : "no-timers", device: true });
  await xs.evaluate(await bundleForXs(ENTRY, { preload: ["src/"] }));
  await xs.evaluate("preloadDone(); appInit()");
  assert.ok(await xs.evaluateJson<boolean>("appRunUntilOnline(20000)"));
  if (timers) await xs.evaluate("appInjectTimers()");
  return xs;
}

/** The live heap, idle (nothing left to send), after `minutes` more of simulated time. */
async function liveAfter(xs: Awaited<ReturnType<typeof machine>>, minutes: number): Promise<number> {
  return (await xs.evaluate(`gc(); appTimerTurns(${minutes}); appSettle(2000); gc()`)).currentHeapCount;
}

test(`schedules: set, saved, clock from AT+QLTS, fired every minute: no turn over ${MAX_TURN_COMPUTE} compute`, async () => {
  const xs = await machine(true);
  try {
    // The NTP request goes unanswered here: after 20 s the module's time is asked for.
    const first = await xs.evaluateJson<Turns>("appTimerTurns(2)");
    assert.ok(first.max <= MAX_TURN_COMPUTE, `set (read one entry a poll), save and the first minutes: longest turn ${first.max} compute`);
    assert.is((await xs.evaluateJson<{ code: number }>("appLastReply()")).code, 200, "the set was answered 200");
    const fired = await xs.evaluateJson<number>("appSchedulesFired()");
    assert.ok(fired >= 1, `fired ${fired}`);
    const steady = await xs.evaluateJson<Turns>("appTimerTurns(3)");
    assert.ok(steady.max <= MAX_TURN_COMPUTE, `minutes of firing: longest turn ${steady.max} compute`);
    assert.ok((await xs.evaluateJson<number>("appSchedulesFired()")) >= fired + 3);
  } finally {
    await xs.close();
  }
});

// The app's live heap creeps by one slot every couple of idle minutes on main too (not the
// timers'); what is checked is that schedules firing every minute add nothing to that.
test("schedules firing every minute add nothing to the live heap", async () => {
  const growth = async (timers: boolean): Promise<number> => {
    const xs = await machine(timers);
    try {
      await xs.evaluate("appTimerTurns(2)");
      const a = await liveAfter(xs, 2);
      const b = await liveAfter(xs, 6);
      return b - a;
    } finally {
      await xs.close();
    }
  };
  const without = await growth(false);
  const withTimers = await growth(true);
  assert.ok(withTimers <= without, `live heap growth over 6 minutes: ${withTimers} slots with schedules, ${without} without`);
});

test.run();
