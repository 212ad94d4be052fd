/**
 * The Espruino host itself (dist/espruino's bundle of hosts/espruino) on Espruino's Linux
 * build, its Serial2 on a pty whose other end is this project's EC600S simulator, talking
 * MQTT to the embedded Aliyun-compatible broker: the way tools/moddable/lin-run.ts runs the
 * Moddable host. Settings reach it as on a board, through the Storage file cat1.json.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ReadStream, WriteStream } from "node:tty";
import { fileURLToPath } from "node:url";
import { startBroker, type RunningBroker } from "../../sim/broker";
import { connectConsole, type CloudConsole } from "../../sim/broker/console";
import { Ec600sSimulator, realTimers, tcpMqttTransport } from "../../sim/ec600s";
import { DEMO_CONSOLE, DEMO_DEVICE } from "../../hosts/node/demo-device";
import { CONFIG_FILE } from "../../hosts/espruino/board";
import { bundleForEspruino } from "./bundle";

const ENTRY = fileURLToPath(new URL("../../hosts/espruino/main.ts", import.meta.url));
const { productKey: PK, deviceName: DN } = DEMO_DEVICE;
// A quick module; the firmware's own timing is what is under test.
const DELAYS = { boot: 1500, registration: 300, pdpActivation: 200, mqttOpen: 50, mqttConnect: 50, subscribe: 20, response: 5 };

export class PtyRunError extends Error {}

export interface PtyCheck {
  name: string;
  ms: number;
  detail: string;
}

/** What the run needs besides the binary: socat for the pty pair. */
export function ptyTools(): string | null {
  return spawnSync("sh", ["-c", "command -v socat"]).status === 0 ? null : "socat is missing (Debian package socat)";
}

/** Lines the app printed, with a way to wait for one. */
class AppLog {
  readonly lines: string[] = [];
  private partial = "";
  private waiters: Array<{ re: RegExp; resolve(line: string): void }> = [];

  push(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r?\n/);
    this.partial = parts.pop() ?? "";
    // The console redraws its prompt (">" and ESC[J) in front of whatever is printed next.
    for (const line of parts.map((l) => l.replace(/^(>?\r?\x1b\[J)+/, ""))) {
      this.lines.push(line);
      this.waiters = this.waiters.filter((w) => !(w.re.test(line) && (w.resolve(line), true)));
    }
  }

  mark(): number {
    return this.lines.length;
  }

  async wait(re: RegExp, from: number, ms: number, what: string): Promise<string> {
    const seen = this.lines.slice(from).find((l) => re.test(l));
    if (seen) return seen;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new PtyRunError(`${what}: no line matching ${re} within ${ms} ms; last lines:\n  ${this.lines.slice(-12).join("\n  ")}`)), ms);
      this.waiters.push({ re, resolve: (line) => (clearTimeout(timer), resolve(line)) });
    });
  }
}

interface Rig {
  cloud: CloudConsole;
  sim: Ec600sSimulator;
  appLog: AppLog;
  stepMs: number;
}

/** A valid property/set of exactly `bytes` bytes: the padding is a member the firmware ignores. */
function paddedSet(id: string, value: number, bytes: number): string {
  const head = `{"id":"${id}","version":"1.0","params":{"PowerSwitch_1":${value}},"method":"thing.service.property.set","pad":"`;
  return head + "x".repeat(Math.max(0, bytes - head.length - 2)) + '"}';
}

const CHECKS: Array<[string, (rig: Rig) => Promise<string>]> = [
  ["online", async (rig) => (await rig.appLog.wait(/modem online/, 0, rig.stepMs, "online"), "on the broker")],
  [
    "a property set switches the relay, set_reply 200, then the post",
    async (rig) => {
      const from = rig.appLog.mark();
      const posted = rig.cloud.waitFor("propertyPost", (p) => p.params.PowerSwitch_1 === 1, rig.stepMs);
      const id = await rig.cloud.setProperty(PK, DN, { PowerSwitch_1: 1 });
      const [reply] = await rig.cloud.waitFor("setReply", (r) => r.id === id, rig.stepMs);
      await rig.appLog.wait(/relay -> 1/, from, rig.stepMs, "relay");
      await posted;
      if (reply.code !== 200) throw new PtyRunError(`set_reply ${reply.code}`);
      return `id ${id}: relay 1, set_reply ${reply.code}, post PowerSwitch_1=1`;
    },
  ],
  [
    "a 1 KB set is answered",
    async (rig) => {
      const id = String(Date.now() % 1e9);
      const payload = paddedSet(id, 0, 1024);
      const replied = rig.cloud.waitFor("setReply", (r) => r.id === id, rig.stepMs);
      await rig.cloud.publish(`/sys/${PK}/${DN}/thing/service/property/set`, payload, 0);
      const [reply] = await replied;
      return `id ${id}: ${payload.length} B, set_reply ${reply.code}`;
    },
  ],
  [
    "a spontaneous module RDY is recovered",
    async (rig) => {
      const from = rig.appLog.mark();
      rig.sim.inject("reboot");
      await rig.appLog.wait(/RDY|rebooted|module reset/i, from, rig.stepMs, "RDY noticed");
      await rig.appLog.wait(/modem online/, from, rig.stepMs, "back online after RDY");
      const id = await rig.cloud.setProperty(PK, DN, { PowerSwitch_1: 1 });
      const [reply] = await rig.cloud.waitFor("setReply", (r) => r.id === id, rig.stepMs);
      return `online again; set ${id} answered ${reply.code}`;
    },
  ],
];

