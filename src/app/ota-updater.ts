import { OTA_DOWNLOAD_FAILED, OTA_UPGRADE_FAILED, OTA_VERIFY_FAILED, OTA_WRITE_FAILED, OtaOffer, parseOtaOffer } from "../cloud/ota";
import type { Clock, FirmwareWriter, ImageDigest, Log } from "../hal";
import type { DownloadOutcome, DownloadSink, HttpDownload } from "../modem/http-download";

/** Where an update stands (the console shows it). */
export type OtaState = "idle" | "waiting" | "downloading" | "rebooting" | "failed";

/** What the updater asks of the firmware around it. */
export interface OtaHost {
  /** Report progress (1-100) or a failure (OTA_*_FAILED) with a short description. */
  progress(step: number, desc: string): void;
  /** The image is in place: restart into it (after the last progress report is out). */
  restart(): void;
  /** The link is up (downloads wait for it). */
  online(): boolean;
}

export interface OtaOptions {
  clock: Clock;
  log: Log;
  download: Pick<HttpDownload, "active" | "start" | "cancel">;
  writer: FirmwareWriter | null;
  digest: ImageDigest | null;
  /** The running firmware's version. */
  version: string;
  host: OtaHost;
}

/** A download cut short is started again this many times before the update is given up. */
const DOWNLOAD_ATTEMPTS = 3;
/** Progress is reported at most every this many percent (each report is a publish). */
const PROGRESS_EVERY = 10;
/** The last report's time to leave before the restart. */
const RESTART_DELAY_MS = 3000;

/**
 * Firmware updates over the modem: an offer from the cloud is checked, downloaded through
 * the module's HTTP client straight into the update partition (FirmwareWriter) while its
 * digest runs, verified, and only then made the boot image and restarted into. A bad image
 * (refused by the server, cut short, the wrong length or digest, too large, unwritable) is
 * reported with Aliyun's step code and dropped: the running firmware stays the one that
 * boots. The relay is never touched.
 */
export class OtaUpdater implements DownloadSink {
  state: OtaState = "idle";
  /** The offered version (while one is under way or after it failed). */
  target = "";
  /** Percent written of the image under way. */
  percent = 0;
  /** Why the last update failed. */
  error = "";
  private readonly o: OtaOptions;
  private offer: OtaOffer | null = null;
  private attempts = 0;
  private written = 0;
  private reported = 0;
  private writeFailed = false;
  private restartAt = -1;

  constructor(options: OtaOptions) {
    this.o = options;
  }

  /** An upgrade message from the cloud. */
  onOffer(payload: string): void {
    const parsed = parseOtaOffer(payload);
    // The image in place is restarted into: nothing may touch the update partition now.
    if (this.state === "rebooting") return this.o.log("info", "ota: restarting into " + this.target + "; offer ignored");
    if (!parsed.ok) return this.badOffer(parsed.reason);
    const offer = parsed.offer;
    const already = this.alreadyHas(offer.version);
    if (already !== "") return this.o.log("info", "ota: " + offer.version + " " + already);
    // A newer offer replaces the one under way.
    if (this.busy) this.abandon();
    this.target = offer.version;
    this.error = "";
    const problem = this.cannotTake(offer);
    if (problem !== "") return this.refuse(OTA_UPGRADE_FAILED, problem);
    this.offer = offer;
    this.attempts = 0;
    this.state = "waiting";
    this.o.log("info", "ota: offered " + offer.version + " (" + offer.size + " bytes, " + offer.signMethod + ")");
  }

  /** Why an offer of `version` changes nothing ("already running", "already under way"), or "". */
  private alreadyHas(version: string): string {
    if (version === this.o.version) return "already running";
    return this.busy && this.offer !== null && version === this.offer.version ? "already under way" : "";
  }

  /** A message that is no offer: refused, unless an update is under way (it goes on, and no failure is reported for it). */
  private badOffer(reason: string): void {
    if (this.busy) return this.o.log("warn", "ota: bad offer ignored (" + reason + "); " + this.target + " goes on");
    this.target = "";
    this.refuse(OTA_UPGRADE_FAILED, "bad offer: " + reason);
  }

  /** Why this host cannot take the offer, or "". */
  private cannotTake(offer: OtaOffer): string {
    const o = this.o;
    if (o.writer === null || o.digest === null) return "this host cannot write or verify an image";
    if (offer.size > o.writer.capacity) return "image of " + offer.size + " bytes is larger than the update partition (" + o.writer.capacity + ")";
    return o.digest.begin(offer.signMethod) ? "" : "this host cannot compute " + offer.signMethod;
  }

  get busy(): boolean {
    return this.state === "waiting" || this.state === "downloading";
  }

  /** From the firmware's poll: start a download once online; restart when it is time. */
  poll(): void {
    if (this.restartAt >= 0 && this.o.clock.now() >= this.restartAt) {
      this.restartAt = -1;
      this.o.host.restart();
      return;
    }
    if (this.state === "waiting" && this.o.host.online()) this.attempt(this.offer as OtaOffer);
  }

