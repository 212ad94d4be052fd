// Bursts of property sets through the whole firmware on the scripted EC600S, with a cloud
// that sends again every id it has no answer for once the device has gone quiet (its retry).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { firmwareRig } from "./rig";

const PUBEX = /^AT\+QMTPUBEX=0,\d+,\d,\d,"([^"]*)",\d+$/;
const MIN_SWITCH_MS = 300;

const setMessage = (id: string, value: number): string =>
  '{"method":"thing.service.property.set","id":"' + id + '","params":{"PowerSwitch_1":' + value + '},"version":"1.0.0"}';

interface Published {
  id: string;
  code?: number;
  params?: { PowerSwitch_1?: number };
}

/** The cloud's side: what it sent, and what came back, read from the module's publishes. */
class BurstCloud {
  readonly values = new Map<string, 0 | 1>();
  readonly answers = new Map<string, number[]>();
  replies = 0;
  lastApplied: 0 | 1 | null = null;
  lastPosted: unknown = null;
  private line = 0;
  private payload = 0;

  constructor(private readonly r: ReturnType<typeof firmwareRig>) {}

  send(id: string): void {
    this.r.receive(this.r.fw.topics.propertySet, setMessage(id, this.values.get(id)!));
  }

  /** Each AT+QMTPUBEX line in the journal whose payload has gone out. */
  read(): void {
    const r = this.r;
    for (; this.line < r.journal.length; this.line++) {
      const m = PUBEX.exec(r.journal[this.line]);
      if (!m) continue;
      if (this.payload >= r.sm.payloads.length) return;
      this.published(m[1], JSON.parse(r.sm.payloads[this.payload++]) as Published);
    }
  }

  /** The oldest ids without an answer, `window` of them. */
  retry(window: number): void {
    let sent = 0;
    for (const id of this.values.keys()) {
      if (sent === window) return;
      if (this.answers.has(id)) continue;
      this.send(id);
      sent++;
    }
  }

  private published(topic: string, body: Published): void {
    if (topic !== this.r.fw.topics.propertySetReply) {
      if (body.params?.PowerSwitch_1 !== undefined) this.lastPosted = body.params.PowerSwitch_1;
      return;
    }
    this.replies++;
    this.answers.set(body.id, [...(this.answers.get(body.id) ?? []), body.code!]);
    if (body.code === 200) this.lastApplied = this.values.get(body.id)!;
  }
}

/** `count` sets in one burst, then the cloud's retries until every id has an answer. */
function burst(count: number, window: number) {
  const r = firmwareRig({ config: { relayMinSwitchMs: MIN_SWITCH_MS } });
  r.boot();
  const start = r.sm.clock.t;
  const cloud = new BurstCloud(r);
  const quiet = (): boolean => !r.fw.client.pending && r.fw.status().queued === 0 && !r.fw.relay.switchPending;
  for (let i = 0; i < count; i++) {
    const id = String(5000000 + i);
    cloud.values.set(id, (i * 7) % 3 === 0 ? 1 : 0);
    cloud.send(id);
  }
  // Each round answers a few dozen ids; a firmware that stops answering fails fast, not slowly.
  for (let round = 0; cloud.answers.size < count && round < count / 8 + 10; round++) {
    for (let turn = 0; turn === 0 || (!quiet() && turn < 100); turn++) r.sm.run(200, 10);
    r.sm.run(200, 10); // the last +QMTPUBEX result
    cloud.read();
    cloud.retry(window);
  }
  r.sm.run(1000, 10);
  cloud.read();
  return { r, cloud, elapsed: r.sm.clock.t - start };
}

for (const [count, window] of [
  [40, 40],
  [100, 100],
  [10000, 200],
] as const) {
  test(`firmware, a burst of ${count} sets: each id answered once (200 or 429), relay rate-limited, ends and posts the last accepted value`, () => {
    const b = burst(count, window);
    const fw = b.r.fw;
    const cloud = b.cloud;
    assert.is(cloud.answers.size, count, "every id answered");
    assert.is(cloud.replies, count, "set_replies == distinct ids");
    const codes = [...cloud.answers.values()];
    for (const c of codes) assert.ok(c.length === 1 && (c[0] === 200 || c[0] === 429), c.join(","));
    const applied = codes.filter((c) => c[0] === 200).length;
    assert.is(fw.client.stats.setsApplied, applied);
    assert.is(fw.client.stats.setsBusy, count - applied);
    const changes = b.r.relay.changes;
    for (let k = 1; k < changes.length; k++) assert.ok(changes[k][0] - changes[k - 1][0] >= MIN_SWITCH_MS, "switches at " + changes[k - 1][0] + " and " + changes[k][0]);
    assert.ok(changes.length <= b.elapsed / MIN_SWITCH_MS + 1, changes.length + " switches in " + b.elapsed + " ms");
    assert.ok(cloud.lastApplied !== null);
    assert.is(b.r.relay.level, cloud.lastApplied, "the pin ends at the last accepted command");
    assert.is(fw.relay.value, cloud.lastApplied);
    assert.is(cloud.lastPosted, cloud.lastApplied, "and the last post reports it");
    assert.is(b.r.storage.values.relay, cloud.lastApplied, "and NVS holds it");
    assert.is(fw.client.pending, false);
  });
}

test("a set inside the switch interval: its 200 leaves only once the relay has switched and saved it", () => {
  const r = firmwareRig({ config: { relayMinSwitchMs: 2000 } });
  r.boot();
  r.sm.run(2000, 10); // the boot write started an interval too
  r.receive(r.fw.topics.propertySet, setMessage("1", 1));
  r.sm.run(500, 10);
  assert.is(r.relay.level, 1, "first switch: at once");
  const switchedAt = r.relay.changes[r.relay.changes.length - 1][0];
  r.receive(r.fw.topics.propertySet, setMessage("2", 0));
  r.sm.run(500, 10);
  assert.is(r.relay.level, 1, "held");
  const replies = (): string[] => r.published().filter((p) => p.topic === r.fw.topics.propertySetReply).map((p) => p.payload.id as string);
  assert.equal(replies(), ["1"], "no 200 for a switch that has not happened");
  r.sm.run(1500, 10);
  assert.is(r.relay.level, 0);
  assert.ok(r.relay.changes[r.relay.changes.length - 1][0] - switchedAt >= 2000);
  assert.is(r.storage.values.relay, 0);
  assert.equal(replies(), ["1", "2"]);
  const posts = r.published().filter((p) => p.topic === r.fw.topics.propertyPost);
  assert.equal(posts[posts.length - 1].payload.params, { PowerSwitch_1: 0 });
  assert.is(r.fw.status().app.relayHeld, 1);
});

test.run();
