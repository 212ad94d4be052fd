import type { Log } from "../hal";
import { AliyunProfile } from "./aliyun";
import type { PropertySetRequest } from "./codec";
import { AlinkIds } from "./ids";
import { OutstandingPosts } from "./outstanding-posts";
import { CloudLogin, CloudProfile, LOGIN_ALIYUN, TOPIC_POST_REPLY, TOPIC_SET } from "./profile";
import { ReplyQueue } from "./reply-queue";
import { SetMemory } from "./set-memory";
import { decideModelSet, SetChanges, SetDecisionAll } from "./set-decision";
import { CODE_BAD_PARAMS, CODE_OK, SwitchThing, clampHumidity, isTemperature } from "./thing";
import { clearValues, emptyValues, ONE_GANG, SOURCE_HUMIDITY, SOURCE_RELAY, SOURCE_TEMPERATURE } from "./thing-model";
import { checkLocalTimerList, LOCAL_TIMER, newTimerEntry, parseTimerEntry, TimerEntry, TimerThing } from "./timer-model";
import type { JsonObject } from "./json";
import type { AlinkTopics } from "./topics";
import { AlinkTransport, PUBLISH_REPLY, PUBLISH_STATE, PUBLISH_TELEMETRY } from "./transport";

export { PUBLISH_REPLY, PUBLISH_STATE, PUBLISH_TELEMETRY };
export type { AlinkTransport, SwitchThing };

export interface AlinkClientOptions {
  transport: AlinkTransport;
  thing: SwitchThing;
  log: Log;
  /** The cloud; without one, Aliyun on `topics` with the 1-gang model. */
  profile?: CloudProfile;
  /** Aliyun's topics, when no profile is given. */
  topics?: AlinkTopics;
  /** Ids for posts; seed it per boot (see `firstIdForBoot`). */
  ids?: AlinkIds;
  /** Property sets remembered to recognise the cloud's retries (default 32). */
  rememberedSets?: number;
  /**
   * set_replies kept while the transport cannot take them (default 32, at most
   * `rememberedSets`). The last quarter of them only answers 429: a set is applied only
   * while there is room to keep its reply.
   */
  pendingReplies?: number;
  /** Posts whose reply is awaited (default 8). */
  outstandingPosts?: number;
}

export interface AlinkStats {
  /** Sets that switched (or confirmed) the relay. */
  setsApplied: number;
  /** Sets seen before, answered again (or still to be) without acting. */
  setsRepeated: number;
  /** Sets refused by the thing model (460). */
  setsRejected: number;
  /** Sets refused unapplied because too many replies were waiting (429). */
  setsBusy: number;
  /** Sets neither applied nor answered: no room to keep even a 429; the cloud's retry will be. */
  setsDeferred: number;
  /** Messages on our topics that could not be parsed, with or without a usable id. */
  malformed: number;
  postAccepted: number;
  postRejected: number;
  /** post_replies for ids not (or no longer) outstanding. */
  postUnknown: number;
  /** Telemetry readings outside the thing model, not posted. */
  telemetryRefused: number;
  /** Publishes the transport refused (each retry counts). */
  publishRefused: number;
  /** Messages on topics that are not ours to act on. */
  ignored: number;
}

/**
 * A set carrying LocalTimer, decided over several polls: its entries are read one per poll
 * (five cron entries read at once cost 36,000 XS compute, past the 20,000 per-turn budget).
 */
interface DeferredSet {
  id: string;
  params: JsonObject;
  list: unknown[];
  entries: TimerEntry[];
}

/** A post waiting for the transport; the latest replaces an unqueued one. */
interface PendingPost {
  id: string;
  payload: string | null;
}

function aliyunOf(profile: CloudProfile): AliyunProfile | null {
  return profile instanceof AliyunProfile ? profile : null;
}

/** Log prefix: "alink: " on Aliyun, as before profiles. */
function logTag(profile: CloudProfile): string {
  return profile.name === "aliyun" ? "alink: " : profile.name + ": ";
}

