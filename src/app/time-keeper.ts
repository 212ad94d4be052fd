import { encodeNtpRequest, ntpTime } from "../cloud/ntp";
import type { Clock, Log } from "../hal";
import type { NetworkTime, NetworkTimeOutcome } from "../modem/network-time";

/** Where the wall-clock time came from. */
export type TimeSource = "none" | "ntp" | "modem";

/** The clock as a console shows it. */
export interface ClockStatus {
  /** Epoch ms (UTC), NaN until the first sync. */
  utcMs: number;
  source: TimeSource;
  /** ms since the last sync, -1 before the first. */
  ageMs: number;
  ntpRequests: number;
  ntpAnswers: number;
  modemQueries: number;
  modemAnswers: number;
}

export interface TimeKeeperOptions {
  clock: Clock;
  log: Log;
  /** Publish an NTP request; false if it could not be queued (tried again later). */
  publishRequest(payload: string): boolean;
  /** The module's network time, or null without one. */
  networkTime: NetworkTime | null;
  /** Re-sync this often (default a day). */
  resyncMs: number;
  /** A sync happened (for a console). */
  onSync?(source: TimeSource, stepMs: number): void;
}

/** An NTP answer not in within this long is given up (the next try follows). */
const NTP_TIMEOUT_MS = 20000;
/** After a failed try. */
const RETRY_MS = 60000;

/**
 * Wall-clock time, kept as an offset from the monotonic clock: set by Aliyun's NTP at every
 * link-up and then daily, or by the module's network time when the cloud cannot answer (no
 * broker, refused credentials). Between syncs the monotonic clock carries it, across
 * reconnects and outages; only a reboot loses it, until the module or the cloud tells it again.
 * NTP is preferred: a modem time never replaces an NTP time younger than two resync periods.
 */
export class TimeKeeper {
  readonly status: ClockStatus = { utcMs: NaN, source: "none", ageMs: -1, ntpRequests: 0, ntpAnswers: 0, modemQueries: 0, modemAnswers: 0 };
  private readonly o: TimeKeeperOptions;
  /** utc = monotonic + offset, once synced. */
  private offset = 0;
  private source: TimeSource = "none";
  private syncedAt = -1;
  private ntpSentAt = -1;
  private nextNtpAt = -1;
  /** The NTP answer did not come since the last link-up: the modem may be asked. */
  private ntpFailed = false;
  private nextModemAt = 0;
  private modemAsking = false;

  constructor(options: TimeKeeperOptions) {
    this.o = options;
  }

  get valid(): boolean {
    return this.syncedAt >= 0;
  }

  /** UTC epoch ms now, NaN before the first sync. */
  now(): number {
    return this.syncedAt >= 0 ? this.o.clock.now() + this.offset : NaN;
  }

  /** The link came up: ask the cloud at once. */
  linkUp(): void {
    this.nextNtpAt = this.o.clock.now();
    this.ntpSentAt = -1;
    this.ntpFailed = false;
  }

  /**
   * From every poll: NTP while online, the module's time while the cloud cannot answer.
   * `modemIdle`: the module is registered and the driver is between commands.
   */
  poll(online: boolean, modemIdle: boolean): void {
    const now = this.o.clock.now();
    if (this.ntpSentAt >= 0) this.checkNtpTimeout(now);
    else if (online && this.nextNtpAt >= 0 && now >= this.nextNtpAt) this.askCloud(now);
    // The module's time while the cloud cannot answer (offline, or no NTP answer).
    if (modemIdle && (!online || this.ntpFailed)) this.askModem(now);
  }

  private checkNtpTimeout(now: number): void {
    if (now - this.ntpSentAt < NTP_TIMEOUT_MS) return;
    this.ntpSentAt = -1;
    this.ntpFailed = true;
    this.nextNtpAt = now + RETRY_MS;
    this.o.log("warn", "time: no NTP answer in " + NTP_TIMEOUT_MS / 1000 + " s");
  }

  /** A message on the NTP response topic. */
  onNtpResponse(payload: string): void {
    if (this.ntpSentAt < 0) return;
    const now = this.o.clock.now();
    const utc = ntpTime(payload, this.ntpSentAt, now);
    if (isNaN(utc)) return;
    this.ntpSentAt = -1;
    this.ntpFailed = false;
    this.status.ntpAnswers++;
    this.nextNtpAt = now + this.o.resyncMs;
    this.set(utc, now, "ntp");
  }

  /** The clock for a console, refreshed in place. */
  refresh(): ClockStatus {
    const s = this.status;
    s.utcMs = this.now();
    s.source = this.source;
    s.ageMs = this.syncedAt >= 0 ? this.o.clock.now() - this.syncedAt : -1;
    return s;
  }

  /** The module's answer (wired by the owner of the NetworkTime). */
  onModemTime(outcome: NetworkTimeOutcome, utcMs: number): void {
    this.modemAsking = false;
    const now = this.o.clock.now();
    if (outcome !== "time") {
      this.nextModemAt = now + RETRY_MS;
      return;
    }
    this.status.modemAnswers++;
    this.nextModemAt = now + this.o.resyncMs;
    if (this.wantsModemTime(now)) this.set(utcMs, now, "modem");
  }

  private wantsModemTime(now: number): boolean {
    if (this.o.networkTime === null) return false;
    if (this.source === "none") return true;
    const age = now - this.syncedAt;
    return this.source === "modem" ? age >= this.o.resyncMs : age >= 2 * this.o.resyncMs;
  }

  private askCloud(now: number): void {
    if (!this.o.publishRequest(encodeNtpRequest(now))) {
      this.nextNtpAt = now + 1000;
      return;
    }
    this.ntpSentAt = now;
    this.status.ntpRequests++;
  }

  private askModem(now: number): void {
    const nt = this.o.networkTime;
    if (this.modemAsking || now < this.nextModemAt || !this.wantsModemTime(now) || nt === null || !nt.query()) return;
    this.modemAsking = true;
    this.nextModemAt = now + RETRY_MS;
    this.status.modemQueries++;
  }

  private set(utc: number, now: number, source: TimeSource): void {
    const step = this.syncedAt >= 0 ? utc - (now + this.offset) : 0;
    this.offset = utc - now;
    this.source = source;
    this.syncedAt = now;
    this.o.log("info", "time: synced by " + source + (step !== 0 ? " (moved " + step + " ms)" : ""));
    if (this.o.onSync) this.o.onSync(source, step);
  }
}
