import { test } from "uvu";
import * as assert from "uvu/assert";
import { OtaTrial } from "../../src/app/ota-trial";
import type { BootImage } from "../../src/hal";

class FakeImage implements BootImage {
  trial = true;
  rolledBack = "";
  confirmed = 0;
  rollbacks = 0;
  hasPrevious = true;
  confirm(): void {
    this.confirmed++;
    this.trial = false;
  }
  rollback(): boolean {
    this.rollbacks++;
    return this.hasPrevious;
  }
  forgetRollback(): void {
    this.rolledBack = "";
  }
}

function trial(image: FakeImage) {
  const logs: string[] = [];
  return { t: new OtaTrial(image, (level, m) => logs.push(level + " " + m), 600000), logs };
}

test("a new image that gets online and stable is confirmed, once, and never rolled back", () => {
  const image = new FakeImage();
  const { t } = trial(image);
  assert.is(t.poll(1000, false), false);
  assert.is(t.poll(200000, true), false);
  assert.is(t.poll(700000, false), false);
  assert.equal([image.confirmed, image.rollbacks], [1, 0]);
});

test("one that is not stable at the window's end is rolled back (restart), once", () => {
  const image = new FakeImage();
  const { t, logs } = trial(image);
  assert.is(t.poll(599999, false), false);
  assert.is(t.poll(600000, false), true);
  assert.is(t.poll(700000, true), false);
  assert.equal([image.confirmed, image.rollbacks], [0, 1]);
  assert.match(logs.join("\n"), /not online and stable within 600 s\): rolling back/);
});

test("one that keeps dying at boot goes back at once; one quick boot is not yet a loop", () => {
  const a = new FakeImage();
  assert.is(trial(a).t.crashLooping(1), false);
  const b = new FakeImage();
  assert.is(trial(b).t.crashLooping(2), true);
  assert.is(b.rollbacks, 1);
});

test("no previous image: nothing to go back to, said in the log, no restart", () => {
  const image = new FakeImage();
  image.hasPrevious = false;
  const { t, logs } = trial(image);
  assert.is(t.poll(600000, false), false);
  assert.match(logs.join("\n"), /no previous one/);
});

test("a boot that is not a trial does nothing", () => {
  const image = new FakeImage();
  image.trial = false;
  const { t } = trial(image);
  assert.is(t.crashLooping(9), false);
  assert.is(t.poll(9e9, false), false);
  assert.is(t.poll(9e9, true), false);
  assert.equal([image.confirmed, image.rollbacks], [0, 0]);
});

test.run();