/** Aliyun on given topics, for callers that knew the client before profiles. */
function aliyunOn(topics: AlinkTopics | undefined): CloudProfile {
  if (topics === undefined) throw new Error("cloud: a client needs a profile or Aliyun topics");
  // Stryker disable next-line ObjectLiteral,StringLiteral,BooleanLiteral: the client reads its profile's topics, model and encoders, never its login; a caller that connects holds its own
  const login: CloudLogin = { kind: LOGIN_ALIYUN, host: "", port: 0, tls: false, clientId: "", username: "", password: "", productKey: "", deviceName: "", deviceSecret: "" };
  return new AliyunProfile(login, topics, ONE_GANG);
}

/**
 * The switch's cloud client, whatever the cloud (its profile): answers property sets exactly once per id, posts the switch state
 * and telemetry, and keeps whatever the transport could not queue until `flush()`.
 *
 * Storage is fixed: a set is applied only if its reply can be kept until the transport takes
 * it. Short of room the set is refused unapplied (429), or, with no room even for that,
 * neither applied nor answered, so that the cloud's retry applies it later.
 *
 * Order per set: the relay switches, then the set_reply is queued, then the new state is
 * posted. `flush()` keeps that order, stops at the first refusal so nothing overtakes, and
 * waits while the thing has a switch pending, so no answer gets ahead of its switch.
 */
export class AlinkClient {
  readonly stats: AlinkStats = {
    setsApplied: 0,
    setsRepeated: 0,
    setsRejected: 0,
    setsBusy: 0,
    setsDeferred: 0,
    malformed: 0,
    postAccepted: 0,
    postRejected: 0,
    postUnknown: 0,
    telemetryRefused: 0,
    publishRefused: 0,
    ignored: 0,
  };
  private readonly o: AlinkClientOptions;
  readonly profile: CloudProfile;
  /** Log prefix: "alink: " on Aliyun, as before profiles. */
  private readonly tag: string;
  /** Scratch rows of the thing model: a set's values, the state, a reading. */
  private readonly setValues: number[];
  private readonly stateValues: number[];
  private readonly readingValues: number[];
  private readonly ids: AlinkIds;
  private readonly sets: SetMemory;
  private readonly replies: ReplyQueue;
  /** Free reply slots at or below which a new set is answered 429 instead of applied. */
  private readonly busyBelow: number;
  /** Sets are being deferred; logged once per run of them. */
  // Stryker disable next-line BooleanLiteral: never read before decide() clears it (the first set always finds room)
  private deferring = false;
  private readonly outstanding: OutstandingPosts;
  // Stryker disable next-line StringLiteral: an id is read only with its payload, and both are set together
  private readonly state: PendingPost = { id: "", payload: null };
  // Stryker disable next-line StringLiteral: as above
  private readonly telemetry: PendingPost = { id: "", payload: null };
  /** LocalTimer on its own: five schedules fill most of a payload. */
  // Stryker disable next-line StringLiteral: as the state's: its id is read only with its payload, and both are set together
  private readonly timerPost: PendingPost = { id: "", payload: null };
  /** The state post waiting carries the thing's timer members. */
  // Stryker disable next-line BooleanLiteral: read only with a state payload, and queueState() sets both together
  private stateHasMembers = false;
  /** A LocalTimer set being read, one entry per poll; its reply waits until it is decided. */
  private deferred: DeferredSet | null = null;
  /**
   * The thing's schedules and countdown, on Aliyun only: LocalTimer and CountDown are the
   * Aliyun living platform's standard properties (not rows of the thing model; see
   * timer-model.ts). On the other clouds a set naming them is an unknown property.
   */
  private readonly timers: TimerThing | undefined;
  /** The profile, when it is Aliyun's (it encodes the timer members). */
  private readonly aliyun: AliyunProfile | null;

