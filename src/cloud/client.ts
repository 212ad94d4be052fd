import type { Log } from "../hal";
import { encodePropertyPost, encodeSetReply, parsePostReply, parsePropertySet, PropertySetRequest } from "./codec";
import { AlinkIds } from "./ids";
import { OutstandingPosts } from "./outstanding-posts";
import { SetMemory } from "./set-memory";
import { CODE_BAD_PARAMS, CODE_OK, SwitchThing, clampHumidity, isTemperature, validateSet } from "./thing";
import type { AlinkTopics } from "./topics";
import { AlinkTransport, PUBLISH_REPLY, PUBLISH_STATE, PUBLISH_TELEMETRY } from "./transport";

export { PUBLISH_REPLY, PUBLISH_STATE, PUBLISH_TELEMETRY };
export type { AlinkTransport, SwitchThing };

export interface AlinkClientOptions {
  transport: AlinkTransport;
  thing: SwitchThing;
  log: Log;
  topics: AlinkTopics;
  /** Ids for posts; seed it per boot (see `firstIdForBoot`). */
  ids?: AlinkIds;
  /** Property sets remembered to recognise the cloud's retries (default 32). */
  rememberedSets?: number;
  /** Posts whose reply is awaited (default 8). */
  outstandingPosts?: number;
}

export interface AlinkStats {
  /** Sets that switched (or confirmed) the relay. */
  setsApplied: number;
  /** Sets seen before, answered again without acting. */
  setsRepeated: number;
  /** Sets refused by the thing model (460). */
  setsRejected: number;
  /** Messages on our topics that could not be parsed, with or without a usable id. */
  malformed: number;
  /** Replies forgotten before the transport took them. */
  repliesLost: number;
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

/** A post waiting for the transport; the latest replaces an unqueued one. */
interface PendingPost {
  id: string;
  payload: string | null;
}

/**
 * Alink for the switch: answers property sets exactly once per id, posts the switch state
 * and telemetry, and keeps whatever the transport could not queue until `flush()`.
 *
 * Order per set: the relay switches, then the set_reply is queued, then the new state is
 * posted. `flush()` keeps that order, and stops at the first refusal so nothing overtakes.
 */
export class AlinkClient {
  readonly stats: AlinkStats = {
    setsApplied: 0,
    setsRepeated: 0,
    setsRejected: 0,
    malformed: 0,
    repliesLost: 0,
    postAccepted: 0,
    postRejected: 0,
    postUnknown: 0,
    telemetryRefused: 0,
    publishRefused: 0,
    ignored: 0,
  };
  private readonly o: AlinkClientOptions;
  private readonly ids: AlinkIds;
  private readonly sets: SetMemory;
  private readonly outstanding: OutstandingPosts;
  private readonly state: PendingPost = { id: "", payload: null };
  private readonly telemetry: PendingPost = { id: "", payload: null };

  constructor(options: AlinkClientOptions) {
    this.o = options;
    this.ids = options.ids ?? new AlinkIds(1);
    this.sets = new SetMemory(options.rememberedSets ?? 32);
    this.outstanding = new OutstandingPosts(options.outstandingPosts ?? 8);
  }

  /** Everything the modem received; only this device's set and post_reply topics act. */
  onMessage(topic: string, payload: string): void {
    if (topic === this.o.topics.propertySet) this.onPropertySet(payload);
    else if (topic === this.o.topics.propertyPostReply) this.onPostReply(payload);
    else this.stats.ignored++;
  }

  /** Post the switch state (after a local change, or on connect). */
  postState(): void {
    this.queueState();
    this.flush();
  }

  /** Post a reading. False if it is not a plausible one (and nothing is posted). */
  postTelemetry(temperature: number, humidity: number): boolean {
    const rh = clampHumidity(humidity);
    if (!isTemperature(temperature) || isNaN(rh)) {
      this.stats.telemetryRefused++;
      this.o.log("warn", "alink: implausible reading " + temperature + " C " + humidity + " %RH");
      return false;
    }
    const id = this.ids.next();
    this.telemetry.id = id;
    this.telemetry.payload = encodePropertyPost(id, { CurrentTemperature: temperature, CurrentHumidity: rh });
    this.flush();
    return true;
  }

