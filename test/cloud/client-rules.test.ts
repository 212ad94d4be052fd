// The client's storage rules and what it says about them, one rule per test: mutation testing
// (npm run mutate -- cloud) showed each of these could be broken with every other test green.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { PUBLISH_REPLY, PUBLISH_STATE, PUBLISH_TELEMETRY } from "../../src/cloud/client";
import { SEED_SET, payloadsOn, rig } from "./fakes";

const codes = (r: ReturnType<typeof rig>): Array<[unknown, unknown]> => payloadsOn(r.transport.sent, r.topics.propertySetReply).map((p) => [p.id, p.code]);

test("no more replies wait than ids are remembered: a short memory bounds the queue", () => {
  // 32 replies could wait by default, but only 4 ids are remembered: the queue holds 4, so
  // the 4th set is the first one short of room (429) and the rest are not taken at all.
  const r = rig({ rememberedSets: 4 });
  r.transport.accept = () => false;
  for (let id = 1; id <= 6; id++) r.set(r.setMessage(id, { PowerSwitch_1: id % 2 }));
  assert.equal(r.thing.switched, [1, 0, 1]);
  assert.equal([r.client.stats.setsApplied, r.client.stats.setsBusy, r.client.stats.setsDeferred], [3, 1, 2]);
  // Every waiting reply's id is still remembered: a retry of set 1 is not applied again,
  // nor answered twice (its answer is on its way).
  r.set(r.setMessage(1, { PowerSwitch_1: 1 }));
  assert.is(r.thing.switched.length, 3);
  assert.is(r.client.stats.setsRepeated, 1);
  r.transport.accept = () => true;
  r.client.flush();
  assert.equal(codes(r), [["1", 200], ["2", 200], ["3", 200], ["4", 429]]);
  const busy = payloadsOn(r.transport.sent, r.topics.propertySetReply)[3];
  assert.equal(busy, { id: "4", code: 429, data: {}, message: "too many requests" });
});

test("more replies than remembered ids are never kept, whatever pendingReplies asks", () => {
  const r = rig({ rememberedSets: 2, pendingReplies: 64 });
  r.transport.accept = () => false;
  for (let id = 1; id <= 4; id++) r.set(r.setMessage(id, { PowerSwitch_1: 1 }));
  // A queue of 2: set 1 is applied, set 2 (one slot left, a quarter of 2 rounds to 0) too, then none.
  assert.equal([r.client.stats.setsApplied, r.client.stats.setsDeferred], [2, 2]);
});

test("a set is judged after the replies that can leave have left", () => {
  const r = rig({ pendingReplies: 4 }); // the last slot only answers 429
  r.transport.accept = () => false;
  for (let id = 1; id <= 4; id++) r.set(r.setMessage(id, { PowerSwitch_1: id % 2 }));
  assert.equal([r.client.stats.setsApplied, r.client.stats.setsBusy], [3, 1]);
  // The modem can take messages again; nobody called flush() before the next set came.
  r.transport.accept = () => true;
  r.set(r.setMessage(5, { PowerSwitch_1: 1 }));
  assert.equal(codes(r), [["1", 200], ["2", 200], ["3", 200], ["4", 429], ["5", 200]]);
  assert.is(r.thing.switched.length, 4);
});

test("deferred sets are logged once per run: a second run after sets were taken again logs again", () => {
  const r = rig({ pendingReplies: 1 });
  const notTaken = (): string[] => r.log.lines.filter((l) => l.includes("not taken"));
  r.transport.accept = () => false;
  r.set(r.setMessage(1, { PowerSwitch_1: 1 }));
  r.set(r.setMessage(2, { PowerSwitch_1: 1 }));
  r.set(r.setMessage(3, { PowerSwitch_1: 1 }));
  assert.equal(notTaken(), ["warn: alink: set 2 and any more not taken until 1 waiting set_replies leave"]);
  r.transport.accept = () => true;
  r.set(r.setMessage(4, { PowerSwitch_1: 0 })); // taken: the run of deferrals is over
  r.transport.accept = () => false;
  r.set(r.setMessage(5, { PowerSwitch_1: 1 })); // applied: set 4's reply has left, the queue is empty
  r.set(r.setMessage(6, { PowerSwitch_1: 1 }));
  r.set(r.setMessage(7, { PowerSwitch_1: 1 }));
  assert.is(notTaken().length, 2);
  assert.match(notTaken()[1], "set 6 and any more");
  assert.is(r.client.stats.setsDeferred, 4);
});

