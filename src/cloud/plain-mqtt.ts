import { startsWithText } from "../at/text";
import { constant } from "../at/constant";
import { readId, PostReply, PropertySetRequest } from "./codec";
import { AlinkIds } from "./ids";
import { JsonObject, parseJsonObject } from "./json";
import { encodeParams } from "./params";
import { CloudLogin, CloudProfile, LOGIN_PLAIN, ReplyCodes, TOPIC_OTHER, TOPIC_SET, TopicKind } from "./profile";
import type { ThingModel } from "./thing-model";

const CODES: ReplyCodes = constant({ ok: 200, badParams: 400, busy: 429 });

/** Ids the device makes for sets that carry none start with this, and are not echoed. */
const LOCAL_ID = "~";

export interface PlainMqttSettings {
  host: string;
  port: number;
  tls: boolean;
  clientId: string;
  username: string;
  password: string;
  /** Topic prefix, e.g. `cat1-switch/kitchen`: state on `<prefix>/state`, sets on `<prefix>/set`. */
  prefix: string;
}

/**
 * Any MQTT broker (Mosquitto, EMQX, Home Assistant): the state as `{"PowerSwitch_1":1,...}`
 * on `<prefix>/state`, sets in the same shape on `<prefix>/set`, each answered on
 * `<prefix>/set/reply` with `{"code":200}` (and the set's `"id"` if it had one). A set
 * without an id is a desired state, so applying it again changes nothing.
 */
export class PlainMqttProfile implements CloudProfile {
  readonly name = "mqtt";
  readonly model: ThingModel;
  readonly login: CloudLogin;
  readonly signing = null;
  readonly subscriptions: string[];
  readonly codes = CODES;
  // Stryker disable next-line BooleanLiteral: no topic of this profile is a post reply, so an awaited post is never looked up
  readonly answersPosts = false;
  readonly postTopic: string;
  readonly setTopic: string;
  readonly replyTopic: string;
  /** Ids for sets that carry none: each such set is a new command, never a retry of the last. */
  private readonly localIds = new AlinkIds(1);

  constructor(s: PlainMqttSettings, model: ThingModel) {
    this.model = model;
    this.postTopic = s.prefix + "/state";
    this.setTopic = s.prefix + "/set";
    this.replyTopic = s.prefix + "/set/reply";
    this.subscriptions = [this.setTopic];
    this.login = { kind: LOGIN_PLAIN, host: s.host, port: s.port, tls: s.tls, clientId: s.clientId, username: s.username, password: s.password, productKey: "", deviceName: "", deviceSecret: "" };
  }

  classify(topic: string): TopicKind {
    return topic === this.setTopic ? TOPIC_SET : TOPIC_OTHER;
  }

  parseSet(_topic: string, payload: string): PropertySetRequest {
    const request = parseJsonObject(payload);
    const id = this.idOf(request);
    if (request === null || id === null) return { ok: false, reason: "not a JSON object with properties, or too large or deep" };
    const params: JsonObject = {};
    const names = Object.keys(request);
    for (let i = 0; i < names.length; i++) if (names[i] !== "id") params[names[i]] = request[names[i]];
    return { ok: true, id: id, params: params };
  }

  setReplyTopic(): string {
    return this.replyTopic;
  }

  encodeSetReply(id: string, code: number, message: string): string {
    const head = startsWithText(id, LOCAL_ID) ? "{" : '{"id":' + JSON.stringify(id) + ",";
    return head + '"code":' + code + (message === "" ? "" : ',"message":' + JSON.stringify(message)) + "}";
  }

  encodePost(_id: string, values: number[]): string | null {
    const params = encodeParams(this.model, values, false, false);
    return params === null ? null : "{" + params + "}";
  }

  // Stryker disable next-line BlockStatement: never called: classify() names no topic a post reply
  parsePostReply(): PostReply | null {
    return null;
  }

  /** The set's own id, a local one when it has none, or null for an id that is not one. */
  private idOf(request: JsonObject | null): string | null {
    if (request === null || !Object.prototype.hasOwnProperty.call(request, "id")) {
      return LOCAL_ID + this.localIds.next();
    }
    const id = readId(request.id);
    return id !== null && !startsWithText(id, LOCAL_ID) ? id : null;
  }
}
