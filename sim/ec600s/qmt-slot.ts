/**
 * One of the module's six MQTT clients (`<client_idx>` 0-5): its QMTCFG settings, where it
 * is in open/connect, and its link. `generation` changes whenever the client is torn down,
 * so network results that arrive for an older incarnation are recognised and dropped.
 */
import type { DeviceTriple } from "../aliyun/sign";
import type { IncomingMessage, MqttEndpoint, MqttLink } from "./mqtt-transport";

export const CLIENT_COUNT = 6;
/** Messages a client can hold in buffer mode (`"recv/mode",idx,1`): recv_id 0-4. */
export const RECV_BUFFERS = 5;

export type SlotState = "idle" | "opening" | "open" | "connecting" | "connected" | "disconnecting";

/** Numeric QMTCFG settings by option name, e.g. `timeout: [5, 3, 0]`. */
export type NumericConfig = Record<string, number[]>;

export function defaultConfig(): NumericConfig {
  return {
    version: [4],
    pdpcid: [1],
    keepalive: [120],
    session: [1],
    timeout: [5, 3, 0],
    "recv/mode": [0, 0],
    ssl: [0, 0],
    will: [0],
  };
}

export class QmtSlot {
  config: NumericConfig = defaultConfig();
  aliauth?: DeviceTriple;
  state: SlotState = "idle";
  endpoint?: MqttEndpoint;
  link?: MqttLink;
  generation = 0;
  readonly stored: (IncomingMessage | undefined)[] = new Array(RECV_BUFFERS).fill(undefined);

  /** Tears the connection down without telling anyone (the caller prints what applies). */
  reset(): void {
    this.link?.destroy();
    this.link = undefined;
    this.endpoint = undefined;
    this.state = "idle";
    this.generation++;
  }

  /** Open or further: the client holds (or is getting) a network connection. */
  get inUse(): boolean {
    return this.state !== "idle";
  }

  /** `AT+QMTCONN?` state: 1 initializing, 2 connecting, 3 connected, 4 disconnecting. */
  get connState(): number | undefined {
    const states: Partial<Record<SlotState, number>> = { open: 1, connecting: 2, connected: 3, disconnecting: 4 };
    return states[this.state];
  }
}

export function freshSlots(): QmtSlot[] {
  return Array.from({ length: CLIENT_COUNT }, () => new QmtSlot());
}