  /** One download of the offer, from the start. */
  private attempt(offer: OtaOffer): void {
    this.attempts++;
    this.written = 0;
    this.reported = 0;
    this.percent = 0;
    this.writeFailed = false;
    if (!(this.o.writer as FirmwareWriter).begin(offer.size)) return this.refuse(OTA_WRITE_FAILED, "the update partition could not be opened");
    (this.o.digest as ImageDigest).begin(offer.signMethod);
    // Downloading before start: a download may end inside it (a module without an HTTP client).
    this.state = "downloading";
    if (!this.o.download.start(offer.url, this)) return this.fail(OTA_DOWNLOAD_FAILED, "the module cannot fetch that url");
    if (this.state === "downloading") this.o.log("info", "ota: downloading " + offer.version + (this.attempts > 1 ? " (attempt " + this.attempts + ")" : ""));
  }

  // ---- DownloadSink ----

  begin(status: number, length: number): boolean {
    const offer = this.offer as OtaOffer;
    if (status === 200 && length === offer.size) return true;
    this.error = status !== 200 ? "the server answered " + status : "the server sends " + length + " bytes, the offer says " + offer.size;
    return false;
  }

  data(bytes: Uint8Array, offset: number, length: number): void {
    if (this.writeFailed) return;
    const o = this.o;
    (o.digest as ImageDigest).update(bytes, offset, length);
    if (!(o.writer as FirmwareWriter).write(bytes, offset, length)) {
      this.writeFailed = true;
      // No point fetching the rest: the download ends now (as "aborted"), reported as -4.
      o.download.cancel();
      return;
    }
    this.written += length;
    const size = (this.offer as OtaOffer).size;
    // Integer percent without a division per piece: only when the next report is due.
    if (this.written * 100 >= (this.reported + PROGRESS_EVERY) * size) this.progressed(size);
  }

  end(outcome: DownloadOutcome, detail: number): void {
    if (this.state !== "downloading") return;
    if (this.writeFailed) return this.fail(OTA_WRITE_FAILED, "writing the image failed at byte " + this.written);
    if (outcome === "done") return this.verify();
    if (outcome === "refused") return this.fail(OTA_DOWNLOAD_FAILED, this.error);
    if (outcome === "unsupported") return this.fail(OTA_UPGRADE_FAILED, "the module has no HTTP client the driver knows");
    const why = outcome === "failed" ? "the module's HTTP client failed (" + detail + ")" : outcome === "cut" ? "the download stopped after " + detail + " bytes" : "the link went down";
    this.retryOrFail(why);
  }

  private progressed(size: number): void {
    const percent = Math.floor((this.written * 100) / size);
    this.percent = percent;
    // 100 is reported once the image is verified and in place.
    if (percent >= 100) return;
    this.reported = percent - (percent % PROGRESS_EVERY);
    this.o.host.progress(percent, "downloading");
  }

  private retryOrFail(why: string): void {
    if (this.attempts >= DOWNLOAD_ATTEMPTS) return this.fail(OTA_DOWNLOAD_FAILED, why + "; gave up after " + this.attempts + " attempts");
    this.o.log("warn", "ota: " + why + "; starting again");
    (this.o.writer as FirmwareWriter).cancel();
    this.state = "waiting";
  }

  private verify(): void {
    const offer = this.offer as OtaOffer;
    const o = this.o;
    const digest = (o.digest as ImageDigest).hex();
    if (this.written !== offer.size) return this.fail(OTA_DOWNLOAD_FAILED, "got " + this.written + " of " + offer.size + " bytes");
    if (digest !== offer.sign) return this.fail(OTA_VERIFY_FAILED, offer.signMethod + " is " + digest + ", the offer says " + offer.sign);
    if (!(o.writer as FirmwareWriter).complete(offer.version)) return this.fail(OTA_WRITE_FAILED, "the image could not be made the boot image");
    this.percent = 100;
    this.state = "rebooting";
    o.log("info", "ota: " + offer.version + " verified and in place; restarting into it");
    o.host.progress(100, "verified, restarting");
    this.restartAt = o.clock.now() + RESTART_DELAY_MS;
  }

  /** Stop the one under way (a newer offer replaces it). */
  private abandon(): void {
    // Idle first: the cancelled download's end() then finds nothing under way.
    this.state = "idle";
    if (this.o.download.active) this.o.download.cancel();
    if (this.o.writer !== null) this.o.writer.cancel();
  }

  private fail(step: number, why: string): void {
    if (this.o.writer !== null) this.o.writer.cancel();
    if (this.o.download.active) this.o.download.cancel();
    this.refuse(step, why);
  }

  private refuse(step: number, why: string): void {
    this.state = "failed";
    this.error = why;
    this.offer = null;
    this.o.log("warn", "ota: " + (this.target !== "" ? this.target + " " : "") + "refused (" + step + "): " + why + "; the running firmware stays");
    this.o.host.progress(step, why);
  }
}
