import { test } from "uvu";
import * as assert from "uvu/assert";
import { AlinkTopics } from "../../src/cloud/topics";

test("the seed device's topics", () => {
  const t = new AlinkTopics("a1wFylTxYeD", "co_0001");
  assert.is(t.propertyPost, "/sys/a1wFylTxYeD/co_0001/thing/event/property/post");
  assert.is(t.propertyPostReply, "/sys/a1wFylTxYeD/co_0001/thing/event/property/post_reply");
  assert.is(t.propertySet, "/sys/a1wFylTxYeD/co_0001/thing/service/property/set");
  assert.is(t.propertySetReply, "/sys/a1wFylTxYeD/co_0001/thing/service/property/set_reply");
});

test("the NTP request and response topics (Aliyun's /ext/ntp/<pk>/<dn>/...)", () => {
  const t = new AlinkTopics("a1wFylTxYeD", "co_0001");
  assert.is(t.ntpRequest, "/ext/ntp/a1wFylTxYeD/co_0001/request");
  assert.is(t.ntpResponse, "/ext/ntp/a1wFylTxYeD/co_0001/response");
});

test("subscribes to property set and post_reply only", () => {
  const t = new AlinkTopics("pk", "dn");
  assert.equal(t.subscriptions, ["/sys/pk/dn/thing/service/property/set", "/sys/pk/dn/thing/event/property/post_reply"]);
});

test("names that would leave the device's own topics are refused", () => {
  for (const bad of ["", "a/b", "+", "#", 'a"b', "a b"]) {
    assert.throws(() => new AlinkTopics(bad, "dn"), /productKey/, bad);
    assert.throws(() => new AlinkTopics("pk", bad), /deviceName/, bad);
  }
});

test("the refusal is one line naming the field and the value", () => {
  assert.throws(() => new AlinkTopics("a/b", "dn"), (e: Error) => e.message === 'alink: invalid productKey "a/b"');
  assert.throws(() => new AlinkTopics("pk", ""), (e: Error) => e.message === 'alink: invalid deviceName ""');
});

test("deviceName characters Aliyun allows are kept", () => {
  assert.is(new AlinkTopics("pk", "a-b_c@d.e:f").propertySet, "/sys/pk/a-b_c@d.e:f/thing/service/property/set");
});

test.run();
