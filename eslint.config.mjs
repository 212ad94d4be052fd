import tseslint from "typescript-eslint";
import device, { ESPRUINO_GLOBALS, ESPRUINO_SYNTAX } from "./tools/lint/device-rules.mjs";

export default tseslint.config(
  // boot-slot.js declares XS host functions (`@ "name"`), syntax no other parser reads.
  { ignores: ["node_modules/", "dist/", "build/", "coverage/", ".scratch*/", ".stryker-tmp/", "reports/", "hosts/moddable/boot-slot/*.js"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.mjs"],
    rules: {
      // The bar FreeRTOS coreMQTT holds itself to.
      complexity: ["error", 8],
    },
  },
  {
    // What runs on the device: Moddable's preload, the ESP32's stack, Espruino's interpreter.
    files: ["src/**/*.ts"],
    plugins: { device },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "device/no-module-state": "error",
      "device/no-apply": "error",
      "device/no-recursion": "error",
      "device/espruino-regex": "error",
      "device/declared-before-load": "error",
      "no-restricted-syntax": ["error", ...ESPRUINO_SYNTAX],
      "no-restricted-globals": ["error", ...ESPRUINO_GLOBALS],
    },
  },
  {
    // The Espruino host runs on Espruino's interpreter too; it may use platform globals and
    // has a module-level entry point, so only the Espruino rules apply.
    files: ["hosts/espruino/**/*.ts"],
    plugins: { device },
    rules: {
      "device/no-apply": "error",
      "device/no-recursion": "error",
      "device/espruino-regex": "error",
      "device/declared-before-load": "error",
      "no-restricted-syntax": ["error", ...ESPRUINO_SYNTAX],
      "no-restricted-globals": ["error", ...ESPRUINO_GLOBALS],
    },
  },
);
