import { encodeSetReply, METHOD_PROPERTY_POST, parsePostReply, parsePropertySet, PostReply, PropertySetRequest } from "./codec";
import { encodeParams } from "./params";
import { CloudLogin, CloudProfile, LOGIN_ALIYUN, ReplyCodes, TOPIC_OTHER, TOPIC_POST_REPLY, TOPIC_SET, TopicKind } from "./profile";
import { constant } from "../at/constant";
import type { ThingModel } from "./thing-model";
import { AlinkTopics } from "./topics";

const CODES: ReplyCodes = constant({ ok: 200, badParams: 460, busy: 429 });

export interface AliyunSettings {
  host: string;
  port: number;
  tls: boolean;
  /** The bare client id; the signer (the module's aliauth) adds Aliyun's decorations. */
  clientId: string;
  productKey: string;
  deviceName: string;
  deviceSecret: string;
}

/** The profile of an Aliyun device; throws on a productKey or deviceName unfit for topics. */
export function aliyunProfile(s: AliyunSettings, model: ThingModel): AliyunProfile {
  const login: CloudLogin = {
    kind: LOGIN_ALIYUN,
    host: s.host,
    port: s.port,
    tls: s.tls,
    clientId: s.clientId,
    // Stryker disable next-line StringLiteral: an Aliyun login's username and password are never read: the signer or the module's aliauth derives both
    username: "",
    // Stryker disable next-line StringLiteral: as above
    password: "",
    productKey: s.productKey,
    deviceName: s.deviceName,
    deviceSecret: s.deviceSecret,
  };
  return new AliyunProfile(login, new AlinkTopics(s.productKey, s.deviceName), model);
}

/**
 * Alibaba Cloud IoT (Alink JSON): today's behaviour, byte for byte. The module signs the
 * login (`aliauth`), topics are `/sys/<pk>/<dn>/thing/...` (docs/aliyun-alink.md).
 */
export class AliyunProfile implements CloudProfile {
  readonly name = "aliyun";
  readonly model: ThingModel;
  readonly login: CloudLogin;
  readonly signing = null;
  readonly subscriptions: string[];
  readonly codes = CODES;
  readonly answersPosts = true;
  readonly postTopic: string;
  readonly topics: AlinkTopics;

  constructor(login: CloudLogin, topics: AlinkTopics, model: ThingModel) {
    this.model = model;
    this.topics = topics;
    this.login = login;
    this.subscriptions = topics.subscriptions;
    this.postTopic = topics.propertyPost;
  }

  classify(topic: string): TopicKind {
    if (topic === this.topics.propertySet) return TOPIC_SET;
    return topic === this.topics.propertyPostReply ? TOPIC_POST_REPLY : TOPIC_OTHER;
  }

  parseSet(_topic: string, payload: string): PropertySetRequest {
    return parsePropertySet(payload);
  }

  setReplyTopic(): string {
    return this.topics.propertySetReply;
  }

  encodeSetReply(id: string, code: number, message: string): string {
    return encodeSetReply(id, code, message);
  }

  encodePost(id: string, values: number[]): string | null {
    return this.encodePostWith(id, values, "");
  }

  /**
   * The same with `members`: more, already encoded, each starting with a comma (the timer
   * properties LocalTimer and CountDown, timer-model.ts). `values` null: the members alone.
   */
  encodePostWith(id: string, values: number[] | null, members: string): string | null {
    const params = values !== null ? encodeParams(this.model, values, false, false) : null;
    if (params === null && (values !== null || members === "")) return null;
    // slice(1): every member starts with a comma.
    const all = params === null ? members.slice(1) : params + members;
    return '{"id":' + JSON.stringify(id) + ',"version":"1.0","params":{' + all + '},"method":"' + METHOD_PROPERTY_POST + '"}';
  }

  parsePostReply(payload: string): PostReply | null {
    return parsePostReply(payload);
  }
}