async function waitForPath(path: string, ms: number): Promise<void> {
  for (const end = Date.now() + ms; !existsSync(path); ) {
    if (Date.now() > end) throw new PtyRunError(`${path} did not appear`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The EC600S simulator on the "modem" end of the pty. */
function moduleOnPty(path: string): { sim: Ec600sSimulator; close(): void } {
  const fd = openSync(path, "r+");
  const input = new ReadStream(fd);
  const output = new WriteStream(fd);
  const sim = new Ec600sSimulator({ onData: (b) => output.write(Buffer.from(b)), transport: tcpMqttTransport(), timers: realTimers(1), delays: DELAYS });
  input.on("data", (b: Buffer) => sim.write(new Uint8Array(b)));
  return {
    sim,
    close: () => {
      sim.close();
      input.destroy();
      output.destroy();
    },
  };
}

/**
 * What a board holds: the settings in Storage, and the bundle as a Storage file run from
 * flash (as `.bootcde` is at boot), so its functions' code stays in flash, not in RAM.
 */
async function appScript(broker: RunningBroker, modemDevice: string): Promise<string> {
  const settings = { productKey: PK, deviceName: DN, deviceSecret: DEMO_DEVICE.deviceSecret, mqttHost: broker.host, mqttPort: broker.port, modemDevice };
  const bundle = await bundleForEspruino(ENTRY, { minify: true });
  return [
    `require("Storage").writeJSON(${JSON.stringify(CONFIG_FILE)}, ${JSON.stringify(settings)});`,
    `require("Storage").write("cat1.js", ${JSON.stringify(bundle)});`,
    `eval(require("Storage").read("cat1.js"));`,
  ].join("\n");
}

/** process.memory() of the running app, asked on its console (stdin is Espruino's REPL). */
async function memoryOf(app: ChildProcess, appLog: AppLog, stepMs: number): Promise<{ usage: number; blocksize: number }> {
  const from = appLog.mark();
  app.stdin?.write('print("@@memory " + JSON.stringify(process.memory()))\n');
  const line = await appLog.wait(/@@memory \{/, from, stepMs, "memory");
  return JSON.parse(line.slice(line.indexOf("{")));
}

export interface PtyRunOptions {
  bin: string;
  log?: (line: string) => void;
  /** Bound for each wait (default 60 s: the machine may be busy). */
  stepMs?: number;
}

export interface PtyRun {
  checks: PtyCheck[];
  /** process.memory() once the checks are done: blocks in use, and bytes per block. */
  usageBlocks: number;
  blockSize: number;
  lines: string[];
}

export async function runHostOnPty(options: PtyRunOptions): Promise<PtyRun> {
  const say = options.log ?? ((): void => undefined);
  const dir = mkdtempSync(join(tmpdir(), "cat1-espruino-pty-"));
  const children: ChildProcess[] = [];
  const appLog = new AppLog();
  const broker = await startBroker({ devices: [DEMO_DEVICE], console: DEMO_CONSOLE });
  let pty: { sim: Ec600sSimulator; close(): void } | undefined;
  let cloud: CloudConsole | undefined;
  try {
    children.push(spawn("socat", [`pty,raw,echo=0,link=${dir}/modem`, `pty,raw,echo=0,link=${dir}/host`], { stdio: "ignore" }));
    await waitForPath(`${dir}/host`, 5000);
    await waitForPath(`${dir}/modem`, 5000);
    writeFileSync(join(dir, "main.js"), await appScript(broker, `${dir}/host`));
    pty = moduleOnPty(`${dir}/modem`);
    pty.sim.powerOn();
    // Its own directory: the Linux build keeps its flash (Storage) in espruino.flash there.
    // stdin a pipe left open: with /dev/null the Linux build reads EOF as endless console
    // input, fills its event queue and stops reading Serial2.
    const app = spawn(options.bin, ["main.js"], { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
    children.push(app);
    app.stdout.on("data", (d: Buffer) => appLog.push(d.toString("latin1")));
    app.stderr.on("data", (d: Buffer) => appLog.push(d.toString("latin1")));
    cloud = await connectConsole(broker.url, DEMO_CONSOLE);
    await cloud.watch(PK, DN);
    const stepMs = options.stepMs ?? 60000;
    const checks = await runChecks({ cloud, sim: pty.sim, appLog, stepMs }, say);
    const memory = await memoryOf(app, appLog, stepMs);
    const errors = appLog.lines.filter((l) => /^error: |^Uncaught |error: FIFO_FULL/.test(l));
    if (errors.length > 0) throw new PtyRunError(`the app printed errors:\n  ${errors.join("\n  ")}`);
    return { checks, usageBlocks: memory.usage, blockSize: memory.blocksize, lines: appLog.lines };
  } finally {
    await cloud?.close().catch(() => undefined);
    pty?.close();
    for (const child of children) child.kill("SIGKILL");
    await broker.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runChecks(rig: Rig, say: (line: string) => void): Promise<PtyCheck[]> {
  const done: PtyCheck[] = [];
  for (const [name, body] of CHECKS) {
    const t0 = Date.now();
    const detail = await body(rig);
    done.push({ name, ms: Date.now() - t0, detail });
    say(`espruino host: ${name}: ok (${Date.now() - t0} ms) ${detail}`);
  }
  return done;
}
