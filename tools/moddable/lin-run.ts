/**
 * The firmware on Moddable's own runtime: built for `lin` with the SDK's tools (mcconfig, the
 * XS compiler and linker, the same preload as the ESP32 build), run in `mcsim` under Xvfb,
 * its modem UART on a pty whose other end is this project's EC600S simulator, talking MQTT
 * to the embedded Aliyun-compatible broker. Each check drives the device from outside, as a
 * user with a real module would, and reads the app's own log.
 *
 *   MODDABLE=/path/to/moddable npm run test:moddable
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ReadStream, WriteStream } from "node:tty";
import { fileURLToPath } from "node:url";
import { startBroker, type RunningBroker } from "../../sim/broker";
import { connectConsole, type CloudConsole } from "../../sim/broker/console";
import { Ec600sSimulator, realTimers, tcpMqttTransport } from "../../sim/ec600s";
import { SimFiles } from "../../sim/ota/files";
import { DEMO_CONSOLE, DEMO_DEVICE } from "../../hosts/node/demo-device";
import { linkProblems } from "./link-check";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Where lin's `preference` module keeps NVS (its config.file.root is /tmp/). */
const LIN_PREFERENCES = "/tmp/modpreferences.json";
const { productKey: PK, deviceName: DN } = DEMO_DEVICE;
// A quick module; the firmware's own timing is what is under test.
const DELAYS = { boot: 1500, registration: 300, pdpActivation: 200, mqttOpen: 50, mqttConnect: 50, subscribe: 20, response: 5 };

export interface LinCheck {
  name: string;
  ms: number;
  detail: string;
}

export class LinRunError extends Error {}

/** What the SDK must provide; a one-line reason if it does not. */
export function moddableTools(moddable: string | undefined): { bin: string } | string {
  if (!moddable) return "$MODDABLE is not set (CI has no Moddable SDK; README: 'Moddable SDK on Linux')";
  const bin = join(moddable, "build/bin/lin/release");
  for (const tool of ["mcconfig", "xsc", "xsl", "mcrez", "mcsim"]) {
    if (!existsSync(join(bin, tool))) return `${join(bin, tool)} is missing: build the SDK's Linux tools (build/makefiles/lin)`;
  }
  for (const tool of ["socat", "xvfb-run"]) {
    if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) return `${tool} is missing (Debian packages socat, xvfb)`;
  }
  return { bin };
}

/** Lines the app logged, with a way to wait for one. */
class AppLog {
  readonly lines: string[] = [];
  private partial = "";
  private waiters: Array<{ re: RegExp; from: number; resolve(line: string): void }> = [];

  push(chunk: string): void {
    const parts = (this.partial + chunk).split("\n");
    this.partial = parts.pop() ?? "";
    for (const line of parts) {
      this.lines.push(line);
      this.waiters = this.waiters.filter((w) => !(w.re.test(line) && (w.resolve(line), true)));
    }
  }

  mark(): number {
    return this.lines.length;
  }

  /** The relay's level as the app last drove it (lin logs its pins); it persists across runs. */
  relay(): number {
    for (let i = this.lines.length - 1; i >= 0; i--) {
      const m = /relay -> ([01])/.exec(this.lines[i]);
      if (m) return Number(m[1]);
    }
    throw new LinRunError("the app never logged its relay level");
  }

  /** The first line matching `re` logged at or after `from`. */
  async wait(re: RegExp, from: number, ms: number, what: string): Promise<string> {
    const seen = this.lines.slice(from).find((l) => re.test(l));
    if (seen) return seen;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new LinRunError(`${what}: no log line matching ${re} within ${ms} ms; last lines:\n  ${this.lines.slice(-12).join("\n  ")}`)), ms);
      this.waiters.push({ re, from, resolve: (line) => (clearTimeout(timer), resolve(line)) });
    });
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): void {
  const r = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new LinRunError(`${command} ${args.join(" ")} failed (${r.status}):\n${(r.stdout + r.stderr).split("\n").slice(-20).join("\n")}`);
}

