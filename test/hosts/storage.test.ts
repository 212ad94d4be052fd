import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonFileStorage, MemoryStorage } from "../../hosts/node/storage";

test("memory NVS: integers under keys of 1-15 characters", () => {
  const s = new MemoryStorage();
  assert.is(s.getInt("relay"), undefined);
  s.setInt("relay", 1);
  assert.is(s.getInt("relay"), 1);
  assert.throws(() => s.setInt("a_key_too_long_x", 1), /1-15 characters/);
  assert.throws(() => s.getInt(""), /1-15 characters/);
  assert.throws(() => s.setInt("relay", 0.5), /integer/);
});

test("a JSON file survives the process, written whole", () => {
  const dir = mkdtempSync(join(tmpdir(), "nvs-"));
  try {
    const path = join(dir, "nvs.json");
    const first = new JsonFileStorage(path);
    first.setInt("boot", 3);
    first.setInt("relay", 1);
    assert.equal(JSON.parse(readFileSync(path, "utf8")), { boot: 3, relay: 1 });
    assert.equal(new JsonFileStorage(path).entries(), { boot: 3, relay: 1 });
    writeFileSync(path, "[1]");
    assert.throws(() => new JsonFileStorage(path), /not a JSON object/);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test.run();
