import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonFileStorage, MemoryStorage, NODE_FILES, StorageError, type StorageFiles } from "../../hosts/node/storage";

function inTempDir(body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "nvs-"));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true });
  }
}

test("memory NVS: integers under keys of 1-15 characters", () => {
  const s = new MemoryStorage();
  assert.is(s.getInt("relay"), undefined);
  s.setInt("relay", 1);
  assert.is(s.getInt("relay"), 1);
  assert.throws(() => s.setInt("a_key_too_long_x", 1), /1-15 characters/);
  assert.throws(() => s.getInt(""), /1-15 characters/);
  assert.throws(() => s.setInt("relay", 0.5), /integer/);
});

test("a JSON file survives the process, written whole; no file yet is a fresh NVS", () =>
  inTempDir((dir) => {
    const path = join(dir, "nvs.json");
    const first = new JsonFileStorage(path);
    assert.is(first.setAside, null);
    first.setInt("boot", 3);
    first.setInt("relay", 1);
    assert.equal(JSON.parse(readFileSync(path, "utf8")), { boot: 3, relay: 1 });
    assert.equal(new JsonFileStorage(path).entries(), { boot: 3, relay: 1 });
    assert.equal(readdirSync(dir), ["nvs.json"], "no temporary file left behind");
  }));

// What a crash mid-write, a full disk or a hand edit leaves behind.
const unreadable: Array<[string, string]> = [
  ["truncated", '{"boot": 3, "rel'],
  ["empty", ""],
  ["an array", "[1]"],
  ["null", "null"],
  ["a string value", '{"relay": "1"}'],
  ["a fraction", '{"relay": 0.5}'],
  ["a key NVS cannot hold", '{"a_key_too_long_x": 1}'],
  ["binary junk", "\u0000\u0001\uFFFD"],
  ["settings that are not an object", '{"relay": 1, "settings": "apn"}'],
  ["a setting that is not text", '{"settings": {"mqttPort": 1883}}'],
  ["a setting key NVS cannot hold", '{"settings": {"a_key_too_long_x": "1"}}'],
];

for (const [what, text] of unreadable) {
  test(`a file that is ${what} is set aside as .corrupt, reported in one line, and the switch starts with defaults`, () =>
    inTempDir((dir) => {
      const path = join(dir, "nvs.json");
      writeFileSync(path, text);
      const s = new JsonFileStorage(path);
      assert.equal(s.entries(), {});
      assert.is(readFileSync(path + ".corrupt", "utf8"), text, "the bad bytes are kept for a look");
      assert.not.ok(existsSync(path));
      assert.match(s.setAside ?? "", new RegExp(`^${path.replace(/[.]/g, "\\.")} could not be used \\(.+\\): set aside as nvs\\.json\\.corrupt, starting with defaults$`));
      assert.not.match(s.setAside ?? "", /\n/);
      s.setInt("boot", 1);
      assert.equal(new JsonFileStorage(path).entries(), { boot: 1 });
    }));
}

test("text settings (identity, cloud) live under \"settings\" beside the integers, and survive the process", () =>
  inTempDir((dir) => {
    const path = join(dir, "nvs.json");
    const first = new JsonFileStorage(path);
    first.setInt("relay", 1);
    first.set("productKey", "a1Cat1Demo0");
    first.set("apn", "CMIOT");
    assert.equal(JSON.parse(readFileSync(path, "utf8")), { relay: 1, settings: { productKey: "a1Cat1Demo0", apn: "CMIOT" } });
    const again = new JsonFileStorage(path);
    assert.is(again.get("apn"), "CMIOT");
    assert.is(again.getInt("relay"), 1);
    again.remove("apn");
    again.remove("productKey");
    again.remove("never-set");
    assert.equal(JSON.parse(readFileSync(path, "utf8")), { relay: 1 }, "no settings: the file is as before settings existed");
    assert.throws(() => again.set("a_key_too_long_x", "1"), /1-15 characters/);
  }));

test("an earlier .corrupt file is not overwritten", () =>
  inTempDir((dir) => {
    const path = join(dir, "nvs.json");
    writeFileSync(path + ".corrupt", "first");
    writeFileSync(path, "second");
    const s = new JsonFileStorage(path);
    assert.is(readFileSync(path + ".corrupt", "utf8"), "first");
    assert.is(readFileSync(path + ".corrupt.1", "utf8"), "second");
    assert.match(s.setAside ?? "", /set aside as nvs\.json\.corrupt\.1,/);
  }));

test("a storage path in a missing directory fails at start with one line", () =>
  inTempDir((dir) => {
    const path = join(dir, "missing", "nvs.json");
    try {
      new JsonFileStorage(path);
      assert.unreachable("accepted");
    } catch (error) {
      assert.instance(error, StorageError);
      assert.is((error as Error).message, `--storage ${path}: directory ${join(dir, "missing")} does not exist`);
    }
  }));

test("a storage path that is a directory fails at start with one line", () =>
  inTempDir((dir) => {
    mkdirSync(join(dir, "nvs.json"));
    assert.throws(() => new JsonFileStorage(join(dir, "nvs.json")), (e: Error) => e instanceof StorageError && /^--storage .*nvs\.json: .*EISDIR/.test(e.message) && !e.message.includes("\n"));
  }));

test("a write goes to a temporary file, is flushed to disk, then renamed over the old one", () =>
  inTempDir((dir) => {
    const path = join(dir, "nvs.json");
    const calls: string[] = [];
    const short = (p: string): string => p.replace(dir, "<dir>");
    const files: StorageFiles = {
      ...NODE_FILES,
      writeDurably: (file, text) => {
        calls.push(`write ${short(file)}`);
        NODE_FILES.writeDurably(file, text);
      },
      rename: (from, to) => {
        calls.push(`rename ${short(from)} ${short(to)}`);
        NODE_FILES.rename(from, to);
      },
      syncDirectory: (d) => {
        calls.push(`sync ${short(d)}`);
        NODE_FILES.syncDirectory(d);
      },
    };
    new JsonFileStorage(path, files).setInt("relay", 1);
    assert.equal(calls, ["write <dir>/nvs.json.tmp", "rename <dir>/nvs.json.tmp <dir>/nvs.json", "sync <dir>"]);
  }));

test("writeDurably fsyncs the file before closing it", () =>
  inTempDir((dir) => {
    const path = join(dir, "x.tmp");
    NODE_FILES.writeDurably(path, "{}\n");
    assert.is(readFileSync(path, "utf8"), "{}\n");
  }));

test("a write that fails leaves the old file whole", () =>
  inTempDir((dir) => {
    const path = join(dir, "nvs.json");
    const s = new JsonFileStorage(path);
    s.setInt("relay", 1);
    mkdirSync(path + ".tmp");
    assert.throws(() => s.setInt("relay", 0));
    assert.equal(JSON.parse(readFileSync(path, "utf8")), { relay: 1 });
  }));

test.run();
