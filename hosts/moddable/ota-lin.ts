/**
 * lin (the simulator) has no `ota` module and no partitions: the manifest maps "ota" here. It
 * takes an image like the ESP32's module takes it (whole buffers, then complete) and keeps
 * nothing: it only counts, so an update runs end to end (download, digest, progress, restart)
 * and the restart finds the same firmware.
 */
export default class OTA {
  private bytes = 0;

  write(data: ArrayBuffer | Uint8Array): void {
    this.bytes += data.byteLength;
  }

  complete(): void {
    trace("info: ota (lin): " + this.bytes + " bytes taken and not kept: lin has no update partition\n");
  }

  cancel(): void {
    this.bytes = 0;
  }
}
