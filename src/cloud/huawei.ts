import { startsWithText } from "../at/text";
import { constant } from "../at/constant";
import type { PostReply, PropertySetRequest } from "./codec";
import { isJsonObject, JsonObject, own, parseJsonObject } from "./json";
import { encodeParams } from "./params";
import { CloudLogin, CloudProfile, LOGIN_PLAIN, LoginSigning, ReplyCodes, TOPIC_OTHER, TOPIC_SET, TopicKind } from "./profile";
import { hex } from "./sign/encode";
import type { ThingModel } from "./thing-model";

/** IoTDA's result_code: 0 is success, anything else a failure described by result_desc. */
const CODES: ReplyCodes = constant({ ok: 0, badParams: 1, busy: 1 });

/** IoTDA request ids are UUIDs (36 characters); longer ones are not remembered. */
export const HUAWEI_REQUEST_ID_MAX = 64;

export interface HuaweiSettings {
  host: string;
  port: number;
  tls: boolean;
  deviceId: string;
  deviceSecret: string;
  /** The product model's service that holds the properties. */
  serviceId: string;
  /** UTC `YYYYMMDDHH`. With signature type 0 the platform checks the password, not the time. */
  timestamp: string;
}

/** `YYYYMMDDHH` (UTC) of a time in ms since the epoch. */
export function huaweiTimestamp(ms: number): string {
  const d = new Date(ms);
  return String(d.getUTCFullYear()) + two(d.getUTCMonth() + 1) + two(d.getUTCDate()) + two(d.getUTCHours());
}

function two(n: number): string {
  return n < 10 ? "0" + n : String(n);
}

/** `<device_id>_0_0_<timestamp>`: device id access, HMAC-SHA256 without the time check. */
export function huaweiClientId(deviceId: string, timestamp: string): string {
  return deviceId + "_0_0_" + timestamp;
}

class HuaweiSigning implements LoginSigning {
  readonly key = new Uint8Array(64);
  readonly keyLength: number;
  readonly message: string;

  /** Password = hex HMAC-SHA256 with the timestamp as key, over the secret. */
  constructor(s: HuaweiSettings) {
    // Stryker disable next-line EqualityOperator: one step past the end writes charCodeAt's NaN as 0 into a byte that is 0 already, or past the key's 64 bytes, where a typed array ignores it
    for (let i = 0; i < s.timestamp.length; i++) this.key[i] = s.timestamp.charCodeAt(i);
    this.keyLength = s.timestamp.length;
    this.message = s.deviceSecret;
  }

  password(digest: Uint8Array): string {
    return hex(digest, 32);
  }
}

/**
 * Huawei Cloud IoTDA: properties reported on `$oc/devices/<id>/sys/properties/report`
 * (no answer), sets on `.../properties/set/request_id=<rid>` answered on
 * `.../properties/set/response/request_id=<rid>`: the request id lives in the topic.
 */
export class HuaweiProfile implements CloudProfile {
  readonly name = "huawei";
  readonly model: ThingModel;
  readonly login: CloudLogin;
  readonly signing: LoginSigning;
  readonly subscriptions: string[];
  readonly codes = CODES;
  readonly answersPosts = false;
  readonly postTopic: string;
  private readonly setPrefix: string;
  private readonly replyPrefix: string;
  private readonly serviceId: string;

  constructor(s: HuaweiSettings, model: ThingModel) {
    this.model = model;
    this.serviceId = s.serviceId;
    const base = "$oc/devices/" + s.deviceId + "/sys/properties/";
    this.postTopic = base + "report";
    this.setPrefix = base + "set/request_id=";
    this.replyPrefix = base + "set/response/request_id=";
    this.subscriptions = [base + "set/#"];
    this.signing = new HuaweiSigning(s);
    const clientId = huaweiClientId(s.deviceId, s.timestamp);
    this.login = { kind: LOGIN_PLAIN, host: s.host, port: s.port, tls: s.tls, clientId: clientId, username: s.deviceId, password: "", productKey: "", deviceName: "", deviceSecret: "" };
  }

  classify(topic: string): TopicKind {
    return topic.length > this.setPrefix.length && startsWithText(topic, this.setPrefix) ? TOPIC_SET : TOPIC_OTHER;
  }

  parseSet(topic: string, payload: string): PropertySetRequest {
    const id = topic.slice(this.setPrefix.length);
    if (id.length > HUAWEI_REQUEST_ID_MAX || id.indexOf("/") >= 0) return { ok: false, reason: "invalid request_id" };
    const request = parseJsonObject(payload);
    if (request === null) return { ok: false, id: id, reason: "not a JSON object, or too large or deep" };
    const params = this.properties(request);
    if (typeof params === "string") return { ok: false, id: id, reason: params };
    return { ok: true, id: id, params: params };
  }

  /** The properties of our service in a set, or why there are none. */
  private properties(request: JsonObject): JsonObject | string {
    const services = own(request, "services");
    if (!Array.isArray(services) || services.length !== 1 || !isJsonObject(services[0])) return "services must hold one service";
    const service: JsonObject = services[0];
    if (own(service, "service_id") !== this.serviceId) return "unknown service";
    const params = own(service, "properties");
    return isJsonObject(params) ? params : "properties is not an object";
  }

  setReplyTopic(id: string): string {
    return this.replyPrefix + id;
  }

  encodeSetReply(_id: string, code: number, message: string): string {
    return '{"result_code":' + code + ',"result_desc":' + JSON.stringify(message === "" ? "success" : message) + "}";
  }

  encodePost(_id: string, values: number[]): string | null {
    const params = encodeParams(this.model, values, false, false);
    return params === null ? null : '{"services":[{"service_id":' + JSON.stringify(this.serviceId) + ',"properties":{' + params + "}}]}";
  }

  // Stryker disable next-line BlockStatement: never called: classify() names no topic a post reply, as IoTDA does not answer reports
  parsePostReply(): PostReply | null {
    return null;
  }
}
