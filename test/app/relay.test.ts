import { test } from "uvu";
import * as assert from "uvu/assert";
import type { RelayBootPolicy } from "../../src/app/config";
import { RELAY_KEY, Relay } from "../../src/app/relay";
import { FakeClock, FakePin, FakeStorage, memoryLog } from "./fakes";

/** Boot a relay on `storage` (the same object across reboots is the same NVS); no least switch interval unless given. */
function boot(storage: FakeStorage, policy: RelayBootPolicy, minSwitchMs = 0): { relay: Relay; pin: FakePin; clock: FakeClock } {
  const pin = new FakePin();
  const clock = new FakeClock();
  clock.t = 1000;
  return { relay: new Relay({ pin, storage, policy, log: memoryLog(), clock, minSwitchMs }), pin, clock };
}

/** Switch and let the next poll save it. */
function switchTo(relay: Relay, value: 0 | 1): void {
  relay.set(value);
  relay.poll();
}

test("the key fits NVS", () => {
  assert.ok(RELAY_KEY.length >= 1 && RELAY_KEY.length <= 15);
});

test("set() drives the pin before it returns; the state is saved on the next poll, not in the same turn", () => {
  const storage = new FakeStorage();
  const { relay, pin } = boot(storage, "restore");
  assert.equal(pin.writes, [0]);
  assert.is(relay.set(1), true);
  assert.is(pin.level, 1);
  assert.is(storage.values[RELAY_KEY], 0);
  relay.poll();
  assert.is(storage.values[RELAY_KEY], 1);
  assert.is(relay.value, 1);
  assert.is(relay.switches, 1);
});

test("an unchanged set re-drives the pin but does not write NVS again", () => {
  const storage = new FakeStorage();
  const { relay, pin } = boot(storage, "restore");
  relay.set(1);
  relay.poll();
  const writes = storage.writes;
  assert.is(relay.set(1), false);
  relay.poll();
  assert.is(storage.writes, writes);
  assert.equal(pin.writes, [0, 1, 1]);
  assert.is(relay.switches, 1);
});

test("restore: the state before the reboot comes back", () => {
  const storage = new FakeStorage();
  switchTo(boot(storage, "restore").relay, 1);
  const after = boot(storage, "restore");
  assert.is(after.relay.value, 1);
  assert.equal(after.pin.writes, [1]);
  switchTo(after.relay, 0);
  const again = boot(storage, "restore");
  assert.is(again.relay.value, 0);
  assert.equal(again.pin.writes, [0]);
});

test("restore on a fresh device, or with garbage stored, is off", () => {
  assert.is(boot(new FakeStorage(), "restore").relay.value, 0);
  const storage = new FakeStorage();
  storage.values[RELAY_KEY] = 7;
  const { relay, pin } = boot(storage, "restore");
  assert.is(relay.value, 0);
  assert.equal(pin.writes, [0]);
});

test("off and on ignore what was stored, and store what they applied", () => {
  const storage = new FakeStorage();
  switchTo(boot(storage, "restore").relay, 1);
  const off = boot(storage, "off");
  assert.is(off.relay.value, 0);
  assert.equal(off.pin.writes, [0]);
  assert.is(storage.values[RELAY_KEY], 0);
  const on = boot(storage, "on");
  assert.is(on.relay.value, 1);
  assert.equal(on.pin.writes, [1]);
  assert.is(boot(storage, "restore").relay.value, 1);
});

test("toggle flips the state", () => {
  const { relay, pin } = boot(new FakeStorage(), "off");
  assert.is(relay.toggle(), 1);
  assert.is(relay.toggle(), 0);
  assert.equal(pin.writes, [0, 1, 0]);
});

test("a failing NVS does not stop the relay; the write is retried on the next change", () => {
  const storage = new FakeStorage();
  const log = memoryLog();
  const pin = new FakePin();
  const relay = new Relay({ pin, storage, policy: "restore", log, clock: new FakeClock(), minSwitchMs: 0 });
  storage.failWrites = true;
  switchTo(relay, 1);
  assert.is(pin.level, 1);
  assert.is(relay.persistFailures, 1);
  assert.match(log.lines.join("\n"), "cannot save state");
  relay.poll();
  relay.poll();
  assert.is(relay.persistFailures, 1, "not retried on every poll");
  storage.failWrites = false;
  switchTo(relay, 0);
  switchTo(relay, 1);
  assert.is(storage.values[RELAY_KEY], 1);
});

// --- chatter protection --------------------------------------------------------------------

test("the pin switches at most once per interval; a command inside it is held, then applied by poll", () => {
  const { relay, pin, clock } = boot(new FakeStorage(), "off", 300);
  assert.is(relay.set(1), true);
  assert.equal(pin.writes, [0], "the boot write starts the interval too");
  assert.is(relay.value, 1, "the command is what the relay reports");
  assert.is(relay.pinLevel, 0);
  assert.is(relay.switchPending, true);
  clock.t += 299;
  assert.is(relay.poll(), false);
  assert.equal(pin.writes, [0]);
  clock.t += 1;
  assert.is(relay.poll(), true);
  assert.equal(pin.writes, [0, 1]);
  assert.is(relay.switchPending, false);
  assert.is(relay.poll(), false, "switched once");
  assert.equal([relay.switches, relay.held], [1, 1]);
});

test("the latest command wins; one back to the pin's level cancels the held switch", () => {
  const { relay, pin, clock } = boot(new FakeStorage(), "off", 300);
  clock.t += 300;
  relay.set(1);
  assert.equal(pin.writes, [0, 1], "due: at once");
  relay.set(0);
  relay.set(1);
  relay.set(0);
  clock.t += 300;
  relay.poll();
  assert.equal(pin.writes, [0, 1, 1, 0], "held 0, re-driven 1 (its level), held 0, switched once");
  relay.set(1);
  relay.set(0); // back to the pin's level before the interval is over: no switch at all
  clock.t += 1000;
  relay.poll();
  assert.equal(pin.writes, [0, 1, 1, 0, 0], "the cancelling command re-drives the same level, never the other");
  assert.is(relay.value, 0);
  assert.is(relay.switches, 2);
});

test("a held command is saved only once the pin has switched", () => {
  const storage = new FakeStorage();
  const { relay, clock } = boot(storage, "restore", 300);
  relay.set(1);
  relay.poll();
  assert.is(storage.values[RELAY_KEY], 0);
  clock.t += 300;
  relay.poll();
  assert.is(storage.values[RELAY_KEY], 1);
});

test("a burst of 10,000 alternating commands: switches spaced by the interval, the pin ends at the last", () => {
  const { relay, pin, clock } = boot(new FakeStorage(), "off", 250);
  const times: number[] = [];
  let last = pin.writes.length;
  for (let i = 0; i < 10000; i++) {
    relay.set(i % 3 === 0 ? 1 : 0);
    clock.t += 1;
    relay.poll();
    if (pin.level !== pin.writes[last - 1]) times.push(clock.t);
    last = pin.writes.length;
  }
  clock.t += 250;
  relay.poll();
  assert.is(pin.level, relay.value);
  assert.is(relay.value, 9999 % 3 === 0 ? 1 : 0);
  for (let k = 1; k < times.length; k++) assert.ok(times[k] - times[k - 1] >= 250, "switches " + times[k - 1] + " and " + times[k]);
  assert.ok(relay.switches <= 10000 / 250 + 1, relay.switches + " switches");
});

test.run();
