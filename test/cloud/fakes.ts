import { AlinkClient, AlinkClientOptions } from "../../src/cloud/client";
import type { SwitchThing } from "../../src/cloud/thing";
import { AlinkTopics } from "../../src/cloud/topics";
import type { AlinkTransport } from "../../src/cloud/transport";
import { memoryLog } from "../at/fakes";

export const PK = "a1wFylTxYeD";
export const DN = "co_0001";
/** The property set from the seed's capture. */
export const SEED_SET = '{"method":"thing.service.property.set","id":"220958108","params":{"PowerSwitch_1":1},"version":"1.0.0"}';

export interface Published {
  topic: string;
  payload: string;
  kind: number;
}

/** A publish queue that takes messages while `accept(kind)` says so. */
export class FakeTransport implements AlinkTransport {
  sent: Published[] = [];
  offered = 0;
  accept: (kind: number) => boolean = () => true;
  constructor(private readonly journal: string[]) {}
  publish(topic: string, payload: string, kind: number): boolean {
    this.offered++;
    if (!this.accept(kind)) return false;
    this.sent.push({ topic, payload, kind });
    this.journal.push("publish " + topic.slice(topic.lastIndexOf("/") + 1));
    return true;
  }
  take(): Published[] {
    const s = this.sent;
    this.sent = [];
    return s;
  }
}

export class FakeThing implements SwitchThing {
  value: 0 | 1 = 0;
  switched: number[] = [];
  /** A switch held back (a relay's least switch interval). */
  pending = false;
  constructor(private readonly journal: string[]) {}
  setPowerSwitch(value: 0 | 1): void {
    this.value = value;
    this.switched.push(value);
    this.journal.push("relay " + value);
  }
  powerSwitch(): 0 | 1 {
    return this.value;
  }
  switchPending(): boolean {
    return this.pending;
  }
}

export { memoryLog };

export function rig(options: Partial<AlinkClientOptions> = {}) {
  const journal: string[] = [];
  const transport = new FakeTransport(journal);
  const thing = new FakeThing(journal);
  const log = memoryLog();
  const topics = new AlinkTopics(PK, DN);
  const client = new AlinkClient({ transport, thing, log, topics, ...options });
  const set = (payload: string): void => client.onMessage(topics.propertySet, payload);
  const setMessage = (id: string | number, params: unknown): string =>
    JSON.stringify({ method: "thing.service.property.set", id, params, version: "1.0.0" });
  return { client, transport, thing, log, topics, journal, set, setMessage };
}

/** The parsed payloads of what was published on a topic. */
export function payloadsOn(sent: Published[], topic: string): Record<string, unknown>[] {
  return sent.filter((p) => p.topic === topic).map((p) => JSON.parse(p.payload) as Record<string, unknown>);
}
