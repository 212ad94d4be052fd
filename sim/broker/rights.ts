/** Topic permissions, as the cloud enforces them: devices stay in their own topic space. */
import { isDeviceOwnTopic } from "../aliyun/topics";
import type { Principal } from "./auth";
import type { CloudRules } from "../clouds/rules";

export function mayUseTopic(principal: Principal, topic: string, rules?: CloudRules): boolean {
  if (principal.kind === "console") return true;
  if (principal.kind === "registering") return false;
  if (rules) return rules.mayUse(principal.device, topic);
  return isDeviceOwnTopic(topic, principal.device.productKey, principal.device.deviceName);
}
