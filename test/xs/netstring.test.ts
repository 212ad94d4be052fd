/** Netstring framing between Node and xsnap-worker (tools/xs/netstring.ts). */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { encodeNetstring, NetstringReader } from "../../tools/xs/netstring";

test("frames survive any split of the pipe stream", () => {
  const frames = ["e1+1", "", "x,y:z"].map((t) => encodeNetstring(Buffer.from(t)));
  const wire = Buffer.concat(frames);
  for (const step of [1, 2, 5, wire.length]) {
    const reader = new NetstringReader();
    const got: string[] = [];
    for (let at = 0; at < wire.length; at += step) {
      for (const m of reader.push(wire.subarray(at, at + step))) got.push(m.toString());
    }
    assert.equal(got, ["e1+1", "", "x,y:z"], `step ${step}`);
  }
});

test("garbage and oversize prefixes fail fast", () => {
  assert.throws(() => new NetstringReader().push(Buffer.from("12a:")), /bad netstring length/);
  assert.throws(() => new NetstringReader().push(Buffer.from(":x,")), /bad netstring length/);
  assert.throws(() => new NetstringReader(10).push(Buffer.from("11:")), /bad netstring length/);
  assert.throws(() => new NetstringReader().push(Buffer.from("1:ab")), /trailing comma/);
});

test.run();
