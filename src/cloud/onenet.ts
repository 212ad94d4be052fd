import { constant } from "../at/constant";
import { parsePostReply, parsePropertySet, PostReply, PropertySetRequest } from "./codec";
import { encodeParams } from "./params";
import { CloudLogin, CloudProfile, LOGIN_PLAIN, LoginSigning, ReplyCodes, TOPIC_OTHER, TOPIC_POST_REPLY, TOPIC_SET, TopicKind } from "./profile";
import { base64, base64Decode, urlEncode } from "./sign/encode";
import type { ThingModel } from "./thing-model";

/** OneNET's token version: the only one its documentation defines. */
export const ONENET_TOKEN_VERSION = "2018-10-31";
/** The signature method used (OneNET takes md5, sha1 and sha256). */
export const ONENET_METHOD = "sha256";
/**
 * Default token expiry (unix seconds): the device has no wall clock of its own, so the token
 * is made once to last; 2^31-1 (2038-01-19) stays inside a signed 32-bit `et`.
 */
export const ONENET_DEFAULT_EXPIRY = 2147483647;

/**
 * Set answers. OneJSON's documentation shows 200 "success"; the codes for a refused or
 * deferred set are not in the pages found (UNCONFIRMED): 400 and 429, HTTP's meanings.
 */
const CODES: ReplyCodes = constant({ ok: 200, badParams: 400, busy: 429 });

export interface OneNetSettings {
  host: string;
  port: number;
  tls: boolean;
  productId: string;
  deviceName: string;
  /** The device key from the console, base64. */
  deviceKey: string;
  /** Token expiry, unix seconds. */
  expiry: number;
}

/** `res` of a device's token. */
export function onenetResource(productId: string, deviceName: string): string {
  return "products/" + productId + "/devices/" + deviceName;
}

/** OneNET's StringForSignature: et, method, res and version, in that order, one per line. */
export function onenetStringToSign(expiry: number, res: string): string {
  return expiry + "\n" + ONENET_METHOD + "\n" + res + "\n" + ONENET_TOKEN_VERSION;
}

/** The token (the MQTT password) from the signature's bytes; values URL-encoded. */
export function onenetToken(expiry: number, res: string, signature: string): string {
  return "version=" + ONENET_TOKEN_VERSION + "&res=" + urlEncode(res) + "&et=" + expiry + "&method=" + ONENET_METHOD + "&sign=" + urlEncode(signature);
}

class OneNetSigning implements LoginSigning {
  readonly key = new Uint8Array(64);
  readonly keyLength: number;
  readonly message: string;
  private readonly expiry: number;
  private readonly res: string;

  constructor(s: OneNetSettings) {
    this.expiry = s.expiry;
    this.res = onenetResource(s.productId, s.deviceName);
    this.keyLength = base64Decode(s.deviceKey, this.key);
    // An empty key would sign a token OneNET can only refuse: a login failing forever.
    if (this.keyLength <= 0) throw new Error("onenet: the device key is not base64 of 1 to 64 bytes");
    this.message = onenetStringToSign(this.expiry, this.res);
  }

  password(digest: Uint8Array): string {
    return onenetToken(this.expiry, this.res, base64(digest, 32));
  }
}

/**
 * China Mobile OneNET (OneJSON over MQTT): client id = device name, username = product id,
 * password = a token signed on the device. Topics `$sys/<pid>/<dn>/thing/property/...`.
 */
export class OneNetProfile implements CloudProfile {
  readonly name = "onenet";
  readonly model: ThingModel;
  readonly login: CloudLogin;
  readonly signing: LoginSigning;
  readonly subscriptions: string[];
  readonly codes = CODES;
  readonly answersPosts = true;
  readonly postTopic: string;
  readonly postReplyTopic: string;
  readonly setTopic: string;
  readonly setReply: string;

  constructor(s: OneNetSettings, model: ThingModel) {
    this.model = model;
    const base = "$sys/" + s.productId + "/" + s.deviceName + "/thing/property/";
    this.postTopic = base + "post";
    this.postReplyTopic = base + "post/reply";
    this.setTopic = base + "set";
    this.setReply = base + "set_reply";
    this.subscriptions = [this.setTopic, this.postReplyTopic];
    this.signing = new OneNetSigning(s);
    this.login = { kind: LOGIN_PLAIN, host: s.host, port: s.port, tls: s.tls, clientId: s.deviceName, username: s.productId, password: "", productKey: "", deviceName: "", deviceSecret: "" };
  }

  classify(topic: string): TopicKind {
    if (topic === this.setTopic) return TOPIC_SET;
    return topic === this.postReplyTopic ? TOPIC_POST_REPLY : TOPIC_OTHER;
  }

  parseSet(_topic: string, payload: string): PropertySetRequest {
    return parsePropertySet(payload);
  }

  setReplyTopic(): string {
    return this.setReply;
  }

  encodeSetReply(id: string, code: number, message: string): string {
    return '{"id":' + JSON.stringify(id) + ',"code":' + code + ',"msg":' + JSON.stringify(message === "" ? "success" : message) + "}";
  }

  encodePost(id: string, values: number[]): string | null {
    const params = encodeParams(this.model, values, true, true);
    return params === null ? null : '{"id":' + JSON.stringify(id) + ',"version":"1.0","params":{' + params + "}}";
  }

  parsePostReply(payload: string): PostReply | null {
    return parsePostReply(payload);
  }
}
