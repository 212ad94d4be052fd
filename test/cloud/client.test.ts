import { test } from "uvu";
import * as assert from "uvu/assert";
import { PUBLISH_REPLY, PUBLISH_STATE, PUBLISH_TELEMETRY } from "../../src/cloud/client";
import { AlinkIds } from "../../src/cloud/ids";
import { AlinkTopics } from "../../src/cloud/topics";
import { DN, PK, SEED_SET, payloadsOn, rig } from "./fakes";

const POST = "thing.event.property.post";

test("the seed's set: relay, then set_reply, then the new state is posted", () => {
  const r = rig();
  r.set(SEED_SET);
  assert.equal(r.journal, ["relay 1", "publish set_reply", "publish post"]);
  const [reply, post] = r.transport.take();
  assert.equal(reply, { topic: r.topics.propertySetReply, payload: '{"id":"220958108","code":200,"data":{}}', kind: PUBLISH_REPLY });
  assert.is(post.topic, r.topics.propertyPost);
  assert.is(post.kind, PUBLISH_STATE);
  assert.equal(JSON.parse(post.payload), { id: "1", version: "1.0", params: { PowerSwitch_1: 1 }, method: POST });
  assert.is(r.client.stats.setsApplied, 1);
  assert.is(r.client.pending, false);
});

test("a repeated id is answered again with the same code and switches once", () => {
  const r = rig();
  r.set(SEED_SET);
  r.thing.value = 0; // someone pressed the button meanwhile; a retry must not undo that
  r.set(SEED_SET);
  assert.equal(r.thing.switched, [1]);
  assert.equal(r.journal, ["relay 1", "publish set_reply", "publish post", "publish set_reply"]);
  const replies = payloadsOn(r.transport.sent, r.topics.propertySetReply);
  assert.equal(replies, [{ id: "220958108", code: 200, data: {} }, { id: "220958108", code: 200, data: {} }]);
  assert.is(r.client.stats.setsApplied, 1);
  assert.is(r.client.stats.setsRepeated, 1);
});

test("a repeated id is recognised even with other content, as a number or a string", () => {
  const r = rig();
  r.set(r.setMessage(77, { PowerSwitch_1: 1 }));
  r.set(r.setMessage("77", { PowerSwitch_1: 0 }));
  assert.equal(r.thing.switched, [1]);
  assert.is(r.client.stats.setsRepeated, 1);
});

test("a refused set is refused again with the same message when repeated", () => {
  const r = rig();
  const bad = r.setMessage("9", { Brightness: 3 });
  r.set(bad);
  r.set(bad);
  const expected = { id: "9", code: 460, data: {}, message: "unknown property Brightness" };
  assert.equal(payloadsOn(r.transport.sent, r.topics.propertySetReply), [expected, expected]);
  assert.is(r.client.stats.setsRejected, 1);
  assert.is(r.client.stats.setsRepeated, 1);
});

test("only the last N ids are remembered", () => {
  const r = rig({ rememberedSets: 4 });
  for (let id = 1; id <= 5; id++) r.set(r.setMessage(id, { PowerSwitch_1: id % 2 }));
  r.set(r.setMessage(2, { PowerSwitch_1: 0 })); // still remembered
  r.set(r.setMessage(1, { PowerSwitch_1: 1 })); // forgotten: applied again
  assert.equal(r.thing.switched, [1, 0, 1, 0, 1, 1]);
  assert.is(r.client.stats.setsRepeated, 1);
});

test("the default memory holds 32 ids", () => {
  const r = rig();
  for (let id = 1; id <= 32; id++) r.set(r.setMessage(id, { PowerSwitch_1: 1 }));
  r.set(r.setMessage(1, { PowerSwitch_1: 1 }));
  assert.is(r.client.stats.setsRepeated, 1);
  r.set(r.setMessage(33, { PowerSwitch_1: 1 }));
  r.set(r.setMessage(1, { PowerSwitch_1: 1 }));
  assert.is(r.client.stats.setsApplied, 34);
});

test("a set whose switching threw is not remembered, so the cloud's retry applies it", () => {
  const r = rig();
  const relay = r.thing.setPowerSwitch.bind(r.thing);
  r.thing.setPowerSwitch = () => {
    throw new Error("relay driver");
  };
  assert.throws(() => r.set(SEED_SET), /relay driver/);
  assert.equal(r.transport.sent, []);
  r.thing.setPowerSwitch = relay;
  r.set(SEED_SET);
  assert.equal(r.thing.switched, [1]);
  assert.equal(payloadsOn(r.transport.sent, r.topics.propertySetReply), [{ id: "220958108", code: 200, data: {} }]);
  assert.is(r.client.stats.setsRepeated, 0);
});