/** mcconfig for lin; every XS linker warning about our own modules fails the build. */
function build(bin: string, moddable: string, out: string, modemDevice: string, broker: RunningBroker): string {
  const env = { ...process.env, MODDABLE: moddable, PATH: `${bin}:${process.env.PATH}` };
  run("npx", ["rollup", "-c", "rollup.config.mjs", "--silent"], env, ROOT);
  mkdirSync(out, { recursive: true });
  // No identity on the command line: one image for every unit, the triple is in NVS (seedNvs).
  const args = ["-m", "-p", "lin", "-o", out, "manifest.json"];
  args.push(`modemDevice=${modemDevice}`, `mqttHost=${broker.host}`, `mqttPort=${broker.port}`, `otaTrialMs=${LIN_TRIAL_MS}`);
  const r = spawnSync(join(bin, "mcconfig"), args, { cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const output = r.stdout + r.stderr;
  if (r.status !== 0) throw new LinRunError(`mcconfig failed (${r.status}):\n${output.split("\n").slice(-20).join("\n")}`);
  // Warnings name the module: ours are "main" and "app" (dist/moddable), never the SDK's.
  const ours = output.split("\n").filter((l) => /### warning: "?(main|app)\b/.test(l));
  if (ours.length > 0) throw new LinRunError(`the XS linker warns about our modules (preloaded state is frozen on the device):\n${ours.join("\n")}`);
  // "main" is linked only when it runs: an import that cannot link is a bare "XS abort" at boot.
  const makefile = findFile(join(out, "tmp/lin"), "makefile");
  if (!makefile) throw new LinRunError("mcconfig wrote no lin makefile");
  const unlinked = linkProblems(makefile, ["main", "app"].map((m) => join(ROOT, "dist/moddable", m + ".js")));
  if (unlinked.length > 0) throw new LinRunError(`an import would not link at boot:\n${unlinked.join("\n")}`);
  const so = findFile(join(out, "bin/lin"), "mc.so");
  if (!so) throw new LinRunError("mcconfig built no mc.so");
  return so;
}

function findFile(dir: string, name: string): string | null {
  if (!existsSync(dir)) return null;
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (entry === name) return path;
    const found = statSync(path).isDirectory() ? findFile(path, name) : null;
    if (found) return found;
  }
  return null;
}

async function waitForPath(path: string, ms: number): Promise<void> {
  for (const end = Date.now() + ms; !existsSync(path); ) {
    if (Date.now() > end) throw new LinRunError(`${path} did not appear`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The EC600S simulator on the "modem" end of the pty. */
function moduleOnPty(path: string, files: SimFiles): { sim: Ec600sSimulator; close(): void } {
  const fd = openSync(path, "r+");
  const input = new ReadStream(fd);
  const output = new WriteStream(fd);
  const sim = new Ec600sSimulator({ onData: (b) => output.write(Buffer.from(b)), transport: tcpMqttTransport(), timers: realTimers(1), delays: DELAYS, files });
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

/** A valid property/set of exactly `bytes` bytes: the padding is a member the firmware ignores. */
function paddedSet(id: string, value: number, bytes: number): string {
  const head = `{"id":"${id}","version":"1.0","params":{"PowerSwitch_1":${value}},"method":"thing.service.property.set","pad":"`;
  return head + "x".repeat(Math.max(0, bytes - head.length - 2)) + '"}';
}

export interface LinRunOptions {
  moddable: string;
  bin: string;
  log?: (line: string) => void;
  /** Bound for each wait (default 60 s: the machine may be busy). */
  stepMs?: number;
}

/** What the checks drive: the cloud side, the module, and the app's log. */
interface Rig {
  broker: RunningBroker;
  cloud: CloudConsole;
  sim: Ec600sSimulator;
  /** What the module's HTTP client reaches (firmware images). */
  files: SimFiles;
  appLog: AppLog;
  stepMs: number;
  /**
   * The board off and on again: mcsim ends and starts anew on the same build and NVS, with
   * `slot` as the boot's standing in the app rollback (lin/boot-slot.c reads CAT1_BOOT_SLOT).
   */
  reboot(slot: "" | "pending"): Promise<void>;
}

type Check = [string, (rig: Rig) => Promise<string>];

async function cloudSet(rig: Rig, value: number): Promise<string> {
  const id = await rig.cloud.setProperty(PK, DN, { PowerSwitch_1: value });
  const [reply] = await rig.cloud.waitFor("setReply", (r) => r.id === id, rig.stepMs);
  return `set ${id} answered ${reply.code}`;
}

/** An image of 20 KB: about 2 s through the simulated module's HTTP client. */
const OTA_IMAGE_BYTES = 20 * 1024;

/**
 * Aliyun's upgrade offer for `image`, published until the app takes it: the upgrade topic is
 * subscribed a little after online (and again after each reconnect).
 */
async function offerUntilTaken(rig: Rig, url: string, image: Uint8Array, from: number): Promise<string> {
  const md5 = createHash("md5").update(image).digest("hex");
  const data = { size: image.length, version: "1.1.0", url, signMethod: "Md5", sign: md5, md5, isDiff: 0 };
  const payload = JSON.stringify({ code: "1000", data, id: Date.now(), message: "success" });
  const offer = (): void => void rig.cloud.publish(`/ota/device/upgrade/${PK}/${DN}`, payload, 0).catch(() => undefined);
  const taken = rig.appLog.wait(/ota: offered 1\.1\.0/, from, rig.stepMs, "the offer taken");
  offer();
  const timer = setInterval(offer, 2000);
  try {
    await taken;
  } finally {
    clearInterval(timer);
  }
  return md5;
}

const CHECKS: Check[] = [
  [
    "online, with the identity from NVS (the build carries none)",
    async (rig) => {
      await rig.appLog.wait(/modem online/, 0, rig.stepMs, "online");
      return `broker sees ${DN}: ${rig.broker.isOnline(PK, DN)}`;
    },
  ],
  [
    "a bad NVS value is reported and removed at boot",
    async (rig) => rig.appLog.wait(/NVS cat1\/relay holds a string of 2, not an integer: removed, default used/, 0, rig.stepMs, "NVS check"),
  ],
  [
    "a property set switches the relay, set_reply 200, then the post",
    async (rig) => {
      const from = rig.appLog.mark();
      // The other level than the one the app restored at boot (NVS keeps it between runs).
      const value = 1 - rig.appLog.relay();
      const posted = rig.cloud.waitFor("propertyPost", (p) => p.params.PowerSwitch_1 === value, rig.stepMs);
      posted.catch(() => undefined); // awaited below, after the reply
      const id = await rig.cloud.setProperty(PK, DN, { PowerSwitch_1: value });
      const [reply] = await rig.cloud.waitFor("setReply", (r) => r.id === id, rig.stepMs);
      await rig.appLog.wait(new RegExp(`relay ${value} \\(cloud\\)`), from, rig.stepMs, "relay");
      await rig.appLog.wait(new RegExp(`relay -> ${value}`), from, rig.stepMs, "relay pin");
      await posted;
      if (reply.code !== 200) throw new LinRunError(`set_reply ${reply.code}`);
      return `id ${id}: relay ${value}, set_reply ${reply.code}, post PowerSwitch_1=${value}`;
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
      return "online again; " + (await cloudSet(rig, 1));
    },
  ],
  [
    "a broker restart is recovered",
    async (rig) => {
      const from = rig.appLog.mark();
      const port = rig.broker.port;
      await rig.cloud.close();
      await rig.broker.close();
      await rig.appLog.wait(/modem (recovering|backoff|mqtt|registering)/, from, rig.stepMs, "drop noticed");
      rig.broker = await startBroker({ devices: [DEMO_DEVICE], console: DEMO_CONSOLE, port });
      rig.cloud = await connectConsole(rig.broker.url, DEMO_CONSOLE);
      await rig.cloud.watch(PK, DN);
      // Online is after its subscription: a set sent before that would be lost on Aliyun too.
      await rig.appLog.wait(/modem online/, from, rig.stepMs * 3, "back online on the restarted broker");
      if (!rig.broker.isOnline(PK, DN)) throw new LinRunError("the app says online, the broker does not see it");
      return "back on the broker; " + (await cloudSet(rig, 0));
    },
  ],
  [
    "an update over the modem: downloaded, MD5 by crypt's Digest, written through \"ota\", restart asked",
    async (rig) => {
      const from = rig.appLog.mark();
      const image = new Uint8Array(randomBytes(OTA_IMAGE_BYTES));
      const md5 = await offerUntilTaken(rig, rig.files.put("fw-1.1.0.bin", image), image, from);
      // lin's "ota" stand-in counts what the writer handed it: every byte, in whole blocks and the rest.
      await rig.appLog.wait(new RegExp(`ota \\(lin\\): ${OTA_IMAGE_BYTES} bytes taken`), from, rig.stepMs, "the image written");
      await rig.appLog.wait(/ota: 1\.1\.0 is the next boot image/, from, rig.stepMs, "complete");
      await rig.appLog.wait(/ota: 100 verified, restarting/, from, rig.stepMs, "100 reported");
      await rig.appLog.wait(/restart: this host has no board to restart/, from, rig.stepMs, "the restart asked for");
      return `${OTA_IMAGE_BYTES} B, md5 ${md5}: verified on XS, written, restart asked`;
    },
  ],
  [
    "the update's first boot, never online, is rolled back at the end of its trial window",
    async (rig) => {
      // The broker is away for the whole window: the new image cannot prove itself.
      await rig.cloud.close();
      await rig.broker.close();
      const from = rig.appLog.mark();
      await rig.reboot("pending");
      const failed = await rig.appLog.wait(/ota: the new image failed \(not online and stable within 60 s\): rolling back/, from, LIN_TRIAL_MS + rig.stepMs, "the rollback");
      await rig.appLog.wait(/boot-slot \(lin\): marked invalid, the previous image boots next/, from, rig.stepMs, "ESP-IDF told");
      await rig.appLog.wait(/restart: this host has no board to restart/, from, rig.stepMs, "the restart asked for");
      return failed.replace(/^\w+: /, "");
    },
  ],
  [
    "the previous image, back, reports the rollback once online (step -1)",
    async (rig) => {
      rig.broker = await startBroker({ devices: [DEMO_DEVICE], console: DEMO_CONSOLE, port: rig.broker.port });
      rig.cloud = await connectConsole(rig.broker.url, DEMO_CONSOLE);
      await rig.cloud.watch(PK, DN);
      const progress = otaProgress(rig.cloud);
      const from = rig.appLog.mark();
      await rig.reboot("");
      const [step, desc] = await progress.wait((p) => p[0] === -1, rig.stepMs);
      if (!/rolled back from 1\.1\.0/.test(desc)) throw new LinRunError(`the report says ${JSON.stringify(desc)}`);
      // A good boot: without it the next boots would count as a crash loop (src/app/boot-guard.ts).
      await rig.appLog.wait(/boot: a good boot/, from, rig.stepMs, "the boot counted good");
      return `step ${step}: ${desc}`;
    },
  ],
  [
    "an update's first boot that gets online and stable is kept",
    async (rig) => {
      const from = rig.appLog.mark();
      await rig.reboot("pending");
      await rig.appLog.wait(/modem online/, from, rig.stepMs, "online");
      await rig.appLog.wait(/ota: the new image is online and stable: kept/, from, rig.stepMs, "kept");
      await rig.appLog.wait(/boot-slot \(lin\): marked valid, rollback cancelled/, from, rig.stepMs, "ESP-IDF told");
      return "confirmed: " + (await cloudSet(rig, 1));
    },
  ],
];

/** The trial window the lin build gets (otaTrialMs, its minimum): the rollback check waits it out. */
const LIN_TRIAL_MS = 60000;
/** Online this long counts as stable (NVS stableOnlineMs): the keep check need not wait minutes. */
const LIN_STABLE_MS = 3000;

/** The OTA progress the app publishes ([step, desc]), with a wait for one. */
function otaProgress(cloud: CloudConsole): { wait(match: (p: [number, string]) => boolean, ms: number): Promise<[number, string]> } {
  const seen: Array<[number, string]> = [];
  const topic = `/ota/device/progress/${PK}/${DN}`;
  const subscribed = cloud.mqtt.subscribeAsync(topic);
  cloud.mqtt.on("message", (t, payload) => {
    if (t !== topic) return;
    const params = (JSON.parse(payload.toString()) as { params: { step: string; desc: string } }).params;
    seen.push([Number(params.step), params.desc]);
  });
  return {
    async wait(match, ms) {
      await subscribed;
      for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
        const found = seen.find(match);
        if (found) return found;
      }
      throw new LinRunError(`no OTA progress report as expected within ${ms} ms; seen ${JSON.stringify(seen)}`);
    },
  };
}

/**
 * The device triple in the settings domain (`cfg`, hosts/moddable/settings.ts), as the
 * console's `set` leaves it, and a relay level stored as a string, as a corrupt or foreign
 * NVS entry would be; returns what was there.
 */
function seedNvs(): string | null {
  const before = existsSync(LIN_PREFERENCES) ? readFileSync(LIN_PREFERENCES, "utf8") : null;
  let prefs: Record<string, Record<string, unknown>> = {};
  try {
    prefs = JSON.parse(before ?? "{}") as Record<string, Record<string, unknown>>;
  } catch {
    prefs = {};
  }
  prefs.cat1 = { ...(prefs.cat1 ?? {}), relay: "on" };
  prefs.cfg = { productKey: PK, deviceName: DN, deviceSecret: DEMO_DEVICE.deviceSecret, stableOnlineMs: String(LIN_STABLE_MS) };
  writeFileSync(LIN_PREFERENCES, JSON.stringify(prefs));
  return before;
}

function restorePreferences(before: string | null): void {
  if (before === null) rmSync(LIN_PREFERENCES, { force: true });
  else writeFileSync(LIN_PREFERENCES, before);
}

/** socat's pty pair: the app opens `host`, the simulated module `modem`. */
async function ptyPair(dir: string, children: ChildProcess[]): Promise<ChildProcess> {
  const socat = spawn("socat", [`pty,raw,echo=0,link=${dir}/modem`, `pty,raw,echo=0,link=${dir}/host`], { stdio: "ignore" });
  children.push(socat);
  await waitForPath(`${dir}/host`, 5000);
  await waitForPath(`${dir}/modem`, 5000);
  return socat;
}

function startApp(bin: string, so: string, appLog: AppLog, children: ChildProcess[], slot: string): ChildProcess {
  // mcsim's trace goes through stdio, which a pipe fully buffers: ask for lines.
  const env = { ...process.env, CAT1_BOOT_SLOT: slot };
  const mcsim = spawn("xvfb-run", ["-a", "stdbuf", "-oL", "-eL", join(bin, "mcsim"), so], { stdio: ["ignore", "pipe", "pipe"], detached: true, env });
  children.push(mcsim);
  mcsim.stdout?.on("data", (d: Buffer) => appLog.push(d.toString()));
  mcsim.stderr?.on("data", (d: Buffer) => appLog.push(d.toString()));
  return mcsim;
}

export async function runOnLin(options: LinRunOptions): Promise<LinCheck[]> {
  const say = options.log ?? ((): void => undefined);
  const dir = mkdtempSync(join(tmpdir(), "cat1-lin-"));
  const children: ChildProcess[] = [];
  const appLog = new AppLog();
  const broker = await startBroker({ devices: [DEMO_DEVICE], console: DEMO_CONSOLE });
  let pty: { sim: Ec600sSimulator; close(): void } | undefined;
  let rig: Rig | undefined;
  let seededPreferences: string | null | undefined;
  try {
    let socat = await ptyPair(dir, children);
    say("lin: building with mcconfig (-p lin) ...");
    const so = build(options.bin, options.moddable, join(dir, "build"), `${dir}/host`, broker);
    const files = new SimFiles();
    pty = moduleOnPty(`${dir}/modem`, files);
    pty.sim.powerOn();
    seededPreferences = seedNvs();
    let app = startApp(options.bin, so, appLog, children, "");
    const cloud = await connectConsole(broker.url, DEMO_CONSOLE);
    await cloud.watch(PK, DN);
    const reboot = async (slot: "" | "pending"): Promise<void> => {
      await stopChild(app, children);
      // The module is powered with the board: a new pty pair (socat ends with its app) and a module just switched on.
      pty?.close();
      await stopChild(socat, children);
      rmSync(`${dir}/host`, { force: true });
      rmSync(`${dir}/modem`, { force: true });
      socat = await ptyPair(dir, children);
      pty = moduleOnPty(`${dir}/modem`, files);
      pty.sim.powerOn();
      (rig as Rig).sim = pty.sim;
      appLog.push("----- board restarted" + (slot ? ` (boot slot ${slot})` : "") + " -----\n");
      app = startApp(options.bin, so, appLog, children, slot);
    };
    rig = { broker, cloud, sim: pty.sim, files, appLog, stepMs: options.stepMs ?? 60000, reboot };
    const checks = await runChecks(rig, say);
    // The rollback is logged as an error on purpose: an update failed.
    const errors = appLog.lines.filter((l) => /^error: /.test(l) && !/ota: the new image failed/.test(l));
    if (errors.length > 0) throw new LinRunError(`the app logged errors:\n  ${errors.join("\n  ")}`);
    return checks;
  } finally {
    if (seededPreferences !== undefined) restorePreferences(seededPreferences);
    await tearDown(rig, pty, children, broker);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function tearDown(rig: Rig | undefined, pty: { close(): void } | undefined, children: ChildProcess[], broker: RunningBroker): Promise<void> {
  if (rig) await rig.cloud.close().catch(() => undefined);
  pty?.close();
  for (const child of children) killTree(child);
  await (rig ? rig.broker : broker).close().catch(() => undefined);
}

async function runChecks(rig: Rig, say: (line: string) => void): Promise<LinCheck[]> {
  const done: LinCheck[] = [];
  for (const [name, body] of CHECKS) {
    const t0 = Date.now();
    say(`lin: ${name} ...`);
    const detail = await body(rig).catch((error: Error) => {
      const errors = rig.appLog.lines.filter((l) => /^error: /.test(l)).slice(-5);
      throw new LinRunError(`${name}: ${error.message}${errors.length ? "\nthe app logged:\n  " + errors.join("\n  ") : ""}`);
    });
    done.push({ name, ms: Date.now() - t0, detail });
    say(`lin: ${name}: ok (${Date.now() - t0} ms) ${detail}`);
  }
  return done;
}

/** A child's process group ended, and gone from `children`. */
async function stopChild(child: ChildProcess, children: ChildProcess[]): Promise<void> {
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once("exit", () => r()));
  killTree(child);
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  children.splice(children.indexOf(child), 1);
}

/** xvfb-run starts Xvfb and mcsim as children: end the whole group. */
function killTree(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, "SIGTERM");
  } catch {
    child.kill("SIGTERM");
  }
}
