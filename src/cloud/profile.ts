import { constant } from "../at/constant";
import type { PostReply, PropertySetRequest } from "./codec";
import type { ThingModel } from "./thing-model";

/**
 * A cloud, as the client and the modem need it: how to log in, what to subscribe, and how
 * its messages look. A profile knows nothing of AT: the modem layer turns the login into its
 * dialect's commands (QMTCONN's username/password, or Quectel's `aliauth`), and the client
 * (client.ts) keeps the exactly-once rules, whatever the cloud.
 */

export type CloudName = "aliyun" | "onenet" | "huawei" | "mqtt";
export const CLOUD_NAMES: CloudName[] = constant(["aliyun", "onenet", "huawei", "mqtt"]);

/** The login goes on the wire as given: client id, username, password. */
export const LOGIN_PLAIN = 0;
/**
 * An Aliyun device triple: whoever can sign does (a Quectel module with `aliauth` computes
 * client id decorations, username and password itself).
 */
export const LOGIN_ALIYUN = 1;
export type LoginKind = typeof LOGIN_PLAIN | typeof LOGIN_ALIYUN;

/** What a dialect needs to log in (the same description issue 9's dialect login takes). */
export interface CloudLogin {
  kind: LoginKind;
  host: string;
  port: number;
  tls: boolean;
  clientId: string;
  username: string;
  /** Filled in by LoginSigner when `signing` is set. */
  password: string;
  /** LOGIN_ALIYUN only. */
  productKey: string;
  deviceName: string;
  deviceSecret: string;
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
