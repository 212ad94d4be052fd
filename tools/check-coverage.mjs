// npm test's coverage gate: the AT core (src/at) must keep every branch covered.
import { readFileSync } from "node:fs";

const summary = JSON.parse(readFileSync("coverage/coverage-summary.json", "utf8"));
const short = [];
for (const [file, figures] of Object.entries(summary)) {
  if (!file.includes("/src/at/")) continue;
  if (figures.branches.pct < 100) short.push(`${file.replace(/^.*\/src\//, "src/")}: branches ${figures.branches.pct}%`);
}
if (short.length > 0) {
  console.error("src/at must have 100% branch coverage:\n  " + short.join("\n  "));
  process.exit(1);
}
console.log("coverage gate: src/at branches 100%");
// The test count, last, for whoever reads only the closing line.
try {
  process.stdout.write(readFileSync("coverage/test-summary.txt", "utf8"));
} catch {
  // no summary: the tests were run some other way
}
