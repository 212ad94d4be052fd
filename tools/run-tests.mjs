// Runs every uvu test file under test/ in one process; the plain summary line CI reads
// ("N passed, N failed") is printed here and again, last, by check-coverage.mjs. The exit
// code is uvu's.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";

const child = spawn(process.execPath, ["--import", "tsx", "node_modules/uvu/bin.js", "test", "\\.test\\.ts$"], {
  stdio: ["ignore", "pipe", "inherit"],
});
let tail = "";
child.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  tail = (tail + chunk.toString()).slice(-4000);
});
child.on("close", (code) => {
  const plain = tail.replace(/\x1b\[[0-9;]*m/g, "");
  const total = Number((/Total:\s+(\d+)/.exec(plain) ?? [])[1] ?? 0);
  const passed = Number((/Passed:\s+(\d+)/.exec(plain) ?? [])[1] ?? 0);
  const line = `${passed} passed, ${total - passed} failed`;
  process.stdout.write(`\n${line}\n`);
  mkdirSync("coverage", { recursive: true });
  writeFileSync("coverage/test-summary.txt", line + "\n");
  process.exit(code ?? 1);
});