test("unknown, read-only and mistyped properties: 460, nothing changes, no post", () => {
  const cases: [unknown, string][] = [
    [{ PowerSwitch_1: 1, Brightness: 3 }, "unknown property Brightness"],
    [{ CurrentTemperature: 30 }, "CurrentTemperature is read-only"],
    [{ PowerSwitch_1: "1" }, "PowerSwitch_1 must be 0 or 1"],
    [{ PowerSwitch_1: 2 }, "PowerSwitch_1 must be 0 or 1"],
    [{ PowerSwitch_1: null }, "PowerSwitch_1 must be 0 or 1"],
    [{}, "no properties to set"],
  ];
  cases.forEach(([params, message], i) => {
    const r = rig();
    r.set(r.setMessage(String(100 + i), params));
    assert.equal(r.thing.switched, [], message);
    assert.equal(r.transport.sent.map((p) => p.topic), [r.topics.propertySetReply], message);
    assert.equal(JSON.parse(r.transport.sent[0].payload), { id: String(100 + i), code: 460, data: {}, message });
    assert.is(r.client.stats.setsRejected, 1);
  });
});

test("__proto__ in params is an unknown property and pollutes nothing", () => {
  const r = rig();
  r.set('{"id":"3","params":{"__proto__":{"PowerSwitch_1":1}}}');
  r.set('{"id":"4","params":{"constructor":{"prototype":{"PowerSwitch_1":1}}}}');
  assert.equal(r.thing.switched, []);
  assert.equal(
    payloadsOn(r.transport.sent, r.topics.propertySetReply).map((p) => p.code),
    [460, 460],
  );
  assert.is(({} as Record<string, unknown>).PowerSwitch_1, undefined);
});

test("a malformed set with an id gets a 460; without one it is dropped and logged", () => {
  const r = rig();
  r.set('{"id":"12","params":[1]}');
  assert.equal(payloadsOn(r.transport.take(), r.topics.propertySetReply), [{ id: "12", code: 460, data: {}, message: "params is not an object" }]);
  for (const bad of ['{"method":"thing.service.property.set","id":"22', "", "null", '{"params":{"PowerSwitch_1":1}}', JSON.stringify({ id: "1".repeat(40), params: { PowerSwitch_1: 1 } })]) {
    r.set(bad);
  }
  assert.equal(r.transport.sent, []);
  assert.equal(r.thing.switched, []);
  assert.is(r.client.stats.malformed, 6);
  assert.is(r.log.lines.filter((l) => l.includes("dropped")).length, 5);
});

/** A valid set of about `size` characters: the seed's set padded with a long string member. */
function oversizeSet(id: string, size: number): string {
  const base = '{"method":"thing.service.property.set","id":"' + id + '","params":{"PowerSwitch_1":1},"version":"1.0.0","pad":""}';
  return base.replace('"pad":""', '"pad":"' + "x".repeat(size - base.length) + '"');
}

test("oversize but valid sets (1,100 / 1,500 / 4,000 characters) are answered 460 and switch nothing", () => {
  const r = rig();
  for (const [id, size] of [["1100", 1100], ["1500", 1500], ["4000", 4000]] as const) {
    const message = oversizeSet(id, size);
    assert.is(message.length, size);
    r.set(message);
  }
  assert.equal(r.thing.switched, []);
  const replies = payloadsOn(r.transport.sent, r.topics.propertySetReply);
  assert.equal(replies.map((p) => [p.id, p.code]), [["1100", 460], ["1500", 460], ["4000", 460]]);
  assert.match(String(replies[0].message), "1024");
  assert.is(r.client.stats.malformed, 3);
  r.set(oversizeSet("1500", 1500)); // the cloud's retry gets the same answer
  assert.equal(payloadsOn(r.transport.sent, r.topics.propertySetReply).map((p) => p.code), [460, 460, 460, 460]);
  assert.is(r.client.stats.setsRepeated, 1);
});

