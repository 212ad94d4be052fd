import { test } from "uvu";
import * as assert from "uvu/assert";
import { fakeTimers, realTimers } from "../../sim/ec600s";

test("fake timers fire in due order, ties in creation order, only when advanced", async () => {
  const clock = fakeTimers();
  const fired: string[] = [];
  clock.setTimeout(() => fired.push("b@20"), 20);
  clock.setTimeout(() => fired.push("a@10"), 10);
  clock.setTimeout(() => fired.push("c@20"), 20);
  const cancelled = clock.setTimeout(() => fired.push("never"), 5);
  clock.clearTimeout(cancelled);
  assert.equal(fired, []);
  await clock.advance(15);
  assert.equal([fired, clock.now()], [["a@10"], 15]);
  await clock.advance(5);
  assert.equal(fired, ["a@10", "b@20", "c@20"]);
  assert.is(clock.pending, 0);
});

test("fake timers: a timer set by a timer fires within the same advance", async () => {
  const clock = fakeTimers(100);
  const fired: number[] = [];
  clock.setTimeout(() => clock.setTimeout(() => fired.push(clock.now()), 10), 10);
  await clock.advance(25);
  assert.equal(fired, [120]);
});

test("fake timers let promise chains finish at the instant of the timer", async () => {
  const clock = fakeTimers();
  const seen: number[] = [];
  clock.setTimeout(() => {
    void Promise.resolve()
      .then(() => Promise.resolve())
      .then(() => clock.setTimeout(() => seen.push(clock.now()), 5));
  }, 10);
  await clock.advance(15);
  assert.equal(seen, [15]);
});

test("real timers scale simulated ms", async () => {
  // 100 s simulated at 1/10,000 is 10 ms real; unscaled it would be 100 s. The bound leaves a
  // loaded machine (another npm test running) seconds of slack and still tells the two apart.
  const timers = realTimers(0.0001);
  const started = performance.now();
  await new Promise((resolve) => timers.setTimeout(() => resolve(undefined), 100000));
  assert.ok(performance.now() - started < 20000, "100,000 simulated ms took about 10 real ms");
  assert.ok(timers.now() >= 100000);
});

test.run();
