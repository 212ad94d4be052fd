import { fileURLToPath } from "node:url";

// Mutation testing (`npm run mutate`, see tools/mutate.mjs): one folder per run, mutated by
// StrykerJS and judged by that folder's own uvu suites through the command runner. Slow, so
// it is not part of `npm test`. MUTATE_FOLDER picks the folder (at, cloud or modem).
const folder = process.env.MUTATE_FOLDER ?? "at";
const concurrency = Number(process.env.MUTATE_CONCURRENCY ?? 2);
// uvu by absolute path: in a git worktree whose node_modules is a symlink, Stryker does not link
// it into its sandboxes (packages still resolve through the parent folder, a relative bin path does not).
const uvu = fileURLToPath(new URL("./node_modules/uvu/bin.js", import.meta.url));

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "command",
  // --bail: a mutant is killed by the first failing test; the rest need not run.
  commandRunner: { command: `node --import tsx ${JSON.stringify(uvu)} test/${folder} "\\.test\\.ts$" --bail` },
  // The command runner cannot tell which test covers which mutant: every mutant runs the suite.
  coverageAnalysis: "off",
  mutate: process.env.MUTATE_FILES ? process.env.MUTATE_FILES.split(",") : [`src/${folder}/**/*.ts`],
  // The machine is shared: two workers at most, and generous timeouts for a loaded CPU.
  concurrency: concurrency,
  timeoutMS: 20000,
  timeoutFactor: 3,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: `reports/mutation/${folder}.html` },
  jsonReporter: { fileName: `reports/mutation/${folder}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  tempDirName: ".stryker-tmp",
  ignorePatterns: ["coverage", "reports", "dist", "build"],
  thresholds: { high: 90, low: 80, break: null },
};
