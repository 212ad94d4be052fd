// The test command of `npm run mutate` (see stryker.config.mjs): every uvu suite of one folder,
// as `uvu <folder> --bail` would run them, but one file at a time, cheap unit suites first and
// the property, differential and XS suites last, stopping at the first failure. A mutant is
// killed by the first suite that fails, so most runs load one or two files instead of all of
// them (on a loaded machine the whole folder's imports cost as much as running it).
// Usage: node --import tsx tools/mutate-runner.mjs test/<folder>
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const folder = process.argv[2];
if (!folder) {
  console.error("mutate-runner: give the test folder, e.g. test/at");
  process.exit(2);
}
const SLOW = /property|differential|xs|seed/;
const files = readdirSync(folder)
  .filter((f) => f.endsWith(".test.ts"))
  .sort((a, b) => Number(SLOW.test(a)) - Number(SLOW.test(b)) || (a < b ? -1 : a > b ? 1 : 0));

globalThis.UVU_DEFER = 1;
const uvu = await import("uvu");
for (const file of files) {
  // Each file gets a queue of its own, run before the next file is even loaded.
  globalThis.UVU_QUEUE.length = 0;
  globalThis.UVU_INDEX = 0;
  globalThis.UVU_QUEUE.push([file]);
  await import(pathToFileURL(resolve(join(folder, file))).href);
  await uvu.exec(true); // bail: exits 1 on the first failing test
  if (process.exitCode) process.exit(process.exitCode);
}
