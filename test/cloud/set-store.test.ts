// The client's two fixed stores: the ids it remembers (dedupe) and the replies waiting.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { OutstandingPosts } from "../../src/cloud/outstanding-posts";
import { ReplyQueue } from "../../src/cloud/reply-queue";
import { SetMemory } from "../../src/cloud/set-memory";

test("SetMemory: finds what it remembers and forgets the oldest first", () => {
  const m = new SetMemory(3);
  assert.is(m.find("a"), -1);
  m.remember("a", 200, "");
  m.remember("b", 460, "bad");
  assert.is(m.code(m.find("b")), 460);
  assert.is(m.message(m.find("b")), "bad");
  m.remember("c", 200, "");
  m.remember("d", 200, "");
  assert.is(m.find("a"), -1, "the oldest went first");
  for (const id of ["b", "c", "d"]) assert.ok(m.find(id) >= 0, id);
  m.remember("e", 429, "");
  assert.is(m.find("b"), -1);
  assert.is(m.code(m.find("e")), 429);
});

test("SetMemory and ReplyQueue hold at least one entry", () => {
  assert.is(new SetMemory(0).size, 1);
  assert.is(new SetMemory(-5).size, 1);
  assert.is(new ReplyQueue(0).capacity, 1);
  const q = new ReplyQueue(-1);
  assert.ok(q.push("x", "{}"));
  assert.not.ok(q.push("y", "{}"));
});

test("ReplyQueue: first in, first out, across the end of the ring; full says no", () => {
  const q = new ReplyQueue(3);
  const out: string[] = [];
  const take = (): void => {
    out.push(q.headPayload());
    q.shift();
  };
  assert.equal([q.length, q.free], [0, 3]);
  assert.ok(q.push("1", "p1") && q.push("2", "p2") && q.push("3", "p3"));
  assert.not.ok(q.push("4", "p4"));
  assert.equal([q.length, q.free], [3, 0]);
  take();
  assert.ok(q.push("4", "p4"), "room again after a shift");
  take();
  take();
  assert.ok(q.push("5", "p5"));
  take();
  take();
  assert.equal(out, ["p1", "p2", "p3", "p4", "p5"]);
  assert.is(q.length, 0);
  q.shift();
  assert.equal([q.length, q.free], [0, 3], "shift on empty does nothing");
  assert.ok(q.push("6", "p6"));
  assert.is(q.headPayload(), "p6");
});

test("ReplyQueue.has: only waiting replies, wherever the ring has wrapped", () => {
  const q = new ReplyQueue(3);
  q.push("a", "");
  q.push("b", "");
  q.shift();
  q.push("c", "");
  q.push("d", ""); // wraps to slot 0
  assert.equal(["a", "b", "c", "d", ""].map((id) => q.has(id)), [false, true, true, true, false]);
  q.shift();
  q.shift();
  assert.equal(["b", "c", "d"].map((id) => q.has(id)), [false, false, true]);
  q.shift();
  assert.is(q.has("d"), false);
});

test("OutstandingPosts: a free slot is no outstanding post, an empty id never is", () => {
  const posts = new OutstandingPosts(2);
  assert.is(posts.take(""), false);
  posts.add("7");
  assert.is(posts.take("7"), true);
  assert.is(posts.take("7"), false, "taken once");
  assert.is(posts.take(""), false, "nor is the slot it left");
});

test("OutstandingPosts holds at least one post", () => {
  for (const size of [0, -1]) {
    const posts = new OutstandingPosts(size);
    posts.add("1");
    posts.add("2"); // the newest replaces the oldest
    assert.equal([posts.take("1"), posts.take("2")], [false, true], String(size));
  }
});

test.run();
