import { test } from "uvu";
import * as assert from "uvu/assert";
import { Button } from "../../src/app/button";
import { FakeClock, FakeInput } from "./fakes";

const POLL = 10;
const DEBOUNCE = 50;

function rig(initial = 0) {
  const clock = new FakeClock();
  const pin = new FakeInput();
  pin.value = initial;
  const button = new Button(pin, clock, DEBOUNCE, 1);
  let presses = 0;
  /** Hold the pin at each level for its ms, polling every POLL ms; count presses. */
  const play = (steps: Array<[number, number]>): number => {
    const before = presses;
    for (const [level, ms] of steps) {
      pin.value = level;
      for (let t = 0; t < ms; t += POLL) {
        clock.t += POLL;
        if (button.poll()) presses++;
      }
    }
    return presses - before;
  };
  return { button, play };
}

test("a clean press counts once, when it has held for the debounce time", () => {
  const r = rig();
  assert.is(r.play([[1, DEBOUNCE - POLL]]), 0, "not yet settled");
  assert.is(r.play([[1, 2 * POLL]]), 1);
  assert.is(r.play([[1, 1000]]), 0, "holding is not pressing again");
  assert.is(r.play([[0, 200]]), 0, "release is no press");
  assert.is(r.button.presses, 1);
});

test("bounces on press and release make one press", () => {
  const r = rig();
  const bouncy: Array<[number, number]> = [
    [1, 10], [0, 10], [1, 10], [0, 20], [1, 200], // press with chatter
    [0, 10], [1, 10], [0, 10], [1, 20], [0, 200], // release with chatter
  ];
  assert.is(r.play(bouncy), 1);
  assert.is(r.play(bouncy), 1);
});

test("a glitch shorter than the debounce time is no press", () => {
  const r = rig();
  assert.is(r.play([[1, 30], [0, 200]]), 0);
});

test("a button held during boot is not a press; releasing and pressing again is", () => {
  const r = rig(1);
  assert.is(r.play([[1, 500]]), 0);
  assert.is(r.play([[0, 200], [1, 200]]), 1);
});

test("pressedLevel 0 for a host that does not invert an active-low button", () => {
  const clock = new FakeClock();
  const pin = new FakeInput();
  pin.value = 1;
  const button = new Button(pin, clock, 0, 0);
  pin.value = 0;
  clock.t = 10;
  assert.is(button.poll(), false);
  clock.t = 20;
  assert.is(button.poll(), true);
});

test.run();
