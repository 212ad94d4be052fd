/** `tsx hosts/node/main.ts ...` as a child process, the way a person starts it, with bounded waits. */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { within } from "./helpers";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export class HostProcess {
  readonly stdoutLines: string[] = [];
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;
  private stdout = "";
  private stderr = "";
  private readonly waiters = new Set<() => void>();

  constructor(args: string[]) {
    this.child = spawn(process.execPath, ["--import", "tsx", "hosts/node/main.ts", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    this.child.stdout!.setEncoding("utf8").on("data", (chunk: string) => this.out(chunk));
    this.child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => this.child.once("exit", (code, signal) => resolve({ code, signal, stdout: this.stdout, stderr: this.stderr })));
  }

  /** The first stdout line (so far or to come) matching `pattern`. */
  waitForLine(pattern: RegExp, ms: number): Promise<string> {
    return within(
      new Promise<string>((resolve) => {
        const check = (): void => {
          const line = this.stdoutLines.find((l) => pattern.test(l));
          if (line === undefined) return;
          this.waiters.delete(check);
          resolve(line);
        };
        this.waiters.add(check);
        check();
      }),
      ms,
      `a line matching ${pattern} (stdout so far:\n${this.stdout}\nstderr:\n${this.stderr})`,
    );
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Makes sure the child is gone (test cleanup). */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
    await this.exited;
  }

  private out(chunk: string): void {
    this.stdout += chunk;
    const lines = this.stdout.split("\n");
    this.stdoutLines.splice(0, this.stdoutLines.length, ...lines.slice(0, -1));
    for (const check of [...this.waiters]) check();
  }
}

/** Runs to the end (for the error cases). */
export async function runHost(args: string[], ms = 20000): Promise<Exit> {
  const host = new HostProcess(args);
  try {
    return await within(host.exited, ms, `exit of main.ts ${args.join(" ")}`);
  } finally {
    await host.kill();
  }
}