test("an oversize set with its id after the params, or a numeric id, is still answered", () => {
  const r = rig();
  const pad = "y".repeat(2000);
  r.set('{"params":{"PowerSwitch_1":1,"note":"' + pad + '","id":"inner"},"id":4294967295}');
  // Nested ids and an id inside a string (escaped quotes included) are not the message's id.
  r.set('  {"params":{"x":[{"id":"no"}],"s":' + JSON.stringify('\\"id":"7"' + pad) + '} , "id" : "77"}');
  assert.equal(payloadsOn(r.transport.sent, r.topics.propertySetReply).map((p) => [p.id, p.code]), [["4294967295", 460], ["77", 460]]);
  assert.equal(r.thing.switched, []);
});

test("true and false switch the relay", () => {
  const r = rig();
  r.set(r.setMessage("1", { PowerSwitch_1: true }));
  r.set(r.setMessage("2", { PowerSwitch_1: false }));
  assert.equal(r.thing.switched, [1, 0]);
});

test("messages on other topics are ignored", () => {
  const r = rig();
  const other = new AlinkTopics(PK, "co_0002");
  const topics = [
    other.propertySet,
    r.topics.propertySet + "/x",
    r.topics.propertySetReply,
    r.topics.propertyPost,
    "/sys/" + PK + "/" + DN + "/thing/service/property/get",
    "",
  ];
  for (const t of topics) r.client.onMessage(t, SEED_SET);
  assert.equal(r.thing.switched, []);
  assert.equal(r.transport.sent, []);
  assert.is(r.client.stats.ignored, topics.length);
});

test("a refused reply is kept and sent on flush, before the post", () => {
  const r = rig();
  r.transport.accept = () => false;
  r.set(SEED_SET);
  assert.equal(r.thing.switched, [1], "the relay does not wait for the queue");
  assert.equal(r.transport.sent, []);
  assert.ok(r.client.pending);
  assert.is(r.client.flush(), false);
  r.set(SEED_SET); // the cloud retries meanwhile
  assert.equal(r.thing.switched, [1]);
  r.transport.accept = () => true;
  assert.is(r.client.flush(), true);
  assert.equal(r.journal, ["relay 1", "publish set_reply", "publish post"]);
  assert.is(r.client.pending, false);
  assert.is(r.client.flush(), true);
  assert.is(r.transport.sent.length, 2, "nothing is sent twice");
});

test("the post waits while the reply is refused", () => {
  const r = rig();
  r.transport.accept = (kind) => kind !== PUBLISH_REPLY;
  r.set(SEED_SET);
  r.client.flush();
  assert.equal(r.transport.sent, []);
  r.transport.accept = () => true;
  r.client.flush();
  assert.equal(r.transport.sent.map((p) => p.kind), [PUBLISH_REPLY, PUBLISH_STATE]);
});

test("pending replies leave in the order the sets came", () => {
  const r = rig();
  r.transport.accept = () => false;
  for (const id of ["5", "3", "9"]) r.set(r.setMessage(id, { PowerSwitch_1: 1 }));
  r.set(r.setMessage("3", { PowerSwitch_1: 1 }));
  r.transport.accept = () => true;
  r.client.flush();
  assert.equal(payloadsOn(r.transport.sent, r.topics.propertySetReply).map((p) => p.id), ["5", "3", "9"]);
  assert.is(payloadsOn(r.transport.sent, r.topics.propertyPost).length, 1, "one post of the latest state");
});

test("short of room for replies, sets are refused: 429 while an answer can be kept, then not applied at all", () => {
  const r = rig({ pendingReplies: 8 }); // the last 2 slots only answer 429
  r.transport.accept = () => false;
  for (let id = 1; id <= 10; id++) r.set(r.setMessage(id, { PowerSwitch_1: id % 2 }));
  assert.equal(r.thing.switched, [1, 0, 1, 0, 1, 0], "sets 1-6 applied");
  assert.equal([r.client.stats.setsApplied, r.client.stats.setsBusy, r.client.stats.setsDeferred], [6, 2, 2]);
  assert.is(r.log.lines.filter((l) => l.includes("not taken")).length, 1, "one line per run of deferred sets");
  r.set(r.setMessage(7, { PowerSwitch_1: 1 })); // a retry while its 429 waits: the 429 answers it
  r.set(r.setMessage(3, { PowerSwitch_1: 1 })); // a retry while its 200 waits
  r.transport.accept = () => true;
  r.client.flush();
  const replies = payloadsOn(r.transport.take(), r.topics.propertySetReply);
  assert.equal(replies.map((p) => [p.id, p.code]), [["1", 200], ["2", 200], ["3", 200], ["4", 200], ["5", 200], ["6", 200], ["7", 429], ["8", 429]]);
  // The cloud's retries of the refused and the unanswered sets are applied now.
  for (const id of [7, 8, 9, 10]) r.set(r.setMessage(id, { PowerSwitch_1: 1 }));
  assert.equal(payloadsOn(r.transport.sent, r.topics.propertySetReply).map((p) => [p.id, p.code]), [["7", 200], ["8", 200], ["9", 200], ["10", 200]]);
  assert.equal(r.thing.switched.length, 10);
});

