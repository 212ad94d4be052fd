export { startBroker, type BrokerOptions, type RunningBroker } from "./broker";
export { testTls, type TestTls } from "./test-tls";
export type { BrokerEvents } from "./hooks";
export type { ConsoleCredentials } from "./auth";
export { connectConsole, waitForEvent, type CloudConsole, type ConsoleEvents, type ConsoleOptions, type PropertyPost, type SetReply } from "./console";
export { loginAsDevice } from "./second-login";
export { cloudAnswer, type CloudMessage } from "./responder";
