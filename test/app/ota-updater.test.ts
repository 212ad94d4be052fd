/**
 * OtaUpdater with a fake download, writer and digest (node:crypto) and a fake clock: the
 * order of an update (offer, download while online, progress, verify, boot image, restart
 * after a delay) and each way it is refused with Aliyun's step code.
 */
import { createHash, type Hash } from "node:crypto";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { OtaUpdater } from "../../src/app/ota-updater";
import type { FirmwareWriter, ImageDigest } from "../../src/hal";
import type { DownloadOutcome, DownloadSink } from "../../src/modem/http-download";
import { FakeClock, memoryLog } from "../at/fakes";

const RESTART_DELAY_MS = 3000;
const URL = "https://ota.example.com/fw-1.1.0.bin";

function image(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed * 7 + (i >> 8)) & 255;
  return out;
}

const md5 = (b: Uint8Array): string => createHash("md5").update(b).digest("hex");
const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

function offer(img: Uint8Array, over: Record<string, unknown> = {}): string {
  const data = { size: img.length, version: "1.1.0", url: URL, signMethod: "Md5", sign: md5(img), md5: md5(img), isDiff: 0, ...over };
  return JSON.stringify({ code: "1000", data, id: 1, message: "success" });
}

class FakeDownload {
  active = false;
  starts: string[] = [];
  cancels = 0;
  startResult = true;
  /** End synchronously inside start with this outcome (a module without an HTTP client). */
  endAtStart: DownloadOutcome | null = null;
  sink: DownloadSink | null = null;
  received = 0;

  start(url: string, sink: DownloadSink): boolean {
    if (this.active || !this.startResult) return false;
    this.starts.push(url);
    this.received = 0;
    if (this.endAtStart !== null) {
      sink.end(this.endAtStart, 0);
      return true;
    }
    this.active = true;
    this.sink = sink;
    return true;
  }

  cancel(): void {
    if (!this.active) return;
    this.cancels++;
    this.end("aborted");
  }

  /** The server's answer; false if the sink refused it (the download then ends "refused"). */
  begin(status: number, length: number): boolean {
    const ok = (this.sink as DownloadSink).begin(status, length);
    if (!ok || length <= 0) this.end("refused", status);
    return ok;
  }

  /** Body bytes [from, to) of `img` in pieces of `piece`. */
  data(img: Uint8Array, from: number, to: number, piece: number): void {
    // The pieces come in place from a larger buffer, as from the parser's ring.
    const ring = new Uint8Array(piece + 16);
    for (let at = from; at < to && this.active; at += piece) {
      const n = Math.min(piece, to - at);
      ring.set(img.subarray(at, at + n), 7);
      this.received += n;
      (this.sink as DownloadSink).data(ring, 7, n);
      ring.fill(0xee);
    }
  }

  end(outcome: DownloadOutcome, detail = this.received): void {
    const sink = this.sink as DownloadSink;
    this.active = false;
    this.sink = null;
    sink.end(outcome, detail);
  }

  /** All of `img` in pieces, then done. */
  whole(img: Uint8Array, piece = 512): void {
    if (!this.begin(200, img.length)) return;
    this.data(img, 0, img.length, piece);
    if (this.active) this.end("done");
  }
}

class FakeWriter implements FirmwareWriter {
  capacity = 1 << 20;
  begins: number[] = [];
  bytes: number[] = [];
  cancels = 0;
  completed: string[] = [];
  beginResult = true;
  completeResult = true;
  /** write() refuses once this many bytes are written (-1: never). */
  failAt = -1;
  begin(size: number): boolean {
    this.begins.push(size);
    this.bytes = [];
    return this.beginResult;
  }
  write(bytes: Uint8Array, offset: number, length: number): boolean {
    if (this.failAt >= 0 && this.bytes.length + length > this.failAt) return false;
    for (let i = 0; i < length; i++) this.bytes.push(bytes[offset + i]);
    return true;
  }
  complete(version: string): boolean {
    this.completed.push(version);
    return this.completeResult;
  }
  cancel(): void {
    this.cancels++;
  }
}

class FakeDigest implements ImageDigest {
  methods = ["md5", "sha256"];
  private hash: Hash | null = null;
  begin(method: string): boolean {
    if (this.methods.indexOf(method) < 0) return false;
    this.hash = createHash(method);
    return true;
  }
  update(bytes: Uint8Array, offset: number, length: number): void {
    (this.hash as Hash).update(bytes.subarray(offset, offset + length));
  }
  hex(): string {
    return (this.hash as Hash).digest("hex");
  }
}

