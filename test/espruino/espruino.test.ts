/**
 * `npm run test:espruino`: the core bundled as the Espruino host bundles it (esbuild, ES2015,
 * minified) and run on Espruino's own interpreter, the Linux build at $ESPRUINO (README:
 * "Espruino for Linux"). Skipped, saying why, without it: CI cannot build Espruino.
 */
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { modemStream } from "../../bench/stream";
import { bundleForEspruino } from "../../tools/espruino/bundle";
import { measureMemoryOnEspruino, measureParseOnEspruino } from "../../tools/espruino/measure";
import { ptyTools, runHostOnPty } from "../../tools/espruino/pty-run";
import { espruinoBinary, runOnEspruino } from "../../tools/espruino/run";
import type { DecodedEvent } from "../../tools/decode/events";
import { bytesOf, concat, decode, recvFrame } from "../at/helpers";
import { seedModemOutput } from "../at/seed";

const ENTRY = fileURLToPath(new URL("./fixtures/entry.ts", import.meta.url));
const APP_ENTRY = fileURLToPath(new URL("../xs/fixtures/app-entry.ts", import.meta.url));
/** Generous: the machine may be busy, and Espruino parses ~100 KB/s on a PC. */
const TIMEOUT_MS = 300000;
const binary = espruinoBinary(process.env.ESPRUINO);

const GOLDEN: Array<[string, Uint8Array]> = [
  ["seed session", bytesOf(seedModemOutput())],
  ["payload with CRLF, quotes and a fake OK", recvFrame(0, 4294967295, "/sys/pk/dn/thing/service/property/set", bytesOf('{"a":"\r\nOK\r\n\\"x"}'))],
  ["finals and prompt", bytesOf("\r\nOK\r\n\r\nERROR\r\n\r\n+CME ERROR: 10\r\n\r\n+CMS ERROR: 302\r\n> ")],
  ["corrupt frame then recovery", concat([recvFrame(0, 9, "t", bytesOf("0123456789")).slice(0, -6), bytesOf("\r\nOK\r\n\r\n+QMTSTAT: 0,2\r\n")])],
  ["UTF-8 and malformed bytes", concat([bytesOf("\r\n+QIURC: 开关😀\r\n"), new Uint8Array([0xc3, 0x28, 13, 10])])],
  ["a set with non-ASCII in its payload", recvFrame(1, 7, "/sys/pk/dn/thing/service/property/set", bytesOf('{"id":"é","params":{"PowerSwitch_1":1}}'))],
];
const CHUNKS = [1, 5, 128, 4096];

/** Random streams, as test/xs/at-core.test.ts makes them; a fixed seed, so a failure repeats. */
function randomVectors(): Array<[string, Uint8Array, number]> {
  const arbitrary = fc.tuple(fc.uint8Array({ maxLength: 600 }), fc.integer({ min: 1, max: 200 }));
  return fc.sample(arbitrary, { numRuns: 40, seed: 13 }).map(([junk, chunk], i) => [`random #${i}`, concat([junk, bytesOf("\r\nOK\r\n")]), chunk]);
}

/** Text as Espruino's strings hold it without Unicode: its UTF-8 bytes, one per character. */
const asBytes = (text: string) => Buffer.from(text, "utf8").toString("latin1");

