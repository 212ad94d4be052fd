/** Moddable's `system` module (modules/io/system): on ESP32 `restart()` is esp_restart(). lin gets hosts/moddable/lin/system.js. */
declare module "system" {
  const System: { restart(): void };
  export default System;
}
