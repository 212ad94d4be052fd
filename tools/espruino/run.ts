/**
 * Runs a script on Espruino's Linux build ($ESPRUINO, built from Espruino's own source: README
 * "Espruino for Linux") and reads back what it printed. The script reports with lines of
 * `@@<name> <JSON>`; the binary exits once the script has run and no timer is left.
 */
import { spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The binary to run, or a one-line reason why there is none. */
export function espruinoBinary(path: string | undefined): { bin: string } | string {
  if (!path) return "$ESPRUINO is not set (CI cannot build Espruino; README: 'Espruino for Linux')";
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return `$ESPRUINO (${path}) is not an executable file`;
  }
  return { bin: path };
}

export class EspruinoError extends Error {}

export interface EspruinoRun {
  /** What the script printed, banner and prompt left out. */
  lines: string[];
  /** The `@@<name> <JSON>` reports, parsed. */
  reports: Record<string, unknown>;
  wallMs: number;
}

const REPORT = /^@@(\S+) (.*)$/;

/**
 * Run `code` in a fresh directory (the Linux build keeps its flash, `espruino.flash`, in the
 * working directory, so every run starts with empty Storage). Fails on an uncaught error, a
 * non-zero exit, or no exit within `timeoutMs`.
 */
export async function runOnEspruino(bin: string, code: string, timeoutMs: number): Promise<EspruinoRun> {
  const dir = mkdtempSync(join(tmpdir(), "cat1-espruino-"));
  const t0 = Date.now();
  try {
    writeFileSync(join(dir, "main.js"), code);
    const { status, output } = await spawnAndWait(bin, dir, timeoutMs);
    const lines = output.split(/\r?\n/).filter((l) => l !== "" && l !== ">");
    const start = lines.findIndex((l) => /espruino\.com\/Donate/.test(l));
    const printed = lines.slice(start + 1);
    const uncaught = printed.findIndex((l) => /^Uncaught /.test(l));
    if (uncaught >= 0 || status !== 0) {
      throw new EspruinoError(`Espruino ${status !== 0 ? `exited ${status}` : "threw"}:\n  ${printed.slice(Math.max(0, uncaught - 2), uncaught + 8).join("\n  ") || printed.slice(-10).join("\n  ")}`);
    }
    return { lines: printed, reports: reportsOf(printed), wallMs: Date.now() - t0 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function reportsOf(lines: string[]): Record<string, unknown> {
  const reports: Record<string, unknown> = {};
  for (const line of lines) {
    const m = REPORT.exec(line);
    if (m) reports[m[1]] = JSON.parse(m[2]);
  }
  return reports;
}

function spawnAndWait(bin: string, cwd: string, timeoutMs: number): Promise<{ status: number; output: string }> {
  return new Promise((resolve, reject) => {
    // stdin is a pipe left open: with /dev/null the Linux build reads EOF as endless console
    // input, fills its event queue with it and stops reading its serial ports.
    const child = spawn(bin, ["main.js"], { cwd, stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString("latin1")));
    child.stderr.on("data", (d: Buffer) => (output += d.toString("latin1")));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new EspruinoError(`Espruino did not finish within ${timeoutMs} ms; last output:\n  ${output.split("\n").slice(-10).join("\n  ")}`));
    }, timeoutMs);
    child.on("error", (e) => (clearTimeout(timer), reject(e)));
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ status: code ?? 1, output });
    });
  });
}