test("a retry of an answered set while the queue is full is not answered and not applied", () => {
  const r = rig({ pendingReplies: 1 });
  r.set(SEED_SET);
  r.transport.accept = () => false;
  r.set(r.setMessage("2", { PowerSwitch_1: 0 }));
  r.set(SEED_SET);
  assert.equal(r.thing.switched, [1, 0]);
  assert.equal([r.client.stats.setsRepeated, r.client.stats.setsDeferred], [0, 1]);
  r.transport.accept = () => true;
  r.client.flush();
  assert.equal(payloadsOn(r.transport.sent, r.topics.propertySetReply).map((p) => p.id), ["220958108", "2"]);
});

test("no reply or post leaves while the thing has a switch pending", () => {
  const r = rig();
  r.thing.pending = true;
  r.set(SEED_SET);
  r.client.postTelemetry(20, 50);
  assert.equal(r.transport.sent, []);
  assert.is(r.client.flush(), false);
  r.thing.pending = false;
  assert.is(r.client.flush(), true);
  assert.equal(r.transport.sent.map((p) => p.kind), [PUBLISH_REPLY, PUBLISH_STATE, PUBLISH_TELEMETRY]);
});

/**
 * A modem-like transport: at most `slots` messages in flight, one leaving per turn. The cloud sends `count` sets in one burst, then, whenever the device has gone quiet,
 * sends again the oldest `window` ids it has no answer for (its retry), until each has one.
 */
function burst(count: number, options: { slots: number; window: number }) {
  const r = rig();
  let inFlight = 0;
  r.transport.accept = () => inFlight < options.slots && (inFlight++, true);
  const answers = new Map<string, number[]>();
  const values = new Map<string, 0 | 1>();
  const state = { lastApplied: null as 0 | 1 | null, replies: 0, lastPosted: null as unknown };
  const send = (id: string): void => r.set(r.setMessage(id, { PowerSwitch_1: values.get(id) }));
  const drain = (): void => {
    const sent = r.transport.take();
    for (const post of payloadsOn(sent, r.topics.propertyPost)) state.lastPosted = (post.params as { PowerSwitch_1: number }).PowerSwitch_1;
    for (const reply of payloadsOn(sent, r.topics.propertySetReply) as Array<{ id: string; code: number }>) {
      answers.set(reply.id, [...(answers.get(reply.id) ?? []), reply.code]);
      state.replies++;
      if (reply.code === 200) state.lastApplied = values.get(reply.id)!;
    }
  };
  const unanswered = (): string[] => [...values.keys()].filter((id) => !answers.has(id)).slice(0, options.window);
  for (let i = 0; i < count; i++) values.set(String(1000000 + i), (i * 7) % 3 === 0 ? 1 : 0);
  let next = [...values.keys()];
  // Each round answers a few dozen ids; a client that stops answering fails fast, not slowly.
  for (let round = 0; next.length > 0 && round < count / 8 + 10; round++) {
    next.forEach(send);
    // The device works its backlog off.
    for (let turn = 0; (r.client.pending || inFlight > 0) && turn < 1000; turn++) {
      inFlight = Math.max(0, inFlight - 1);
      r.client.flush();
      drain();
    }
    next = unanswered();
  }
  return { r, answers, ...state };
}

