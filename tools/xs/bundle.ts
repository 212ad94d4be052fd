/**
 * Bundles a TypeScript entry into one script that xsnap can `evaluate` (scripts, not modules).
 */
import { build } from "esbuild";

export interface BundleOptions {
  /** Also store the entry's exports on `globalThis[globalName]`. */
  globalName?: string;
  minify?: boolean;
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
  return `${assign}(function () {\n"use strict";\n${code}\nreturn ${EXPORTS};\n})();\nvoid 0;\n`;
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
