/**
 * Bundles a TypeScript entry into one script that xsnap can `evaluate` (scripts, not modules).
 */
import { build } from "esbuild";

export interface BundleOptions {
  /** Also store the entry's exports on `globalThis[globalName]`. */
  globalName?: string;
  minify?: boolean;
  /**
   * Folders (e.g. "src/") whose modules the device preloads. Once the bundle has run, every
   * module-level binding of theirs is hardened (deep-frozen, prototypes and intrinsics
   * included), as Moddable's linker leaves preloaded objects in flash: a module-level RegExp
   * whose lastIndex is written, or a table that is pushed to, throws here as on the board.
   */
  preload?: string[];
}

/**
 * ES2022 is what the firmware's tsconfig emits for XS, which implements it natively. A lower
 * target would make esbuild lower class fields / `#private` into WeakMaps, changing the very
 * compute and heap figures we measure.
 */
const TARGET = "es2022";
const EXPORTS = "__xsBundleExports";

export async function bundleForXs(entryFile: string, options: BundleOptions = {}): Promise<string> {
  const code = await iife(entryFile, options.minify ?? false);
  // On the device src/ runs as modules, i.e. strict code; an eval'd script is sloppy, so wrap
  // it. The wrapper function also keeps esbuild's `var` from leaking into the global scope.
  const assign = options.globalName ? `globalThis[${JSON.stringify(options.globalName)}] = ` : "";
  const body = options.preload ? withPreload(code, options.preload) : code;
  return `${assign}(function () {\n"use strict";\n${body}\nreturn ${EXPORTS};\n})();\nvoid 0;\n`;
}

/** The hardening goes at the end of esbuild's IIFE, where the module-level names are in scope. */
function withPreload(code: string, folders: string[]): string {
  const exported = code.lastIndexOf("\n  return __toCommonJS(");
  const end = exported >= 0 ? exported : code.lastIndexOf("\n})();");
  if (end < 0) throw new Error("preload: not the shape of esbuild's IIFE");
  return code.slice(0, end + 1) + hardenPreloaded(code, folders) + code.slice(end + 1);
}

/**
 * `harden(name);` for each module-level binding of the preloaded folders. Relies on the
 * shape of esbuild's unminified IIFE: a `// path` comment opens each module, and its
 * module-level declarations sit at two spaces of indentation.
 */
export function hardenPreloaded(code: string, folders: string[]): string {
  const names: string[] = [];
  let preloaded = false;
  for (const line of code.split("\n")) {
    const module = /^  \/\/ (\S+\.[cm]?[jt]s)$/.exec(line);
    if (module) preloaded = folders.some((f) => module[1].startsWith(f));
    const declared = preloaded && /^  (?:var|let|const|function|class) ([A-Za-z_$][\w$]*)/.exec(line);
    if (declared) names.push(declared[1]);
  }
  if (names.length === 0) throw new Error(`no module of ${folders.join(", ")} in the bundle`);
  return names.map((n) => `  harden(${n});\n`).join("");
}

/** Minified size of the entry's bundle (without our wrapper), a proxy for image size. */
export async function bundleBytes(entryFile: string): Promise<number> {
  return Buffer.byteLength(await iife(entryFile, true), "utf8");
}

async function iife(entryFile: string, minify: boolean): Promise<string> {
  const result = await build({
    entryPoints: [entryFile],
    bundle: true,
    write: false,
    format: "iife",
    globalName: EXPORTS,
    target: TARGET,
    platform: "neutral",
    mainFields: ["module", "main"],
    minify,
    legalComments: "none",
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}
