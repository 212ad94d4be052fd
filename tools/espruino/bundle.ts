/**
 * One script Espruino can load: esbuild's IIFE at ES2015, the lowest it targets. That lowers
 * `?.`, `??` and class fields, and keeps the rest of ES2015 as written: what Espruino lacks
 * of it is kept out of src/ and hosts/espruino by the lint rules (tools/lint/device-rules.mjs).
 */
import { build } from "esbuild";

export async function bundleForEspruino(entryFile: string, options: { minify: boolean }): Promise<string> {
  const result = await build({
    entryPoints: [entryFile],
    bundle: true,
    write: false,
    format: "iife",
    target: "es2015",
    platform: "neutral",
    mainFields: ["module", "main"],
    minify: options.minify,
    legalComments: "none",
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}
