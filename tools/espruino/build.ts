/**
 * `npm run build:espruino`: hosts/espruino as one minified script, dist/espruino/cat1-switch.js.
 * Upload it to the board's Storage as `.bootcde` (hosts/espruino/README.md).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bundleForEspruino } from "./bundle";

const ENTRY = fileURLToPath(new URL("../../hosts/espruino/main.ts", import.meta.url));
const OUT_DIR = fileURLToPath(new URL("../../dist/espruino/", import.meta.url));
export const OUT_FILE = OUT_DIR + "cat1-switch.js";

const code = await bundleForEspruino(ENTRY, { minify: true });
mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(OUT_FILE, code);
console.log(`dist/espruino/cat1-switch.js: ${Buffer.byteLength(code)} bytes`);
