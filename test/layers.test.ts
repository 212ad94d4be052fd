import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { test } from "uvu";
import * as assert from "uvu/assert";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SRC = join(ROOT, "src");

/** Which src layers each layer may import: each only the ones below it. */
const ALLOWED: Record<string, string[]> = {
  at: ["at", "hal"],
  modem: ["at", "modem", "hal"],
  cloud: ["at", "modem", "cloud", "hal"],
  app: ["at", "modem", "cloud", "app", "hal"],
  hal: [],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

function layerOf(path: string): string {
  const rel = relative(SRC, path).split("/");
  return rel.length === 1 ? rel[0].replace(/\.ts$/, "") : rel[0];
}

/** Why layer `from` may not import `resolved` ("" if it may). */
function importRefused(from: string, resolved: string): string {
  const target = layerOf(resolved);
  if (!(ALLOWED[from] ?? []).includes(target)) return ` (${target})`;
  return target === "modem" && from !== "modem" && dialectFolder(resolved) ? ": a dialect folder; use the runner's generic API" : "";
}

/** A file inside one of src/modem's dialect folders (quectel/, simcom/...): only the modem layer may name a vendor. */
function dialectFolder(path: string): boolean {
  return relative(join(SRC, "modem"), path).split("/").length > 1;
}

function imports(text: string): string[] {
  const out: string[] = [];
  const re = /(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1] ?? m[2]);
  return out;
}

/** Layer violations in a set of (file, text): used on the tree and on planted mistakes. */
export function violations(sources: Array<[string, string]>): string[] {
  const found: string[] = [];
  for (const [path, text] of sources) {
    const from = layerOf(path);
    for (const spec of imports(text)) {
      if (!spec.startsWith(".")) {
        found.push(`${relative(ROOT, path)} imports platform module ${spec}`);
        continue;
      }
      const why = importRefused(from, join(path, "..", spec) + ".ts");
      if (why) found.push(`${relative(ROOT, path)} (${from}) imports ${spec}${why}`);
    }
  }
  return found;
}

test("src layers import only the layers below them, and no platform module", () => {
  const sources = files(SRC).map((f) => [f, readFileSync(f, "utf8")] as [string, string]);
  assert.ok(sources.length > 20);
  assert.equal(violations(sources), []);
});

test("the layer check catches a planted mistake", () => {
  assert.equal(violations([[join(SRC, "at/x.ts"), 'import { Modem } from "../modem/modem";\nimport Timer from "timer";']]), [
    "src/at/x.ts (at) imports ../modem/modem (modem)",
    "src/at/x.ts imports platform module timer",
  ]);
  assert.equal(violations([[join(SRC, "modem/y.ts"), 'import type { Log } from "../hal";']]), []);
});

test("only src/modem names a dialect folder: the app and the cloud use the runner's generic API", () => {
  assert.equal(violations([[join(SRC, "app/z.ts"), 'import { NetworkTime } from "../modem/quectel/network-time";\nimport { A7670 } from "../modem/simcom/dialect";\nimport { NetworkTime as N } from "../modem/network-time";']]), [
    "src/app/z.ts (app) imports ../modem/quectel/network-time: a dialect folder; use the runner's generic API",
    "src/app/z.ts (app) imports ../modem/simcom/dialect: a dialect folder; use the runner's generic API",
  ]);
  assert.equal(violations([[join(SRC, "cloud/w.ts"), 'import type { X } from "../modem/quectel/answers";']]).length, 1);
  assert.equal(violations([[join(SRC, "modem/dialects.ts"), 'import { A7670 } from "./simcom/dialect";']]), []);
  assert.equal(violations([[join(SRC, "modem/simcom/v.ts"), 'import { step } from "../step";']]), []);
});

test("src passes the device rules (preload, stack, Espruino): parsed, not pattern-matched", async () => {
  // tools/lint/device-rules.mjs; test/tools/device-rules.test.ts shows each rule can fail.
  const eslint = new ESLint({ cwd: ROOT });
  const results = await eslint.lintFiles(["src/**/*.ts"]);
  const found = results.flatMap((r) => r.messages.map((m) => `${relative(ROOT, r.filePath)}:${m.line} ${m.ruleId}: ${m.message}`));
  assert.ok(results.length > 20);
  assert.equal(found, []);
});

test.run();
