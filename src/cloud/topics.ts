/**
 * The Alink topics of one device, built once at start-up so that matching an incoming topic
 * is a string comparison and publishing allocates no topic name.
 */
export class AlinkTopics {
  readonly propertyPost: string;
  readonly propertyPostReply: string;
  readonly propertySet: string;
  readonly propertySetReply: string;
  /** Aliyun's NTP service: the device asks on request, the answer comes on response. */
  readonly ntpRequest: string;
  readonly ntpResponse: string;
  /** What the device subscribes to after every (re)connect. */
  readonly subscriptions: string[];

  constructor(productKey: string, deviceName: string) {
    checkLevel("productKey", productKey);
    checkLevel("deviceName", deviceName);
    const thing = "/sys/" + productKey + "/" + deviceName + "/thing/";
    this.propertyPost = thing + "event/property/post";
    this.propertyPostReply = this.propertyPost + "_reply";
    this.propertySet = thing + "service/property/set";
    this.propertySetReply = this.propertySet + "_reply";
    this.ntpRequest = "/ext/ntp/" + productKey + "/" + deviceName + "/request";
    this.ntpResponse = "/ext/ntp/" + productKey + "/" + deviceName + "/response";
    // The NTP answer is subscribed once online (LateSubscription): each topic here lengthens
    // the bring-up's longest turn.
    this.subscriptions = [this.propertySet, this.propertyPostReply];
  }
}

/**
 * A key or name that is empty or holds a separator or wildcard would put the device on some
 * other device's topics (or none); that is a configuration error, found at start-up.
 * `"` is refused too because topics travel inside quoted AT parameters.
 */
function checkLevel(what: string, value: string): void {
  if (value.length === 0 || /[\/+#"\s]/.test(value)) {
    throw new Error("alink: invalid " + what + " " + JSON.stringify(value));
  }
}