function rig(options: { writer?: FirmwareWriter | null; digest?: ImageDigest | null } = {}) {
  const clock = new FakeClock();
  const log = memoryLog();
  const download = new FakeDownload();
  const writer = new FakeWriter();
  const digest = new FakeDigest();
  const progress: Array<[number, string]> = [];
  let restarts = 0;
  let online = true;
  const ota = new OtaUpdater({
    clock,
    log,
    download,
    writer: options.writer === undefined ? writer : options.writer,
    digest: options.digest === undefined ? digest : options.digest,
    version: "1.0.0",
    host: {
      progress: (step, desc) => progress.push([step, desc]),
      restart: () => restarts++,
      online: () => online,
    },
  });
  return {
    clock,
    log,
    download,
    writer,
    digest,
    progress,
    ota,
    restarts: () => restarts,
    setOnline: (v: boolean) => (online = v),
    steps: () => progress.map((p) => p[0]),
  };
}

test("an update: offered, downloaded while online, progress every 10 %, verified, in place, restarted after the delay", () => {
  const r = rig();
  const img = image(10000);
  r.ota.onOffer(offer(img));
  assert.is(r.ota.state, "waiting");
  assert.is(r.ota.target, "1.1.0");
  r.ota.poll();
  assert.equal(r.download.starts, [URL]);
  assert.is(r.ota.state, "downloading");
  assert.equal(r.writer.begins, [10000]);
  // Pieces of 1 %: one report per 10 % on the way.
  r.download.whole(img, 100);
  assert.equal(r.steps(), [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  assert.ok(Buffer.from(r.writer.bytes).equals(Buffer.from(img)), "the image written byte for byte");
  assert.equal(r.writer.completed, ["1.1.0"]);
  assert.is(r.writer.cancels, 0);
  assert.is(r.ota.state, "rebooting");
  assert.is(r.ota.percent, 100);
  r.clock.t += RESTART_DELAY_MS - 1;
  r.ota.poll();
  assert.is(r.restarts(), 0, "the 100 report gets its time to go out");
  r.clock.t += 1;
  r.ota.poll();
  assert.is(r.restarts(), 1);
  r.clock.t += 10000;
  r.ota.poll();
  assert.is(r.restarts(), 1, "once");
});

test("progress: at most one report per 10 %, whatever the pieces, and 100 only after verification", () => {
  const r = rig();
  const img = image(99991);
  r.ota.onOffer(offer(img));
  r.ota.poll();
  assert.ok(r.download.begin(200, img.length));
  r.download.data(img, 0, img.length, 333);
  const steps = r.steps();
  assert.ok(steps.length >= 9 && steps.length <= 10, String(steps));
  for (let i = 0; i < steps.length; i++) {
    assert.ok(steps[i] >= 10 * (i + 1) && steps[i] < 10 * (i + 2) && steps[i] < 100, String(steps));
  }
  assert.not.ok(steps.includes(100), "every byte in, not yet verified");
  r.download.end("done");
  assert.is(r.steps().pop(), 100);
});

test("one big piece: one report, then 100 after verification", () => {
  const r = rig();
  const img = image(1000);
  r.ota.onOffer(offer(img));
  r.ota.poll();
  r.download.begin(200, 1000);
  r.download.data(img, 0, 950, 950);
  assert.equal(r.steps(), [95]);
  r.download.data(img, 950, 1000, 50);
  r.download.end("done");
  assert.equal(r.steps(), [95, 100]);
});

test("SHA256 offers are verified with SHA-256", () => {
  const r = rig();
  const img = image(3000);
  r.ota.onOffer(offer(img, { signMethod: "SHA256", sign: sha256(img) }));
  r.ota.poll();
  r.download.whole(img);
  assert.is(r.ota.state, "rebooting");
});

test("digest mismatch: -3, nothing made the boot image, no restart", () => {
  const r = rig();
  const img = image(5000);
  const tampered = img.slice();
  tampered[4000] ^= 1;
  r.ota.onOffer(offer(img));
  r.ota.poll();
  r.download.whole(tampered);
  assert.is(r.steps().pop(), -3);
  assert.equal(r.writer.completed, []);
  assert.ok(r.writer.cancels >= 1);
  assert.is(r.ota.state, "failed");
  assert.match(r.ota.error, md5(img));
  r.clock.t += 100000;
  r.ota.poll();
  assert.is(r.restarts(), 0);
  assert.not.ok(r.steps().includes(100));
});

test("the writer refuses a piece: -4 at once, the download stopped there; nothing more written", () => {
  const r = rig();
  const img = image(8000);
  r.writer.failAt = 3000;
  r.ota.onOffer(offer(img));
  r.ota.poll();
  r.download.whole(img, 1000);
  assert.is(r.writer.bytes.length, 3000);
  assert.is(r.download.cancels, 1, "the download stopped at the refused piece");
  assert.equal(r.steps().filter((s) => s < 0), [-4]);
  assert.is(r.steps().pop(), -4);
  assert.equal(r.writer.completed, []);
  assert.is(r.ota.state, "failed");
  assert.is(r.restarts(), 0);
});

test("the partition cannot be opened, or the image not made the boot image: -4", () => {
  const a = rig();
  a.writer.beginResult = false;
  a.ota.onOffer(offer(image(100)));
  a.ota.poll();
  assert.equal(a.steps(), [-4]);
  assert.equal(a.download.starts, []);
  const b = rig();
  b.writer.completeResult = false;
  const img = image(100);
  b.ota.onOffer(offer(img));
  b.ota.poll();
  b.download.whole(img);
  assert.equal(b.writer.completed, ["1.1.0"]);
  assert.is(b.steps().pop(), -4);
  assert.is(b.ota.state, "failed");
  b.clock.t += 100000;
  b.ota.poll();
  assert.is(b.restarts(), 0);
});

test("an image larger than the update partition: -1 at the offer, nothing downloaded", () => {
  const r = rig();
  r.writer.capacity = 4096;
  r.ota.onOffer(offer(image(4097)));
  assert.equal(r.steps(), [-1]);
  assert.match(r.ota.error, "4097");
  r.ota.poll();
  assert.equal(r.download.starts, []);
  // Exactly the capacity fits.
  r.ota.onOffer(offer(image(4096)));
  assert.is(r.ota.state, "waiting");
});

test("the running version is not offered again: ignored, nothing reported", () => {
  const r = rig();
  r.ota.onOffer(offer(image(100), { version: "1.0.0" }));
  assert.is(r.ota.state, "idle");
  assert.equal(r.progress, []);
  r.ota.poll();
  assert.equal(r.download.starts, []);
});

test("the same offer again while it is under way: ignored (no second download, nothing cancelled)", () => {
  const r = rig();
  const img = image(4000);
  r.ota.onOffer(offer(img));
  r.ota.onOffer(offer(img));
  r.ota.poll();
  r.download.begin(200, img.length);
  r.download.data(img, 0, 2000, 500);
  r.ota.onOffer(offer(img));
  assert.equal(r.download.starts, [URL]);
  assert.is(r.download.cancels, 0);
  r.download.data(img, 2000, 4000, 500);
  r.download.end("done");
  assert.is(r.ota.state, "rebooting");
});

test("a newer offer replaces the one under way: its download cancelled without a failure report", () => {
  const r = rig();
  const img = image(4000);
  r.ota.onOffer(offer(img));
  r.ota.poll();
  r.download.begin(200, img.length);
  r.download.data(img, 0, 2000, 500);
  const newer = image(3000, 2);
  r.ota.onOffer(offer(newer, { version: "1.2.0", url: "https://ota.example.com/fw-1.2.0.bin" }));
  assert.is(r.download.cancels, 1);
  assert.ok(r.writer.cancels >= 1);
  assert.is(r.ota.state, "waiting");
  assert.is(r.ota.target, "1.2.0");
  assert.not.ok(r.steps().some((s) => s < 0), String(r.steps()));
  r.ota.poll();
  assert.equal(r.download.starts, [URL, "https://ota.example.com/fw-1.2.0.bin"]);
  r.download.whole(newer);
  assert.equal(r.writer.completed, ["1.2.0"]);
});

test("a cut download starts again (writer and digest from the start), up to 3 attempts, then -2", () => {
  const r = rig();
  const img = image(6000);
  r.ota.onOffer(offer(img));
  for (let attempt = 1; attempt <= 3; attempt++) {
    r.ota.poll();
    assert.is(r.download.starts.length, attempt);
    assert.is(r.ota.state, "downloading");
    r.download.begin(200, img.length);
    r.download.data(img, 0, 3000, 1000);
    r.download.end("cut");
    if (attempt < 3) assert.is(r.ota.state, "waiting", "attempt " + attempt);
  }
  assert.is(r.ota.state, "failed");
  assert.is(r.steps().pop(), -2);
  assert.match(r.ota.error, "3 attempts");
  r.ota.poll();
  assert.is(r.download.starts.length, 3, "no fourth");
  assert.equal(r.writer.begins, [6000, 6000, 6000]);
});

test("a retry after a cut verifies only its own bytes (the digest starts over)", () => {
  const r = rig();
  const img = image(6000);
  r.ota.onOffer(offer(img));
  r.ota.poll();
  r.download.begin(200, img.length);
  r.download.data(img, 0, 3000, 1000);
  r.download.end("failed", 717);
  r.ota.poll();
  r.download.whole(img);
  assert.is(r.ota.state, "rebooting");
  assert.ok(Buffer.from(r.writer.bytes).equals(Buffer.from(img)));
  // Progress starts over too: the second attempt reports 10 % again.
  assert.ok(r.steps().filter((s) => s === 10 || (s > 10 && s < 20)).length >= 2, String(r.steps()));
});

test("the link going down mid-download counts as an attempt; the next waits for the link", () => {
  const r = rig();
  const img = image(6000);
  r.ota.onOffer(offer(img));
  r.ota.poll();
  r.download.begin(200, img.length);
  r.download.data(img, 0, 1000, 1000);
  r.setOnline(false);
  r.download.cancel();
  assert.is(r.ota.state, "waiting");
  r.ota.poll();
  assert.is(r.download.starts.length, 1, "not while offline");
  r.setOnline(true);
  r.ota.poll();
  assert.is(r.download.starts.length, 2);
});

test("the server answers 404: -2 at once, no retry", () => {
  const r = rig();
  r.ota.onOffer(offer(image(100)));
  r.ota.poll();
  assert.not.ok(r.download.begin(404, 162));
  assert.equal(r.steps(), [-2]);
  assert.match(r.ota.error, "404");
  r.ota.poll();
  assert.is(r.download.starts.length, 1);
});

test("the server sends another length than offered: -2", () => {
  const r = rig();
  r.ota.onOffer(offer(image(100)));
  r.ota.poll();
  assert.not.ok(r.download.begin(200, 101));
  assert.equal(r.steps(), [-2]);
  assert.match(r.ota.error, "101");
});

test("a module without an HTTP client (the download ends inside start): -1, not stuck downloading", () => {
  const r = rig();
  r.download.endAtStart = "unsupported";
  r.ota.onOffer(offer(image(100)));
  r.ota.poll();
  assert.is(r.ota.state, "failed");
  assert.equal(r.steps(), [-1]);
  assert.ok(r.writer.cancels >= 1);
});

test("the download cannot start (a URL the module refuses): -2", () => {
  const r = rig();
  r.download.startResult = false;
  r.ota.onOffer(offer(image(100)));
  r.ota.poll();
  assert.equal(r.steps(), [-2]);
  assert.is(r.ota.state, "failed");
});

test("a host without a writer or digest, or a digest without SHA-256: -1 at the offer", () => {
  for (const r of [rig({ writer: null }), rig({ digest: null })]) {
    r.ota.onOffer(offer(image(100)));
    assert.equal(r.steps(), [-1]);
    assert.is(r.ota.state, "failed");
  }
  const r = rig();
  r.digest.methods = ["md5"];
  const img = image(100);
  r.ota.onOffer(offer(img, { signMethod: "SHA256", sign: sha256(img) }));
  assert.equal(r.steps(), [-1]);
  assert.match(r.ota.error, "sha256");
});

test("a bad offer: -1 with the reason; the last target is not blamed", () => {
  const r = rig();
  r.ota.onOffer(offer(image(100), { size: 0 }));
  assert.equal(r.steps(), [-1]);
  assert.match(r.ota.error, "size");
  assert.is(r.ota.target, "");
  r.ota.onOffer("garbage");
  assert.equal(r.steps(), [-1, -1]);
});

test("a bad offer while an update is under way: ignored, the update goes on", () => {
  const r = rig();
  const img = image(3000);
  r.ota.onOffer(offer(img));
  r.ota.poll();
  r.download.begin(200, img.length);
  r.download.data(img, 0, 1000, 1000);
  r.ota.onOffer("{not json");
  r.ota.onOffer(offer(img, { url: 5 }));
  assert.is(r.ota.state, "downloading");
  assert.not.ok(r.steps().some((s) => s < 0));
  r.download.data(img, 1000, 3000, 1000);
  r.download.end("done");
  assert.is(r.ota.state, "rebooting");
});

test("an offer while restarting into the new image: ignored, the partition untouched, the restart happens", () => {
  const r = rig();
  const img = image(1000);
  r.ota.onOffer(offer(img));
  r.ota.poll();
  r.download.whole(img);
  assert.is(r.ota.state, "rebooting");
  r.ota.onOffer(offer(image(500, 3), { version: "1.2.0" }));
  r.ota.onOffer("garbage");
  assert.is(r.ota.state, "rebooting");
  r.clock.t += 1000;
  r.ota.poll();
  assert.equal(r.writer.begins, [1000], "no second image over the one about to boot");
  assert.equal(r.download.starts, [URL]);
  r.clock.t += RESTART_DELAY_MS;
  r.ota.poll();
  assert.is(r.restarts(), 1);
  assert.is(r.steps().pop(), 100);
});

test("after a failure the same version may be offered again and succeed", () => {
  const r = rig();
  const img = image(2000);
  r.ota.onOffer(offer(img));
  r.ota.poll();
  r.download.begin(404, 0);
  assert.is(r.ota.state, "failed");
  r.ota.onOffer(offer(img));
  assert.is(r.ota.state, "waiting");
  assert.is(r.ota.error, "");
  r.ota.poll();
  r.download.whole(img);
  assert.is(r.ota.state, "rebooting");
});

test.run();
