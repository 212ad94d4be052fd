/**
 * LocalTimer and CountDown sets through the client: a LocalTimer list is read one entry per
 * poll, and its set is answered (exactly once) only when the last entry has been read.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { AlinkClient, AlinkClientOptions } from "../../src/cloud/client";
import { PlainMqttProfile } from "../../src/cloud/plain-mqtt";
import { ONE_GANG } from "../../src/cloud/thing-model";
import { CountDownSet, encodeLocalTimer, TimerEntry, TimerThing } from "../../src/cloud/timer-model";
import { memoryLog, payloadsOn, rig } from "./fakes";

const ENTRY = { Timer: "43 10 * * 1,2,3", Enable: 1, IsValid: 1, Targets: "PowerSwitch_1", TimezoneOffset: 28800, PowerSwitch: 1 };
const ENTRY_8 = { ...ENTRY, Timer: "0 8 * * *" };
const ENTRY_9 = { ...ENTRY, Timer: "0 9 * * *" };

class FakeTimers implements TimerThing {
  entries: TimerEntry[] | null = null;
  countDowns: CountDownSet[] = [];
  members = "";
  posted = 0;
  setLocalTimer(entries: TimerEntry[]): void {
    this.entries = entries;
  }
  setCountDown(set: CountDownSet): void {
    this.countDowns.push(set);
    this.members = ',"CountDown":{"IsRunning":' + set.isRunning + "}";
  }
  localTimerJson(): string {
    const e = this.entries ?? [];
    return encodeLocalTimer(e, e.length);
  }
  stateMembers(): string {
    return this.members;
  }
  statePosted(): void {
    this.posted++;
    this.members = "";
  }
}

function timerRig(options: Partial<AlinkClientOptions> = {}) {
  const r = rig();
  const timers = new FakeTimers();
  // The client reads the thing's timers when it is made.
  const client = new AlinkClient({ transport: r.transport, thing: Object.assign(r.thing, { timers }), log: r.log, topics: r.topics, ...options });
  const set = (payload: string): void => client.onMessage(r.topics.propertySet, payload);
  const replies = () => payloadsOn(r.transport.sent, r.topics.propertySetReply);
  const posts = () => payloadsOn(r.transport.sent, r.topics.propertyPost);
  return { ...r, client, set, timers, replies, posts };
}

test("a LocalTimer set of three entries is answered 200 on the third poll, not before, and applied then", () => {
  const r = timerRig();
  r.set(r.setMessage("80", { LocalTimer: [ENTRY, ENTRY_8, ENTRY_9] }));
  assert.equal(r.replies(), [], "no answer before its entries are read");
  assert.is(r.timers.entries, null);
  assert.is(r.client.pending, true, "the set being read is pending");
  r.client.poll();
  r.client.poll();
  r.client.flush();
  assert.equal(r.replies(), []);
  assert.is(r.timers.entries, null, "not applied before its last entry is read");
  r.client.poll();
  r.client.flush();
  assert.equal(r.replies(), [{ id: "80", code: 200, data: {} }]);
  assert.equal(r.timers.entries?.map((e) => e.timer), ["43 10 * * 1,2,3", "0 8 * * *", "0 9 * * *"]);
  assert.is(r.client.stats.setsApplied, 1);
  r.client.poll();
  r.client.flush();
  assert.is(r.replies().length, 1, "answered once");
  assert.is(r.client.pending, false);
});

test("a LocalTimer-only set: the reply, then the schedules posted, and no switch state post", () => {
  const r = timerRig();
  r.set(r.setMessage("81", { LocalTimer: [ENTRY] }));
  r.client.poll();
  r.client.flush();
  assert.equal(r.journal, ["publish set_reply", "publish post"]);
  const posts = r.posts();
  assert.equal(posts.map((p) => p.params), [{ LocalTimer: [ENTRY] }]);
});

test("CountDown in a LocalTimer set is applied with it once the list is read", () => {
  const r = timerRig();
  r.set(r.setMessage("82", { LocalTimer: [ENTRY], CountDown: { IsRunning: 1, TimeLeft: 60, PowerSwitch: 1 } }));
  assert.equal(r.timers.countDowns, []);
  r.client.poll();
  r.client.flush();
  assert.equal(r.replies(), [{ id: "82", code: 200, data: {} }]);
  assert.equal(r.timers.countDowns.map((c) => [c.isRunning, c.timeLeft, c.power]), [[1, 60, 1]]);
});

test("an empty LocalTimer list clears the schedules at once, with no poll", () => {
  const r = timerRig();
  r.set(r.setMessage("83", { LocalTimer: [] }));
  assert.equal(r.replies(), [{ id: "83", code: 200, data: {} }]);
  assert.equal(r.timers.entries, []);
  assert.is(r.client.pending, false);
});

test("a LocalTimer that is not a list, or too long a list, is refused 460 at once, naming why", () => {
  const r = timerRig();
  r.set(r.setMessage("84", { LocalTimer: "43 10 * * *" }));
  r.set(r.setMessage("85", { LocalTimer: 5 }));
  r.set(r.setMessage("86", { LocalTimer: [ENTRY, ENTRY, ENTRY, ENTRY, ENTRY, ENTRY] }));
  assert.equal(r.replies(), [
    { id: "84", code: 460, data: {}, message: "LocalTimer must be an array" },
    { id: "85", code: 460, data: {}, message: "LocalTimer must be an array" },
    { id: "86", code: 460, data: {}, message: "LocalTimer holds at most 5 entries" },
  ]);
  assert.is(r.timers.entries, null);
  assert.is(r.client.pending, false);
});

test("a second LocalTimer set while one is read is answered 429 once and not applied; the first is answered 200 once", () => {
  const r = timerRig();
  r.set(r.setMessage("87", { LocalTimer: [ENTRY, ENTRY_8] }));
  r.set(r.setMessage("88", { LocalTimer: [ENTRY_9] }));
  assert.equal(r.replies(), [{ id: "88", code: 429, data: {}, message: "too many requests" }]);
  for (let i = 0; i < 4; i++) {
    r.client.poll();
    r.client.flush();
  }
  assert.equal(r.replies(), [
    { id: "88", code: 429, data: {}, message: "too many requests" },
    { id: "87", code: 200, data: {} },
  ]);
  assert.equal(r.timers.entries?.map((e) => e.timer), ["43 10 * * 1,2,3", "0 8 * * *"]);
  assert.is(r.client.stats.setsApplied, 1);
  assert.is(r.client.stats.setsBusy, 1);
});

test("while a LocalTimer set is read, a switch set with another id is applied and answered at once", () => {
  const r = timerRig();
  r.set(r.setMessage("89", { LocalTimer: [ENTRY, ENTRY_8] }));
  r.set(r.setMessage("90", { PowerSwitch_1: 1 }));
  assert.equal(r.thing.switched, [1]);
  assert.equal(r.replies(), [{ id: "90", code: 200, data: {} }]);
  r.set(r.setMessage("89", { LocalTimer: [ENTRY, ENTRY_8] }));
  assert.is(r.client.stats.setsRepeated, 1, "the retry of the set being read waits for its answer");
  r.client.poll();
  r.client.poll();
  r.client.flush();
  assert.equal(r.replies().map((p) => p.id), ["90", "89"]);
});

test("the countdown goes out with the state post, and the thing hears it went only once the transport took that post", () => {
  const r = timerRig();
  r.client.postState();
  assert.is(r.timers.posted, 0, "a state post without members tells the thing nothing");
  r.transport.accept = () => false;
  r.set(r.setMessage("94", { CountDown: { IsRunning: 1, TimeLeft: 60, PowerSwitch: 1 } }));
  r.client.flush();
  assert.is(r.timers.posted, 0, "not while the post waits");
  r.transport.accept = () => true;
  r.client.flush();
  assert.is(r.timers.posted, 1);
  r.client.flush();
  r.client.postState();
  r.client.flush();
  assert.is(r.timers.posted, 1, "once: neither a later flush nor a post without members repeats it");
  assert.equal(r.posts().map((p) => p.params), [{ PowerSwitch_1: 0 }, { PowerSwitch_1: 0, CountDown: { IsRunning: 1 } }, { PowerSwitch_1: 0 }]);
});

for (const pendingReplies of [1, 2, 3, 4, 8]) test(`a LocalTimer set keeps room for its answer while it is read: sets meanwhile fill the queue only up to it (${pendingReplies} replies)`, () => {
  const r = timerRig({ pendingReplies });
  r.transport.accept = () => false;
  r.set(r.setMessage("100", { LocalTimer: [ENTRY, ENTRY_8] }));
  for (let id = 101; id <= 101 + pendingReplies; id++) r.set(r.setMessage(id, { PowerSwitch_1: id % 2 }));
  for (let i = 0; i < 3; i++) {
    r.client.poll();
    r.client.flush();
  }
  r.transport.accept = () => true;
  r.client.flush();
  const replies = r.replies();
  assert.ok(r.timers.entries !== null, "the LocalTimer set was applied");
  assert.equal(replies.filter((p) => p.id === "100"), [{ id: "100", code: 200, data: {} }], "and answered");
  // Every set applied was answered, once.
  assert.is(r.client.stats.setsApplied, replies.filter((p) => p.code === 200).length);
  assert.is(new Set(replies.map((p) => p.id)).size, replies.length);
  assert.is(r.client.pending, false);
});

test("pending: true while only the schedules' post waits", () => {
  const r = timerRig();
  r.transport.accept = () => false;
  r.client.postTimers();
  assert.is(r.client.pending, true);
  r.transport.accept = () => true;
  assert.is(r.client.flush(), true);
  assert.equal(r.posts().map((p) => p.params), [{ LocalTimer: [] }]);
  assert.is(r.client.pending, false);
});

test("a thing without timers: LocalTimer and CountDown are unknown properties, and there are no schedules to post", () => {
  const r = rig();
  r.set(r.setMessage("91", { LocalTimer: [ENTRY] }));
  r.set(r.setMessage("92", { CountDown: { IsRunning: 1, TimeLeft: 60, PowerSwitch: 1 } }));
  assert.equal(payloadsOn(r.transport.sent, r.topics.propertySetReply), [
    { id: "91", code: 460, data: {}, message: "unknown property LocalTimer" },
    { id: "92", code: 460, data: {}, message: "unknown property CountDown" },
  ]);
  r.client.postTimers();
  assert.equal(payloadsOn(r.transport.sent, r.topics.propertyPost), []);
  assert.is(r.client.pending, false);
});

test("on another cloud than Aliyun the thing's timers are not the cloud's: LocalTimer is an unknown property", () => {
  const r = rig();
  const thing = Object.assign(r.thing, { timers: new FakeTimers() });
  const profile = new PlainMqttProfile({ host: "broker.example", port: 1883, tls: false, clientId: "c", username: "", password: "", prefix: "sw" }, ONE_GANG);
  const log = memoryLog();
  const client = new AlinkClient({ transport: r.transport, thing, log, profile });
  client.onMessage("sw/set", JSON.stringify({ id: "93", LocalTimer: [ENTRY] }));
  assert.equal(r.transport.sent.map((m) => JSON.parse(m.payload) as unknown), [{ id: "93", code: 400, message: "unknown property LocalTimer" }]);
  assert.equal(log.lines, ["warn: mqtt: set 93 refused: unknown property LocalTimer"]);
});

test("a client made with neither a profile nor Aliyun topics is refused", () => {
  const r = rig();
  assert.throws(() => new AlinkClient({ transport: r.transport, thing: r.thing, log: r.log }), /^cloud: a client needs a profile or Aliyun topics$/);
});

test.run();