  constructor(options: AlinkClientOptions) {
    this.o = options;
    this.profile = options.profile ?? aliyunOn(options.topics);
    this.aliyun = aliyunOf(this.profile);
    this.timers = this.aliyun !== null ? options.thing.timers : undefined;
    this.tag = logTag(this.profile);
    this.setValues = emptyValues(this.profile.model);
    this.stateValues = emptyValues(this.profile.model);
    this.readingValues = emptyValues(this.profile.model);
    this.ids = options.ids ?? new AlinkIds(1);
    this.sets = new SetMemory(options.rememberedSets ?? 32);
    // No more replies wait than ids are remembered: an id is not forgotten while its reply
    // waits, so a retry meanwhile is recognised, never applied a second time.
    const replies = options.pendingReplies ?? 32;
    this.replies = new ReplyQueue(Math.min(replies, this.sets.size));
    this.busyBelow = Math.floor(this.replies.capacity / 4);
    this.outstanding = new OutstandingPosts(options.outstandingPosts ?? 8);
  }

  /** Everything the modem received; only this device's set and post_reply topics act. */
  onMessage(topic: string, payload: string): void {
    const kind = this.profile.classify(topic);
    if (kind === TOPIC_SET) this.onPropertySet(topic, payload);
    else if (kind === TOPIC_POST_REPLY) this.onPostReply(payload);
    else this.stats.ignored++;
  }

  /** Post the switch state (after a local change, or on connect). */
  postState(): void {
    this.queueState();
    this.flush();
  }

  /**
   * Once per poll, from the host's timer: read one entry of a LocalTimer set being decided.
   * Not from flush(), which runs several times in one turn.
   */
  poll(): void {
    if (this.deferred !== null) this.readDeferred(this.deferred);
  }

  /** Post the schedules (after a set, or on connect). */
  postTimers(): void {
    const timers = this.timers;
    if (timers === undefined) return;
    const id = this.ids.next();
    this.timerPost.id = id;
    this.timerPost.payload = (this.aliyun as AliyunProfile).encodePostWith(id, null, ',"' + LOCAL_TIMER + '":' + timers.localTimerJson());
    this.flush();
  }

  /** Post a reading. False if it is not a plausible one (and nothing is posted). */
  postTelemetry(temperature: number, humidity: number): boolean {
    const rh = clampHumidity(humidity);
    if (!isTemperature(temperature) || isNaN(rh)) {
      this.stats.telemetryRefused++;
      this.o.log("warn", this.tag + "implausible reading " + temperature + " C " + humidity + " %RH");
      return false;
    }
    const id = this.ids.next();
    const model = this.profile.model;
    const values = this.readingValues;
    for (let i = 0; i < model.length; i++) {
      const source = model[i].source;
      values[i] = source === SOURCE_TEMPERATURE ? temperature : source === SOURCE_HUMIDITY ? rh : NaN;
    }
    this.telemetry.id = id;
    this.telemetry.payload = this.profile.encodePost(id, values);
    this.flush();
    return true;
  }

  /** Queue what is waiting. True when nothing is left. Call on every poll and on link up. */
  flush(): boolean {
    // A 200 or a post must not get ahead of the switch it reports.
    if (this.o.thing.switchPending()) return false;
    return this.flushReplies() && this.flushState() && this.flushPost(this.timerPost, PUBLISH_STATE) && this.flushPost(this.telemetry, PUBLISH_TELEMETRY);
  }

  /** Something is waiting for the transport. */
  get pending(): boolean {
    return this.deferred !== null || this.replies.length > 0 || this.state.payload !== null || this.timerPost.payload !== null || this.telemetry.payload !== null;
  }

  private onPropertySet(topic: string, payload: string): void {
    const request = this.profile.parseSet(topic, payload);
    const id = request.id;
    if (id === undefined) {
      // Without an id no reply can reach the sender; its retry will fail the same way.
      this.stats.malformed++;
      // Stryker disable next-line StringLiteral: a request without an id is never ok; the "" only satisfies the type
      this.o.log("warn", this.tag + "set dropped: " + (request.ok ? "" : request.reason));
      return;
    }
    // Replies that can leave now make room before this set is judged.
    this.flush();
    const slot = this.sets.find(id);
    if (this.replies.has(id) || (this.deferred !== null && this.deferred.id === id)) this.stats.setsRepeated++; // its answer is on its way
    else if (slot >= 0) this.answerAgain(id, slot);
    else if (this.room() > this.busyBelow) this.decide(id, request);
    else this.refuseBusy(id);
    this.flush();
  }

