import { test } from "uvu";
import * as assert from "uvu/assert";
import type { RelayBootPolicy } from "../../src/app/config";
import { RELAY_KEY, Relay } from "../../src/app/relay";
import { FakePin, FakeStorage, memoryLog } from "./fakes";

/** Boot a relay on `storage` (the same object across reboots is the same NVS). */
function boot(storage: FakeStorage, policy: RelayBootPolicy): { relay: Relay; pin: FakePin } {
  const pin = new FakePin();
  return { relay: new Relay(pin, storage, policy, memoryLog()), pin };
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
  const relay = new Relay(pin, storage, "restore", log);
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

test.run();