/** Node's events with every text as its UTF-8 bytes: what the core's fallback gives on Espruino. */
function inByteStrings(events: DecodedEvent[]): unknown[] {
  return events.map((e) => {
    if (e.type === "line") return { ...e, text: asBytes(e.text) };
    if (e.type === "recv") return { ...e, topic: asBytes(e.topic), payload: asBytes(e.payload) };
    return e;
  });
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

/** Drives app-entry's globals the same way on Espruino and on Node. */
const APP_DRIVER = `
var turns = 0, sets = [], kb = null, id = "";
appInit();
while (!appOnline() && turns < 20000) { appTurn(); turns++; }
print("@@online " + JSON.stringify({ online: appOnline(), turns: turns }));
for (var i = 0; i < 4; i++) {
  var relay = appCycles(1);
  sets.push({ relay: relay, reply: appLastReply(), published: appPublished() });
}
print("@@sets " + JSON.stringify(sets));
id = appInjectSetOfSize(1024);
var reply = appReplyTo(id, 4000); // its switch may wait for the relay's least interval
kb = { id: id, settled: appSettle(4000), reply: reply, relay: appRelay() };
print("@@kb " + JSON.stringify(kb));
`;

/** The same bundle and driver in a fresh V8 context: Node's side of the comparison. */
function runOnNode(code: string): Record<string, unknown> {
  const reports: Record<string, unknown> = {};
  const print = (line: string) => {
    const m = /^@@(\S+) (.*)$/.exec(line);
    if (m) reports[m[1]] = JSON.parse(m[2]);
  };
  vm.runInNewContext(code, { print, TextDecoder });
  return reports;
}

if (typeof binary === "string") {
  console.log(`test:espruino skipped: ${binary}`);
  test.skip("on Espruino: the seed and the AT vectors decode as on Node", () => undefined);
  test.skip("on Espruino: the whole firmware goes online and answers property sets as on Node", () => undefined);
  test.skip("on Espruino: parser throughput, and memory flat over 20,000 lines", () => undefined);
  test.skip("on Espruino: the host itself, over a pty to the EC600S simulator and the broker", () => undefined);
} else {
  const bin = binary.bin;
  let code = "";

  test.before(async () => {
    code = await bundleForEspruino(ENTRY, { minify: true });
  });

  test("on Espruino: the seed and the AT vectors decode as on Node", async () => {
    const vectors: Array<[string, Uint8Array, number]> = [];
    for (const [name, bytes] of GOLDEN) for (const chunk of CHUNKS) vectors.push([`${name} / ${chunk}`, bytes, chunk]);
    vectors.push(...randomVectors());
    const texts = GOLDEN.map(([, bytes]) => bytes).concat(randomVectors().map(([, bytes]) => bytes));
    const driver = [
      `var V = ${JSON.stringify(vectors.map(([, bytes, chunk]) => [b64(bytes), chunk]))};`,
      `var T = ${JSON.stringify(texts.map(b64))};`,
      `for (var i = 0; i < V.length; i++) print("@@decode" + i + " " + atDecode(V[i][0], V[i][1]));`,
      `for (var j = 0; j < T.length; j++) print("@@text" + j + " " + JSON.stringify([espText(T[j], true), espText(T[j], false), espUtf8(T[j])]));`,
    ].join("\n");
    const { reports } = await runOnEspruino(bin, code + driver, TIMEOUT_MS);
    vectors.forEach(([name, bytes, chunk], i) => assert.equal(reports[`decode${i}`], inByteStrings(decode(bytes, chunk)), name));
    const decoder = new TextDecoder();
    texts.forEach((bytes, j) => {
      const text = decoder.decode(bytes);
      // The host decoder (E.asUTF8 on this Unicode build), then as on ESP32 (no Unicode), then the core alone.
      assert.equal(reports[`text${j}`], [text, asBytes(text), asBytes(text)], `text ${j}`);
    });
    console.log(`  espruino: ${vectors.length} streams decoded as on Node; ${texts.length} texts decoded as TextDecoder does`);
  });

  test("on Espruino: the whole firmware goes online and answers property sets as on Node", async () => {
    const onEspruino = (await runOnEspruino(bin, code + APP_DRIVER, TIMEOUT_MS)).reports;
    const onNode = runOnNode((await bundleForEspruino(APP_ENTRY, { minify: true })) + APP_DRIVER);
    const online = onEspruino.online as { online: boolean; turns: number };
    assert.ok(online.online, "online");
    const sets = onEspruino.sets as Array<{ relay: number; reply: string; published: number }>;
    assert.equal(
      sets.map((s) => s.relay),
      [1, 0, 1, 0],
      "each set switched the relay",
    );
    for (const s of sets) assert.match(s.reply, /"code":200/);
    const kb = onEspruino.kb as { id: string; settled: boolean; reply: string; relay: number };
    assert.ok(kb.settled && kb.reply.includes(`"${kb.id}"`) && kb.reply.includes('"code":200'), "a 1 KB set is answered 200: " + kb.reply);
    assert.is(kb.relay, 1, "and switched");
    assert.equal(onEspruino, onNode, "the same turns, replies and posts as on Node");
    console.log(`  espruino: online in ${online.turns} turns, ${sets.length} sets and a 1 KB set answered 200, relay switched, ${sets[3].published} publishes: as on Node`);
  });

  test("on Espruino: parser throughput, and memory flat over 20,000 lines", async () => {
    const parse = await measureParseOnEspruino(bin, modemStream(60 * 1024, 1), TIMEOUT_MS);
    assert.is(parse.mismatch, "", "Espruino's events are the stream's");
    assert.ok(parse.bytesPerSecond > 0);
    const flat = await measureMemoryOnEspruino(bin, 20000, TIMEOUT_MS);
    assert.is(flat.usageAfterLines, flat.usageAfterWarmUp, "no block kept by parsing");
    // The measurement can fail: keeping one small object per 10 lines shows up.
    const leak = await measureMemoryOnEspruino(bin, 1000, TIMEOUT_MS, "var kept = []; for (var k = 0; k < 100; k++) kept.push({ k: k });");
    assert.ok(leak.usageAfterLines > leak.usageAfterWarmUp + 100, `a leak is seen: ${leak.usageAfterWarmUp} -> ${leak.usageAfterLines}`);
    const kbs = (parse.bytesPerSecond / 1024).toFixed(1);
    console.log(`  espruino: parsed ${parse.bytes} B in 128 B reads at ${kbs} KB/s (${Math.round(parse.bytesPerSecond)} B/s) on this PC`);
    console.log(`  espruino: process.memory().usage ${flat.usageAfterWarmUp} blocks of ${flat.blockSize} B after 1,000 lines, ${flat.usageAfterLines} after ${flat.lines} more`);
  });

  const noPty = ptyTools();
  const HOST = "on Espruino: the host itself, over a pty to the EC600S simulator and the broker";
  if (noPty) {
    console.log(`test:espruino: the host run is skipped: ${noPty}`);
    test.skip(HOST, () => undefined);
  } else {
    test(HOST, async () => {
      const run = await runHostOnPty({ bin, log: (l) => console.log("  " + l) });
      assert.equal(
        run.checks.map((c) => c.name),
        ["online", "a property set switches the relay, set_reply 200, then the post", "a 1 KB set is answered", "a spontaneous module RDY is recovered"],
      );
      assert.match(run.checks[2].detail, /set_reply 200$/, run.checks[2].detail);
      console.log(`  espruino host: process.memory().usage ${run.usageBlocks} blocks of ${run.blockSize} B, online, its code run from Storage`);
    });
  }
}

test.run();
