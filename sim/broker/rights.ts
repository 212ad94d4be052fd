/** Topic permissions, as the cloud enforces them: devices stay in their own topic space. */
import { isDeviceOwnTopic } from "../aliyun/topics";
import type { Principal } from "./auth";

export function mayUseTopic(principal: Principal, topic: string): boolean {
  if (principal.kind === "console") return true;
  if (principal.kind === "registering") return false;
  return isDeviceOwnTopic(topic, principal.device.productKey, principal.device.deviceName);
}
