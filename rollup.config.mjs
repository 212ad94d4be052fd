// Builds the Moddable (XS) host and the core it imports into dist/moddable/ as ES modules,
// which manifest.json hands to mcconfig. See hosts/moddable/README.md.
import typescript from "@rollup/plugin-typescript";

export default {
  // ota-lin: lin's stand-in for ESP32's "ota" module (the manifest maps "ota" to it on lin).
  input: { main: "hosts/moddable/main.ts", "ota-lin": "hosts/moddable/ota-lin.ts" },
  // Provided by the Moddable runtime (or, for "ota" on lin, the manifest), resolved by XS at link time.
  external: ["timer", "time", "preference", "mc/config", "text/decoder", "crypt", "ota", "boot-slot", /^embedded:/],
  output: {
    dir: "dist/moddable",
    format: "es",
    entryFileNames: "[name].js",
    chunkFileNames: "[name].js",
    // Two modules: "app" (the platform-free core under src/) has no top-level side effects, so
    // the manifest preloads it into flash; "main" touches hardware when it runs, so it cannot be.
    manualChunks: (id) => (id.includes("/src/") ? "app" : undefined),
    generatedCode: "es2015",
  },
  plugins: [
    typescript({
      tsconfig: "tsconfig.moddable.json",
      // Without it the plugin filters out node_modules/@moddable/typings and the
      // `embedded:*` module declarations go missing.
      filterRoot: ".",
      compilerOptions: { noEmit: false, outDir: "dist/moddable", sourceMap: false, declaration: false },
      noEmitOnError: true,
    }),
  ],
};
