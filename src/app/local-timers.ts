import { copyEntry, cronMatches, encodeLocalTimer, LOCAL_TIMER_MAX, newTimerEntry, parseCron, TIMER_TARGETS, TIMER_TEXT_MAX, TimerEntry } from "../cloud/timer-model";
import type { Log, Storage } from "../hal";
import { civilMinute, CivilMinute, newCivilMinute } from "./civil-time";

/** NVS: the number of entries; entry i keeps lt<i>f (flags), lt<i>z (zone) and lt<i>t<k> (text). */
export const TIMER_COUNT_KEY = "lt_n";
/** Cron text characters, 4 bits each; 15 ends the text. */
const TEXT_CODES = "0123456789 *,-/";
const CODES_PER_INT = 7;
const TEXT_END = 15;

/** Switches a schedule asks for. */
export interface ScheduleSink {
  scheduleFired(target: number, power: 0 | 1, index: number): void;
}

/**
 * The schedules (LocalTimer), run by the device itself: checked once per local minute
 * against the wall clock, with or without a network. Kept in NVS as integers (the host's
 * storage holds nothing else): a set is saved from the next poll, not in the turn that
 * parsed it, and `saving` holds the set_reply until it is. The count is written 0 first and
 * last, so a power cut mid-save loses the schedules instead of keeping half of them.
 *
 * A minute is looked at once. The minute in which the clock first becomes known (boot,
 * first sync) is not run, and neither is one the clock steps back over or forward past, so
 * nothing missed while off, and nothing a clock correction crosses, is run late or twice.
 */
export class LocalTimers {
  /** Times a schedule switched (or confirmed) the relay. */
  fired = 0;
  readonly entries: TimerEntry[] = [];
  count = 0;
  private readonly storage: Storage;
  private readonly log: Log;
  private readonly sink: ScheduleSink;
  private readonly civil: CivilMinute = newCivilMinute();
  private lastMinute = -1;
  /** Saving: 0 writes the count 0, 1..count an entry each, count + 1 the count; -1 idle. */
  private saveStep = -1;

  constructor(storage: Storage, log: Log, sink: ScheduleSink) {
    this.storage = storage;
    this.log = log;
    this.sink = sink;
    for (let i = 0; i < LOCAL_TIMER_MAX; i++) this.entries.push(newTimerEntry());
    this.load();
  }

  /** A set's schedules wait to be saved; its reply waits with them. */
  get saving(): boolean {
    return this.saveStep >= 0;
  }

  /** Replace every entry (already validated). */
  set(entries: TimerEntry[]): void {
    this.count = entries.length;
    for (let i = 0; i < entries.length; i++) copyEntry(entries[i], this.entries[i]);
    this.saveStep = 0;
    this.log("info", "schedules: " + this.count + " set");
  }

  /** Factory reset. */
  clear(): void {
    this.count = 0;
    this.saveStep = 0;
  }

  json(): string {
    return encodeLocalTimer(this.entries, this.count);
  }

  /** From every poll: save a set, and run the entries once per minute. `utcMs` NaN: no clock yet. */
  poll(utcMs: number): void {
    if (this.saveStep >= 0) this.saveNext();
    if (utcMs !== utcMs) return;
    const minute = Math.floor(utcMs / 60000);
    if (minute === this.lastMinute) return;
    const next = this.lastMinute + 1;
    this.lastMinute = minute;
    if (minute !== next) return;
    for (let i = 0; i < this.count; i++) this.check(i, utcMs);
  }

  private check(index: number, utcMs: number): void {
    const e = this.entries[index];
    if (e.enable !== 1 || e.isValid !== 1) return;
    const c = civilMinute(Math.floor((utcMs + e.tzOffset * 1000) / 60000), this.civil);
    if (!cronMatches(e.cron, c.minute, c.hour, c.day, c.month, c.weekday)) return;
    this.fired++;
    this.sink.scheduleFired(e.target, e.power, index);
  }

  // One step per poll: a whole list at once made the longest turn of all (52,000 XS compute).
  private saveNext(): void {
    const step = this.saveStep;
    try {
      if (step === 0) this.put(TIMER_COUNT_KEY, 0);
      else if (step <= this.count) this.saveEntry(step - 1, this.entries[step - 1]);
      else this.put(TIMER_COUNT_KEY, this.count);
      this.saveStep = step > this.count ? -1 : step + 1;
    } catch (error) {
      this.saveStep = -1;
      this.log("error", "schedules: cannot save: " + String(error));
    }
  }

  private saveEntry(i: number, e: TimerEntry): void {
    const p = "lt" + i;
    this.put(p + "f", e.enable | (e.isValid << 1) | (e.power << 2) | ((e.namedValue ? 1 : 0) << 3) | (e.target << 4));
    this.put(p + "z", e.tzOffset);
    const text = e.timer;
    // TIMER_TEXT_MAX codes plus the end mark.
    for (let k = 0; k * CODES_PER_INT <= text.length; k++) {
      let word = 0;
      for (let j = 0; j < CODES_PER_INT; j++) {
        const at = k * CODES_PER_INT + j;
        const code = at < text.length ? TEXT_CODES.indexOf(text.charAt(at)) : TEXT_END;
        word = word * 16 + code;
      }
      this.put(p + "t" + k, word);
    }
  }

  // NVS pages wear: an unchanged value is not written again.
  private put(key: string, value: number): void {
    if (this.storage.getInt(key) !== value) this.storage.setInt(key, value);
  }

  private load(): void {
    let n = 0;
    try {
      const stored = this.storage.getInt(TIMER_COUNT_KEY);
      n = typeof stored === "number" && stored >= 0 && stored <= LOCAL_TIMER_MAX ? stored : 0;
      for (let i = 0; i < n; i++) {
        const e = this.entries[this.count];
        const why = this.loadEntry(i, e);
        if (why === "") this.count++;
        else this.log("warn", "schedules: entry " + i + " in NVS dropped: " + why);
      }
    } catch (error) {
      this.count = 0;
      this.log("warn", "schedules: cannot read NVS: " + String(error));
    }
  }

  private loadEntry(i: number, e: TimerEntry): string {
    const p = "lt" + i;
    const flags = this.storage.getInt(p + "f");
    const tz = this.storage.getInt(p + "z");
    if (typeof flags !== "number" || typeof tz !== "number") return "incomplete";
    const text = this.loadText(p);
    if (text === null) return "text missing";
    const why = parseCron(text, e.cron);
    if (why !== "") return "Timer " + why;
    e.timer = text;
    return this.unpack(flags, tz, e);
  }

  private unpack(flags: number, tz: number, e: TimerEntry): string {
    e.enable = flags & 1 ? 1 : 0;
    e.isValid = flags & 2 ? 1 : 0;
    e.power = flags & 4 ? 1 : 0;
    e.namedValue = (flags & 8) !== 0;
    e.target = flags >> 4;
    e.tzOffset = tz;
    return e.target < TIMER_TARGETS.length ? "" : "unknown target";
  }

  /** The cron text kept as 4-bit codes; null if a word is missing. */
  private loadText(p: string): string | null {
    let text = "";
    for (let k = 0; k * CODES_PER_INT <= TIMER_TEXT_MAX; k++) {
      const word = this.storage.getInt(p + "t" + k);
      if (typeof word !== "number" || word < 0) return null;
      for (let j = CODES_PER_INT - 1; j >= 0; j--) {
        const code = Math.floor(word / Math.pow(16, j)) % 16;
        if (code === TEXT_END) return text;
        text += TEXT_CODES.charAt(code);
      }
    }
    return text;
  }
}
