import { constant } from "../at/constant";
import type { PostReply, PropertySetRequest } from "./codec";
import type { ThingModel } from "./thing-model";
import type { MqttLogin } from "../modem/login";

/**
 * A cloud, as the client and the modem need it: how to log in, what to subscribe, and how
 * its messages look. A profile knows nothing of AT: the modem layer turns the login into its
 * dialect's commands (QMTCONN's username/password, or Quectel's `aliauth`), and the client
 * (client.ts) keeps the exactly-once rules, whatever the cloud.
 */

export type CloudName = "aliyun" | "onenet" | "huawei" | "mqtt";
export const CLOUD_NAMES: CloudName[] = constant(["aliyun", "onenet", "huawei", "mqtt"]);

/** How the modem logs in (LOGIN_PLAIN, or LOGIN_ALIYUN: the module signs the triple). */
export { LOGIN_ALIYUN, LOGIN_PLAIN } from "../modem/login";
export type { LoginKind } from "../modem/login";

/** The modem's login description, and where to connect. */
export interface CloudLogin extends MqttLogin {
  host: string;
  port: number;
  tls: boolean;
}

/**
 * A password that must be computed on the device: HMAC-SHA256 of `message` with
 * `key[0, keyLength)`, turned into the password by `password(digest)`.
 */
export interface LoginSigning {
  readonly key: Uint8Array;
  readonly keyLength: number;
  readonly message: string;
  password(digest: Uint8Array): string;
}

/** What an incoming topic is to the client. */
export const TOPIC_OTHER = 0;
export const TOPIC_SET = 1;
export const TOPIC_POST_REPLY = 2;
export type TopicKind = typeof TOPIC_OTHER | typeof TOPIC_SET | typeof TOPIC_POST_REPLY;

/** How a set is answered, per cloud (Aliyun: 200, 460, 429). */
export interface ReplyCodes {
  readonly ok: number;
  readonly badParams: number;
  readonly busy: number;
}

export interface CloudProfile {
  readonly name: CloudName;
  readonly model: ThingModel;
  readonly login: CloudLogin;
  /** Null when the password is given, not computed. */
  readonly signing: LoginSigning | null;
  /** Filters to subscribe after every (re)connect. */
  readonly subscriptions: string[];
  readonly codes: ReplyCodes;
  /** Posts are answered (a post_reply with the post's id); Huawei's and plain MQTT's are not. */
  readonly answersPosts: boolean;
  readonly postTopic: string;
  classify(topic: string): TopicKind;
  /** A set: its id (from the payload, or the topic for Huawei) and its params. */
  parseSet(topic: string, payload: string): PropertySetRequest;
  setReplyTopic(id: string): string;
  encodeSetReply(id: string, code: number, message: string): string;
  /** A post of the rows whose value is not NaN; null if none, or a value cannot be sent. */
  encodePost(id: string, values: number[]): string | null;
  parsePostReply(payload: string): PostReply | null;
}
