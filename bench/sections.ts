/**
 * The benchmark sections, in output order. A section whose module does not exist yet is
 * skipped with a note, so `app` and `sim` can be listed before anyone writes them: create
 * bench/app.ts default-exporting a Section (./section.ts) and it runs.
 */
export const SECTIONS: { name: string; module: string }[] = [
  { name: "parser", module: "./parser.ts" },
  { name: "app", module: "./app.ts" },
  { name: "sim", module: "./sim.ts" },
  // Skipped (saying why) unless $ESPRUINO names an Espruino Linux build.
  { name: "espruino", module: "./espruino.ts" },
];
