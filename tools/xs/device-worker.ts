/**
 * The device-shaped XS worker: xsnap-worker rebuilt with the ESP32 manifest's `creation`
 * limits (stack slots, heap and chunk with their increments, key table), read from
 * manifest.json every time it is built so the two cannot drift. The build reuses the object
 * files @agoric/xsnap compiled at install and compiles two files of ours: the worker's own
 * source with the limits put in, and device/device-budget.c (preloadDone, deviceMemory).
 * The binary is cached under build/ by a hash of everything that goes into it.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BUDGET_C = fileURLToPath(new URL("./device/device-budget.c", import.meta.url));

/** The ESP32 `creation` block of manifest.json, as the device build uses it. */
export interface DeviceCreation {
  chunk: { initial: number; incremental: number };
  heap: { initial: number; incremental: number };
  stack: number;
  keys: { initial: number; incremental: number; name: number; symbol: number };
}

export function deviceCreation(manifestPath = join(ROOT, "manifest.json")): DeviceCreation {
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    platforms?: { esp32?: { creation?: DeviceCreation } };
  };
  const c = manifest.platforms?.esp32?.creation;
  const paths = ["chunk.initial", "chunk.incremental", "heap.initial", "heap.incremental", "stack", "keys.initial", "keys.incremental", "keys.name", "keys.symbol"];
  const bad = paths.filter((path) => !isCount(path.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], c)));
  if (bad.length > 0) throw new Error(`${manifestPath}: platforms.esp32.creation needs whole numbers for ${bad.join(", ")}`);
  return c as DeviceCreation;
}

function isCount(n: unknown): boolean {
  return Number.isInteger(n) && (n as number) >= 0;
}

function xsnapPackage(): string {
  return dirname(createRequire(import.meta.url).resolve("@agoric/xsnap/package.json"));
}

/**
 * The worker's source with the device's stack and key table, and the install hook for our
 * host functions. The heap and chunk start at xsnap's own roomy values: code still has to be
 * loaded; preloadDone() then cuts them to the device budget.
 */
function deviceSource(original: string, c: DeviceCreation): string {
  const creation = /xsCreation _creation = \{[^}]*\};/;
  const install = "modInstallTextDecoder(the);";
  if (!creation.test(original) || !original.includes(install)) {
    throw new Error("xsnap-worker.c has changed shape: update tools/xs/device-worker.ts");
  }
  // Module bodies run at build time on the device (Moddable's linker), not on its stack: the
  // worker loads code with room to spare and preloadDone() leaves the device's stack.
  // xsnap's own builtins need thousands of keys; the device keeps its builtins' keys in flash.
  // The initial count is the stock one, the increment the manifest's.
  const limits = `xsCreation _creation = {
		32 * 1024 * 1024,	/* initialChunkSize: roomy until preloadDone() */
		4 * 1024 * 1024,	/* incrementalChunkSize */
		256 * 1024,		/* initialHeapCount */
		128 * 1024,		/* incrementalHeapCount */
		${c.stack} + 8192,	/* stackCount: the device's after preloadDone(); loading takes more */
		32000,			/* initialKeyCount */
		${Math.max(c.keys.incremental, 1)},		/* incrementalKeyCount: the device's */
		${c.keys.name},		/* nameModulo: the device's */
		${c.keys.symbol},		/* symbolModulo: the device's */
		parserBufferSize,
		1993,
	};`;
  const head = '#include "xsnap.h"';
  return original
    .replace(head, `${head}\nextern void xsDeviceInstall(xsMachine* the);`)
    .replace(creation, limits)
    .replace(install, `${install}\n\txsDeviceInstall(the);`);
}

function compileOptions(pkg: string, version: string, c: DeviceCreation): string[] {
  const xs = join(pkg, "moddable/xs");
  return [
    "-fno-common",
    "-DINCLUDE_XSPLATFORM",
    '-DXSPLATFORM="xsnapPlatform.h"',
    `-DXSNAP_VERSION="${version}"`,
    "-DXSNAP_TEST_RECORD=0",
    "-DmxLockdown=1",
    "-DmxMetering=1",
    "-DmxDebug=1",
    "-UmxInstrument",
    "-DmxNoConsole=1",
    "-DmxBoundsCheck=1",
    "-DmxParse=1",
    "-DmxRun=1",
    "-DmxSloppy=1",
    "-DmxSnapshot=1",
    "-DmxRegExpUnicodePropertyEscapes=1",
    "-DmxStringNormalize=1",
    "-DmxMinusZero=1",
    `-DDEVICE_STACK=${c.stack}`,
    `-DDEVICE_HEAP=${c.heap.initial}`,
    `-DDEVICE_HEAP_INCREMENT=${c.heap.incremental}`,
    `-DDEVICE_CHUNK=${c.chunk.initial}`,
    `-DDEVICE_CHUNK_INCREMENT=${c.chunk.incremental}`,
    `-I${join(xs, "includes")}`,
    `-I${join(xs, "platforms")}`,
    `-I${join(xs, "sources")}`,
    `-I${join(pkg, "xsnap-native/xsnap/sources")}`,
    "-O3",
    "-w",
  ];
}

/** Path of the device-shaped worker, building it first if it is missing or out of date. */
export function deviceWorkerPath(): string {
  const pkg = xsnapPackage();
  const version = (JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")) as { version: string }).version;
  const objects = join(pkg, "xsnap-native/xsnap/build/tmp/lin/release/xsnap-worker");
  if (!existsSync(objects)) throw new Error(`${objects} is missing: run \`npm rebuild @agoric/xsnap\``);
  const c = deviceCreation();
  const original = readFileSync(join(pkg, "xsnap-native/xsnap/sources/xsnap-worker.c"), "utf8");
  const budget = readFileSync(BUDGET_C, "utf8");
  const hash = createHash("sha256").update(JSON.stringify(c)).update(version).update(original).update(budget).update(deviceSource.toString()).digest("hex").slice(0, 16);
  const dir = join(ROOT, "build/xsnap-device", hash);
  const bin = join(dir, "xsnap-worker-device");
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  const source = join(dir, "xsnap-worker-device.c");
  writeFileSync(source, deviceSource(original, c));
  const options = compileOptions(pkg, version, c);
  const cc = process.env.CC || "cc";
  execFileSync(cc, [source, ...options, "-c", "-o", join(dir, `worker.${process.pid}.o`)], { stdio: "inherit" });
  execFileSync(cc, [BUDGET_C, ...options, "-c", "-o", join(dir, `budget.${process.pid}.o`)], { stdio: "inherit" });
  const linked = readdirSync(objects)
    .filter((f) => f.endsWith(".o") && f !== "xsnap-worker.o")
    .map((f) => join(objects, f));
  // Link to a temporary name, then rename: two test processes may build at once.
  const temporary = `${bin}.${process.pid}`;
  execFileSync(cc, ["-rdynamic", ...linked, join(dir, `worker.${process.pid}.o`), join(dir, `budget.${process.pid}.o`), "-ldl", "-lm", "-lpthread", "-o", temporary], { stdio: "inherit" });
  renameSync(temporary, bin);
  return bin;
}
