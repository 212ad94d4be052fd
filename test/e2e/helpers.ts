/** Shared by the end-to-end tests: time scale, bounded waits, free ports, a Mosquitto to test against. */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { probeBroker } from "../../hosts/node/broker-url";

/** 20x faster than life: bring-up in well under a second, still far above event-loop jitter. */
export const SCALE = 0.05;

/** Generous real-time bounds: a retry or two under a loaded CI must not fail a test. */
export const ONLINE_MS = 20000;
export const STEP_MS = 8000;

export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export const MOSQUITTO = ["/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"].find((p) => existsSync(p));

/** Mosquitto on a loopback port of its own, anonymous; restart() keeps the port. */
export class Mosquitto {
  private child: ChildProcess | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), "cat1-mosquitto-"));
  readonly conf = join(this.dir, "mosquitto.conf");

  private constructor(
    private readonly binary: string,
    readonly port: number,
  ) {
    writeFileSync(this.conf, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest none\n`);
  }

  static async start(binary: string): Promise<Mosquitto> {
    const m = new Mosquitto(binary, await freePort());
    await m.launch();
    return m;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async restart(downMs: number): Promise<void> {
    await this.kill();
    await new Promise((r) => setTimeout(r, downMs));
    await this.launch();
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async launch(): Promise<void> {
    this.child = spawn(this.binary, ["-c", this.conf], { stdio: "ignore" });
    const address = { host: "127.0.0.1", port: this.port, url: this.url };
    await until(() => this.child?.exitCode === null, 1000, "mosquitto running");
    for (let i = 0; ; i++) {
      try {
        return await probeBroker(address, 500);
      } catch (error) {
        if (i > 50 || this.child?.exitCode !== null) throw error;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  private async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await within(exited, 5000, "mosquitto exit");
  }
}
