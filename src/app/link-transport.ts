import type { AlinkTransport } from "../cloud/transport";
import type { Modem } from "../modem/modem";

/**
 * The Alink client's transport: the modem's publish queue, but only while the link is up.
 * Offline, the client keeps what it could not hand over (one state post, one telemetry post,
 * the pending set_replies) and the latest of each goes out on reconnect, instead of a queue
 * full of stale readings.
 */
export class LinkTransport implements AlinkTransport {
  private readonly modem: Modem;

  constructor(modem: Modem) {
    this.modem = modem;
  }

  publish(topic: string, payload: string, kind: number): boolean {
    return this.modem.online && this.modem.publish(topic, payload, kind);
  }
}