for (const count of [40, 100, 10000]) {
  test(`a burst of ${count} sets: every id answered exactly once (200 or 429), the last 200 is the state posted`, () => {
    const b = burst(count, { slots: 8, window: 64 });
    assert.is(b.answers.size, count);
    assert.is(b.replies, count, "set_replies == distinct ids");
    for (const [id, codes] of b.answers) assert.ok(codes.length === 1 && (codes[0] === 200 || codes[0] === 429), id + ": " + codes.join(","));
    const applied = [...b.answers.values()].filter((c) => c[0] === 200).length;
    assert.is(b.r.client.stats.setsApplied, applied);
    assert.is(b.r.thing.switched.length, applied, "each applied id switched once");
    assert.is(b.r.thing.value, b.lastApplied, "the thing ends at the last accepted command");
    assert.is(b.lastPosted, b.lastApplied, "the last post reports it");
    assert.is(b.r.client.pending, false);
  });
}
test("postState: refused, retried on flush, the latest state wins", () => {
  const r = rig();
  r.transport.accept = () => false;
  r.thing.value = 1;
  r.client.postState();
  r.thing.value = 0;
  r.client.postState();
  r.transport.accept = () => true;
  r.client.flush();
  const posts = r.transport.take();
  assert.is(posts.length, 1);
  assert.is(posts[0].kind, PUBLISH_STATE);
  assert.equal((JSON.parse(posts[0].payload) as { params: unknown }).params, { PowerSwitch_1: 0 });
});

test("postTelemetry: latest reading wins until queued", () => {
  const r = rig();
  r.transport.accept = () => false;
  assert.ok(r.client.postTelemetry(20, 50));
  assert.ok(r.client.postTelemetry(21, 55.56));
  r.transport.accept = () => true;
  r.client.flush();
  const posts = r.transport.take();
  assert.is(posts.length, 1);
  assert.is(posts[0].kind, PUBLISH_TELEMETRY);
  assert.match(posts[0].payload, '"params":{"CurrentTemperature":21.0,"CurrentHumidity":55.6}');
});

test("implausible readings are not posted; humidity is clamped", () => {
  const r = rig();
  for (const [t, h] of [[NaN, 50], [20, NaN], [Infinity, 50], [20, -Infinity], [125.5, 50], [-41, 50]]) {
    assert.is(r.client.postTelemetry(t, h), false, t + " " + h);
  }
  assert.is(r.client.stats.telemetryRefused, 6);
  assert.equal(r.transport.sent, []);
  r.client.postTelemetry(-40, 100.4);
  assert.match(r.transport.sent[0].payload, '"params":{"CurrentTemperature":-40.0,"CurrentHumidity":100.0}');
});

test("post ids are unique and come from the given counter", () => {
  const r = rig({ ids: new AlinkIds(1000) });
  r.client.postState();
  r.client.postTelemetry(20, 50);
  r.set(SEED_SET);
  const ids = payloadsOn(r.transport.sent, r.topics.propertyPost).map((p) => p.id);
  assert.equal(ids, ["1000", "1001", "1002"]);
});

test("post_reply: accepted, rejected, unknown and garbage", () => {
  const r = rig();
  r.client.postState();
  r.client.postTelemetry(20, 50);
  const [a, b] = payloadsOn(r.transport.sent, r.topics.propertyPost).map((p) => p.id as string);
  const reply = (id: string, code: number): void =>
    r.client.onMessage(r.topics.propertyPostReply, JSON.stringify({ code, data: {}, id, message: "m", method: POST, version: "1.0" }));
  reply(a, 200);
  reply(b, 6106);
  reply(a, 200); // already answered
  reply("424242", 200);
  r.client.onMessage(r.topics.propertyPostReply, "{garbage");
  assert.equal(
    [r.client.stats.postAccepted, r.client.stats.postRejected, r.client.stats.postUnknown, r.client.stats.malformed],
    [1, 1, 2, 1],
  );
  assert.ok(r.log.lines.some((l) => l.startsWith("warn") && l.includes("6106")));
});

test("only the last few posts are awaited", () => {
  const r = rig({ outstandingPosts: 2 });
  for (let i = 0; i < 3; i++) r.client.postState();
  for (const id of ["1", "2", "3"]) r.client.onMessage(r.topics.propertyPostReply, '{"id":"' + id + '","code":200}');
  assert.equal([r.client.stats.postAccepted, r.client.stats.postUnknown], [2, 1]);
});

test("a post that was never queued awaits no reply", () => {
  const r = rig();
  r.transport.accept = () => false;
  r.client.postState();
  r.client.onMessage(r.topics.propertyPostReply, '{"id":"1","code":200}');
  assert.is(r.client.stats.postUnknown, 1);
});

test.run();