  /** A retry of an answered set: the same answer again, nothing applied. */
  private answerAgain(id: string, slot: number): void {
    if (this.keep(id, this.profile.encodeSetReply(id, this.sets.code(slot), this.sets.message(slot)))) this.stats.setsRepeated++;
    else this.defer(id);
  }

  /**
   * Too many replies wait to take another set: 429 while there is room to keep that
   * answer, else nothing at all. The set is not remembered either way, so a retry that
   * comes once the replies have left is applied.
   */
  private refuseBusy(id: string): void {
    if (!this.keep(id, this.profile.encodeSetReply(id, this.profile.codes.busy, "too many requests"))) {
      this.defer(id);
      return;
    }
    this.stats.setsBusy++;
  }

  /**
   * Free reply slots, less the one a LocalTimer set being read keeps: it was given room when
   * it came, and its answer must still find room when its last entry is read.
   */
  private room(): number {
    return this.replies.free - (this.deferred !== null ? 1 : 0);
  }

  /** Keep a reply if there is room for it (see `room()`). */
  private keep(id: string, payload: string): boolean {
    return this.room() > 0 && this.replies.push(id, payload);
  }

  private defer(id: string): void {
    this.stats.setsDeferred++;
    if (this.deferring) return;
    this.deferring = true;
    this.o.log("warn", this.tag + "set " + id + " and any more not taken until " + this.replies.capacity + " waiting set_replies leave");
  }

  /** A set not seen before, with room for its reply: apply it or refuse it, and remember the answer. */
  private decide(id: string, request: PropertySetRequest): void {
    this.deferring = false;
    if (!request.ok) {
      this.stats.malformed++;
      this.refuse(id, request.reason);
      return;
    }
    if (this.defers(id, request.params)) return;
    this.conclude(id, decideModelSet(this.profile.model, this.setValues, request.params, this.timers !== undefined, undefined));
  }

  /** A LocalTimer list is read one entry per poll: true if this set is now waiting for that. */
  private defers(id: string, params: JsonObject): boolean {
    if (this.timers === undefined || !Object.prototype.hasOwnProperty.call(params, LOCAL_TIMER)) return false;
    const list = params[LOCAL_TIMER];
    if (checkLocalTimerList(list) !== "" || (list as unknown[]).length === 0) return false;
    // One at a time: another arrives while this one is read.
    if (this.deferred !== null) {
      this.refuseBusy(id);
      return true;
    }
    this.deferred = { id: id, params: params, list: list as unknown[], entries: [] };
    return true;
  }

  private readDeferred(d: DeferredSet): void {
    const entry = newTimerEntry();
    const why = parseTimerEntry(d.list[d.entries.length], d.entries.length, entry);
    // Stryker disable next-line ConditionalExpression: a bad entry ends the set refused, and its entries are dropped with it
    if (why === "") d.entries.push(entry);
    if (why !== "" || d.entries.length === d.list.length) {
      this.deferred = null;
      this.conclude(d.id, why !== "" ? { code: CODE_BAD_PARAMS, message: why } : decideModelSet(this.profile.model, this.setValues, d.params, true, d.entries));
    }
  }

  private conclude(id: string, decision: SetDecisionAll): void {
    if (decision.code !== CODE_OK) {
      this.stats.setsRejected++;
      this.refuse(id, decision.message);
      return;
    }
    // Remembered only once applied: if the relay driver throws, the cloud's retry tries again.
    this.applyChanges(decision.changes);
    this.stats.setsApplied++;
    this.remember(id, this.profile.codes.ok, "");
    if (decision.changes.properties || decision.changes.countDown !== null) this.queueState();
    if (decision.changes.localTimer !== null) this.postTimers();
  }