test("pending: true while only a state post or only a reading waits", () => {
  const r = rig();
  r.transport.accept = () => false;
  r.client.postState();
  assert.is(r.client.pending, true, "a state post");
  r.transport.accept = () => true;
  r.client.flush();
  assert.is(r.client.pending, false);
  r.transport.accept = () => false;
  r.client.postTelemetry(20, 50);
  assert.is(r.client.pending, true, "a reading");
  r.transport.accept = () => true;
  r.client.flush();
  assert.is(r.client.pending, false);
});

test("pending: true while only a set_reply waits (a refused set posts nothing)", () => {
  const r = rig();
  r.transport.accept = () => false;
  r.set(r.setMessage("9", { Brightness: 1 }));
  assert.is(r.client.pending, true);
  r.transport.accept = () => true;
  r.client.flush();
  assert.is(r.client.pending, false);
});

test("publishRefused counts every refused offer, and a refusal stops the flush there", () => {
  const r = rig();
  r.transport.accept = () => false;
  r.set(SEED_SET); // the set's own flushes: before judging it (nothing waits yet), then after
  assert.is(r.client.stats.publishRefused, 1);
  assert.is(r.client.flush(), false);
  assert.is(r.client.stats.publishRefused, 2, "the reply was refused; the post behind it was not offered");
  assert.is(r.transport.offered, 2);
});

test("a refused state post holds back the reading behind it, and flush() says something is left", () => {
  const r = rig();
  r.transport.accept = (kind) => kind !== PUBLISH_STATE;
  r.client.postState();
  r.client.postTelemetry(20, 50);
  assert.is(r.client.flush(), false);
  assert.equal(r.transport.sent, [], "the reading does not overtake the state");
  r.transport.accept = () => true;
  assert.is(r.client.flush(), true);
  assert.equal(r.transport.sent.map((p) => p.kind), [PUBLISH_STATE, PUBLISH_TELEMETRY]);
});

test("the default number of awaited posts is 8", () => {
  const r = rig();
  for (let i = 0; i < 9; i++) r.client.postState();
  for (let id = 1; id <= 9; id++) r.client.onMessage(r.topics.propertyPostReply, '{"id":"' + id + '","code":200}');
  assert.equal([r.client.stats.postAccepted, r.client.stats.postUnknown], [8, 1]);
});

test("a set dropped for want of an id is logged with the reason", () => {
  const r = rig();
  r.set('{"params":{"PowerSwitch_1":1}}');
  r.set("{broken");
  assert.equal(r.log.lines, ["warn: alink: set dropped: missing or invalid id", "warn: alink: set dropped: not a JSON object, or too large or deep"]);
});

test("a refused set is logged with its id and the reason", () => {
  const r = rig();
  r.set(r.setMessage("31", { Brightness: 1 }));
  r.set('{"id":"32","params":[]}');
  assert.equal(r.log.lines, ["warn: alink: set 31 refused: unknown property Brightness", "warn: alink: set 32 refused: params is not an object"]);
});

test("a thing that reports no valid switch state: an error line, and no post", () => {
  const r = rig();
  r.thing.value = 2 as 0 | 1;
  r.client.postState();
  assert.equal(r.log.lines, ["error: alink: the thing reports no valid switch state"]);
  assert.equal(r.transport.sent, []);
  assert.is(r.client.pending, false);
});

test("an implausible reading is logged with what was read", () => {
  const r = rig();
  r.client.postTelemetry(200, 50);
  assert.equal(r.log.lines, ["warn: alink: implausible reading 200 C 50 %RH"]);
});

test("a rejected post is logged with its id and code", () => {
  const r = rig();
  r.client.postState();
  r.client.onMessage(r.topics.propertyPostReply, '{"id":"1","code":6106}');
  assert.equal(r.log.lines, ["warn: alink: post 1 rejected with code 6106"]);
});

test("replies keep their kind: a set_reply goes out as PUBLISH_REPLY", () => {
  const r = rig();
  r.set(SEED_SET);
  assert.is(r.transport.sent[0].kind, PUBLISH_REPLY);
});

test.run();
