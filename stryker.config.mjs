import { fileURLToPath } from "node:url";

// Mutation testing (`npm run mutate`, see tools/mutate.mjs): one folder per run, mutated by
// StrykerJS and judged through the command runner by that folder's own uvu suites, and for
// src/cloud by test/app's as well: the app is where the cloud client's timer members, OTA
// and posts are driven end to end. Slow, so it is not part of `npm test`. MUTATE_FOLDER picks
// the folder (at, cloud or modem).
const folder = process.env.MUTATE_FOLDER ?? "at";
// test/app/xs.test.ts runs the app in the device-shaped XS worker, whose heap is the device's:
// code instrumented with every mutant does not fit there ("not enough memory").
const SUITES = { at: ["test/at"], modem: ["test/modem"], cloud: ["test/cloud", "test/app", "!test/app/xs.test.ts"] };
const suites = SUITES[folder] ?? [`test/${folder}`];
// MUTATE_TAG names a run's reports apart, so that two runs over parts of one folder can go at once.
const name = process.env.MUTATE_TAG ? `${folder}-${process.env.MUTATE_TAG}` : folder;
const concurrency = Number(process.env.MUTATE_CONCURRENCY ?? 2);
// The runner by absolute path (a sandbox has its own copy of tools/, but this one is the same).
const runner = fileURLToPath(new URL("./tools/mutate-runner.mjs", import.meta.url));

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "command",
  // The suites one file at a time, those nearest the mutated file first; a mutant is killed by
  // the first failing test and the rest need not even load (tools/mutate-runner.mjs).
  commandRunner: { command: `node --import tsx ${JSON.stringify(runner)} ${suites.map((s) => JSON.stringify(s)).join(" ")}` },
  // The command runner cannot tell which test covers which mutant: every mutant runs the suite.
  coverageAnalysis: "off",
  mutate: process.env.MUTATE_FILES ? process.env.MUTATE_FILES.split(",") : [`src/${folder}/**/*.ts`],
  // The machine is shared: two workers at most, and generous timeouts for a loaded CPU.
  concurrency: concurrency,
  timeoutMS: 20000,
  timeoutFactor: 3,
  // event-recorder: one file per mutant tested, in reports/mutation/events-<folder>, as it goes.
  reporters: ["clear-text", "progress", "html", "json", "event-recorder"],
  eventReporter: { baseDir: `reports/mutation/events-${name}` },
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  tempDirName: ".stryker-tmp",
  ignorePatterns: ["coverage", "reports", "dist", "build"],
  thresholds: { high: 90, low: 80, break: null },
};