  // The switches first: a countdown in the same set then runs from the new state.
  private applyChanges(c: SetChanges): void {
    // Stryker disable next-line ConditionalExpression: without properties decideModelSet leaves every value cleared (NaN), and applySwitches() skips NaN
    if (c.properties) this.applySwitches();
    const timers = this.timers;
    // Stryker disable next-line ConditionalExpression: without timers a set is decided with timers false, so localTimer and countDown stay null
    if (timers === undefined) return;
    if (c.localTimer !== null) timers.setLocalTimer(c.localTimer);
    if (c.countDown !== null) timers.setCountDown(c.countDown);
  }

  /** The relays the set's values name (setValues, from decideModelSet). */
  private applySwitches(): void {
    const model = this.profile.model;
    const values = this.setValues;
    for (let i = 0; i < model.length; i++) {
      const v = values[i];
      // Stryker disable next-line ConditionalExpression: only relay rows are writable, so a set leaves the others NaN
      if (v === v && model[i].source === SOURCE_RELAY) this.o.thing.setPowerSwitch(v === 1 ? 1 : 0, model[i].channel);
    }
  }

  private queueState(): void {
    const id = this.ids.next();
    const model = this.profile.model;
    const values = this.stateValues;
    clearValues(values);
    for (let i = 0; i < model.length; i++) if (model[i].source === SOURCE_RELAY) values[i] = this.o.thing.powerSwitch(model[i].channel);
    const timers = this.timers;
    const members = timers !== undefined ? timers.stateMembers() : "";
    this.state.id = id;
    this.state.payload = members !== "" ? (this.aliyun as AliyunProfile).encodePostWith(id, values, members) : this.profile.encodePost(id, values);
    this.stateHasMembers = members !== "";
    if (this.state.payload === null) this.o.log("error", this.tag + "the thing reports no valid switch state");
  }

  private flushState(): boolean {
    // stateHasMembers needs no clearing: it is read only with a payload, and queueState() sets both.
    const had = this.state.payload !== null && this.stateHasMembers;
    if (!this.flushPost(this.state, PUBLISH_STATE)) return false;
    // Members come only from the thing's timers.
    if (had) (this.timers as TimerThing).statePosted();
    return true;
  }

  private refuse(id: string, message: string): void {
    this.o.log("warn", this.tag + "set " + id + " refused: " + message);
    this.remember(id, this.profile.codes.badParams, message);
  }

  // decide() runs only with room in the queue, and a set being read keeps its slot, so the push cannot fail.
  private remember(id: string, code: number, message: string): void {
    this.sets.remember(id, code, message);
    this.replies.push(id, this.profile.encodeSetReply(id, code, message));
  }

  private onPostReply(payload: string): void {
    const reply = this.profile.parsePostReply(payload);
    if (reply === null) {
      this.stats.malformed++;
    } else if (!this.outstanding.take(reply.id)) {
      this.stats.postUnknown++;
    } else if (reply.code === this.profile.codes.ok) {
      this.stats.postAccepted++;
    } else {
      this.stats.postRejected++;
      this.o.log("warn", this.tag + "post " + reply.id + " rejected with code " + reply.code);
    }
  }

  private flushReplies(): boolean {
    const replies = this.replies;
    while (replies.length > 0) {
      if (!this.publish(this.profile.setReplyTopic(replies.headId()), replies.headPayload(), PUBLISH_REPLY)) return false;
      replies.shift();
    }
    return true;
  }

  private flushPost(post: PendingPost, kind: number): boolean {
    if (post.payload === null) return true;
    if (!this.publish(this.profile.postTopic, post.payload, kind)) return false;
    // Stryker disable next-line ConditionalExpression: a profile that answers no posts classifies no topic as a post_reply, so its awaited ids are never looked up
    if (this.profile.answersPosts) this.outstanding.add(post.id);
    post.payload = null;
    return true;
  }

  private publish(topic: string, payload: string, kind: number): boolean {
    if (this.o.transport.publish(topic, payload, kind)) return true;
    this.stats.publishRefused++;
    return false;
  }
}
