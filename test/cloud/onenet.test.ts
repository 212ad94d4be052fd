/**
 * OneNET's rules the cross-profile suite does not reach: the device key it signs with, the
 * login the module gets, posts that expect an answer, and a post with nothing to say.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { AlinkClient } from "../../src/cloud/client";
import { OneNetProfile } from "../../src/cloud/onenet";
import { LOGIN_PLAIN } from "../../src/cloud/profile";
import { ONE_GANG } from "../../src/cloud/thing-model";
import { memoryLog } from "../at/fakes";
import { FakeTransport } from "./fakes";

const KEY = Buffer.from("0123456789abcdef0123456789abcdef").toString("base64");
const SETTINGS = { host: "mqtts.heclouds.com", port: 1883, tls: false, productId: "pid", deviceName: "dn", deviceKey: KEY, expiry: 1 };

test("the device key must decode to 1 to 64 bytes: an empty one could only sign a token OneNET refuses", () => {
  assert.throws(() => new OneNetProfile({ ...SETTINGS, deviceKey: "" }, ONE_GANG), /1 to 64 bytes/);
  assert.throws(() => new OneNetProfile({ ...SETTINGS, deviceKey: Buffer.alloc(65).toString("base64") }, ONE_GANG), /1 to 64 bytes/);
  assert.is(new OneNetProfile({ ...SETTINGS, deviceKey: Buffer.alloc(64).toString("base64") }, ONE_GANG).signing.keyLength, 64);
  assert.is(new OneNetProfile({ ...SETTINGS, deviceKey: "AA==" }, ONE_GANG).signing.keyLength, 1);
});

test("the login is plain: device name and product id, no Aliyun triple, the password left to the signer", () => {
  const p = new OneNetProfile(SETTINGS, ONE_GANG);
  assert.is(p.name, "onenet");
  assert.equal(p.login, { kind: LOGIN_PLAIN, host: "mqtts.heclouds.com", port: 1883, tls: false, clientId: "dn", username: "pid", password: "", productKey: "", deviceName: "", deviceSecret: "" });
});

test("OneNET answers posts: a post's reply is matched to it, a reply to no post is counted as unknown", () => {
  const journal: string[] = [];
  const transport = new FakeTransport(journal);
  const thing = { setPowerSwitch() {}, powerSwitch: () => 1 as 0 | 1, switchPending: () => false };
  const client = new AlinkClient({ transport, thing, log: memoryLog(), profile: new OneNetProfile(SETTINGS, ONE_GANG) });
  client.postState();
  const post = transport.take();
  assert.is(post.length, 1);
  assert.is(post[0].topic, "$sys/pid/dn/thing/property/post");
  const id = (JSON.parse(post[0].payload) as { id: string }).id;
  client.onMessage("$sys/pid/dn/thing/property/post/reply", '{"id":' + JSON.stringify(id) + ',"code":200,"msg":"success"}');
  client.onMessage("$sys/pid/dn/thing/property/post/reply", '{"id":"999","code":200,"msg":"success"}');
  assert.equal([client.stats.postAccepted, client.stats.postUnknown], [1, 1]);
});

test("a post with no value to say is not made", () => {
  const p = new OneNetProfile(SETTINGS, ONE_GANG);
  assert.is(p.encodePost("1", [NaN, NaN, NaN]), null);
  assert.is(p.encodeSetReply("2", 400, "PowerSwitch_1 must be 0 or 1"), '{"id":"2","code":400,"msg":"PowerSwitch_1 must be 0 or 1"}');
});

test.run();
