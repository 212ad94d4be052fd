/**
 * Moddable's `ota` module for ESP32 (build/devices/esp32/modules/ota): the next OTA partition,
 * opened by the constructor (esp_ota_begin, sequential writes: each sector erased as it is
 * reached). Every method throws on failure. On lin the manifest maps "ota" to ota-lin.ts.
 */
declare module "ota" {
  export default class OTA {
    constructor();
    /** All of `data` (ArrayBuffer or a byte view) goes to the partition at once. */
    write(data: ArrayBuffer | Uint8Array): void;
    /** esp_ota_end (the image is checked) and the partition made the boot one. */
    complete(): void;
    cancel(): void;
  }
}
