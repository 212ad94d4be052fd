export { Ec600sSimulator } from "./simulator";
export { DEFAULT_DELAYS, minimumPathMs, type Ec600sDelays, type Ec600sOptions, type PubexPrompt } from "./options";
export { fakeTimers, FakeTimers, realTimers, settle, type SimTimers } from "./timers";
export { parseFault, parseFaults, type Fault } from "./faults";
export { formatTrace, type TraceEvent } from "./trace";
export { tcpMqttTransport, type TcpTransportOptions } from "./mqtt-tcp";
export { FakeMqttNetwork, FakeLink, aliyunAuthenticator, type FakeNetworkOptions, type PublishedMessage } from "./mqtt-fake";
export {
  MqttOpenError,
  type IncomingMessage,
  type LinkLoss,
  type MqttConnectRequest,
  type MqttEndpoint,
  type MqttLink,
  type MqttLinkEvents,
  type MqttSubscription,
  type MqttTransport,
  type OpenFailure,
} from "./mqtt-transport";
export type { Power } from "./module";
export type { SlotState } from "./qmt-slot";
export type { LfAfterCr } from "./uart-input";