  /** Queue what is waiting. True when nothing is left. Call on every poll and on link up. */
  flush(): boolean {
    return this.flushReplies() && this.flushPost(this.state, PUBLISH_STATE) && this.flushPost(this.telemetry, PUBLISH_TELEMETRY);
  }

  /** Something is waiting for the transport. */
  get pending(): boolean {
    return this.sets.pendingCount > 0 || this.state.payload !== null || this.telemetry.payload !== null;
  }

  private onPropertySet(payload: string): void {
    const request = parsePropertySet(payload);
    const id = request.id;
    if (id === undefined) {
      // Without an id no reply can reach the sender; its retry will fail the same way.
      this.stats.malformed++;
      this.o.log("warn", "alink: set dropped: " + (request.ok ? "" : request.reason));
      return;
    }
    const slot = this.sets.find(id);
    if (slot >= 0) {
      this.stats.setsRepeated++;
      this.sets.markPending(slot);
    } else {
      this.decide(id, request);
    }
    this.flush();
  }

  /** A set not seen before: apply it or refuse it, and remember the answer. */
  private decide(id: string, request: PropertySetRequest): void {
    if (!request.ok) {
      this.stats.malformed++;
      this.refuse(id, request.reason);
      return;
    }
    const decision = validateSet(request.params);
    if (decision.code !== CODE_OK) {
      this.stats.setsRejected++;
      this.refuse(id, decision.message);
      return;
    }
    // Remembered only once switched: if the relay driver throws, the cloud's retry tries again.
    this.o.thing.setPowerSwitch(decision.powerSwitch);
    this.stats.setsApplied++;
    this.remember(id, CODE_OK, "");
    this.queueState();
  }

  private queueState(): void {
    const id = this.ids.next();
    this.state.id = id;
    this.state.payload = encodePropertyPost(id, { PowerSwitch_1: this.o.thing.powerSwitch() });
    if (this.state.payload === null) this.o.log("error", "alink: the thing reports no valid switch state");
  }

  private refuse(id: string, message: string): void {
    this.o.log("warn", "alink: set " + id + " refused: " + message);
    this.remember(id, CODE_BAD_PARAMS, message);
  }

  private remember(id: string, code: number, message: string): void {
    if (this.sets.remember(id, code, message)) return;
    this.stats.repliesLost++;
    this.o.log("error", "alink: a set_reply was never queued");
  }

  private onPostReply(payload: string): void {
    const reply = parsePostReply(payload);
    if (reply === null) {
      this.stats.malformed++;
    } else if (!this.outstanding.take(reply.id)) {
      this.stats.postUnknown++;
    } else if (reply.code === CODE_OK) {
      this.stats.postAccepted++;
    } else {
      this.stats.postRejected++;
      this.o.log("warn", "alink: post " + reply.id + " rejected with code " + reply.code);
    }
  }

  private flushReplies(): boolean {
    const sets = this.sets;
    for (let k = 0; k < sets.size && sets.pendingCount > 0; k++) {
      const slot = sets.slotAt(k);
      if (!sets.isPending(slot)) continue;
      const reply = encodeSetReply(sets.id(slot), sets.code(slot), sets.message(slot));
      if (!this.publish(this.o.topics.propertySetReply, reply, PUBLISH_REPLY)) return false;
      sets.markSent(slot);
    }
    return true;
  }

  private flushPost(post: PendingPost, kind: number): boolean {
    if (post.payload === null) return true;
    if (!this.publish(this.o.topics.propertyPost, post.payload, kind)) return false;
    this.outstanding.add(post.id);
    post.payload = null;
    return true;
  }

  private publish(topic: string, payload: string, kind: number): boolean {
    if (this.o.transport.publish(topic, payload, kind)) return true;
    this.stats.publishRefused++;
    return false;
  }
}
