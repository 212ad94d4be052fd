/**
 * What the client publishes through: the modem's publish queue. The kind lets the queue
 * choose what to drop or delay when it is short of room (replies matter most: without one
 * the cloud retries the command).
 */
export { PUBLISH_REPLY, PUBLISH_STATE, PUBLISH_TELEMETRY } from "../modem/queue";

export interface AlinkTransport {
  /**
   * Queue a message. False if it could not be queued; the client keeps it and offers it
   * again on its next `flush()`.
   */
  publish(topic: string, payload: string, kind: number): boolean;
}
