import { test } from "uvu";
import * as assert from "uvu/assert";
import { Backoff } from "../../src/modem/backoff";
import { ScriptedModem } from "./scripted-modem";

test("each delay doubles the nominal one up to the cap, even a cap that is not a doubling of the minimum", () => {
  const top = new Backoff(1000, 120000, () => 1);
  const delays = Array.from({ length: 10 }, () => top.next());
  assert.equal(delays, [1000, 2000, 4000, 8000, 16000, 32000, 64000, 120000, 120000, 120000]);
});

test("equal jitter: no delay is sooner than half its nominal one", () => {
  const bottom = new Backoff(1000, 4000, () => 0);
  assert.equal([bottom.next(), bottom.next(), bottom.next(), bottom.next()], [500, 1000, 2000, 2000]);
});

test("reset() starts again from the minimum", () => {
  const b = new Backoff(1000, 120000, () => 1);
  b.next();
  b.next();
  b.next();
  b.reset();
  assert.is(b.next(), 1000);
});

/** From the link dropping to the module being told to close the client: the recovery's delay. */
function dropDelay(m: ScriptedModem): number {
  m.take();
  m.urc("+QMTSTAT: 0,1");
  m.run(m.latency);
  const dropped = m.clock.t;
  while (!m.commands.some((c) => c.startsWith("AT+QMTCLOSE"))) m.run(1, 1);
  const delay = m.clock.t - dropped;
  assert.ok(m.runUntilOnline(), m.modem.reason);
  return delay;
}

test("a link that stayed up for stableOnlineMs backs off from the bottom again when it drops; one that flaps keeps backing off", () => {
  const m = new ScriptedModem({ linkCheckMs: 1e9, backoffMinMs: 1000, stableOnlineMs: 60000 });
  m.modem.start();
  assert.ok(m.runUntilOnline());
  // random() is 0.5: three quarters of each nominal delay.
  assert.equal([dropDelay(m), dropDelay(m), dropDelay(m)], [750, 1500, 3000], "flapping: doubling");
  m.run(60000);
  assert.is(dropDelay(m), 750, "stable for a minute: from the bottom");
});

test.run();
