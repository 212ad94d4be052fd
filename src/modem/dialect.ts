import type { AtBuilder } from "../at/builder";
import type { Urc } from "../at/command";
import type { CountedUrc } from "../at/counted";
import type { AtEngine } from "../at/engine";
import type { Fields } from "../at/fields";
import type { Log, TextDecoding } from "../hal";
import type { ModemConfig } from "./config";
import type { MqttLogin } from "./login";
import type { Step } from "./step";

/**
 * What a module can tell the runner unasked, and what its incoming-message framing delivers.
 * A dialect's URC table and inbound reader call these; the runner decides what they mean in
 * its current phase.
 */
export interface ModemEvents {
  /** `RDY`/`APP RDY`/`PB DONE`: the module (re)started; every setting is gone. */
  moduleReady(): void;
  poweredDown(): void;
  /** The module closed our MQTT client (`+QMTSTAT`, `+CMQTTCONNLOST`, a failed ping). */
  mqttClosed(client: number, err: number): void;
  /** The network deactivated a PDP context. */
  pdpDeactivated(cid: number): void;
  /** A `+CEREG`/`+CGREG`/`+CREG` URC's stat. */
  registration(stat: number): void;
  simNotReady(): void;
  /** A whole message on our client; `msgId` is the module's packet id (for logs). */
  message(topic: string, payload: string, msgId: number): void;
  /** An incoming message that could not be delivered; `what` says which and why. */
  badFrame(what: string): void;
}

/** Everything a dialect's parts may need, handed over when a runner is made. */
export interface DialectEnv {
  readonly config: ModemConfig;
  readonly login: MqttLogin;
  readonly log: Log;
  readonly events: ModemEvents;
  readonly text: TextDecoding | undefined;
}

/** Incoming messages: the readers for the parser's counted-body seam, and what a frame means. */
export interface Inbound {
  readonly readers: CountedUrc[];
  /** Plain lines that are part of the framing (a start and an end line), added to the URC table. */
  readonly lines: Urc[];
  /** A counted URC checked out (offsets valid during the call; see AtSink.counted). */
  counted(urc: CountedUrc, bytes: Uint8Array, at: number, body: number): void;
  /** A counted URC that cannot be delivered (COUNTED_CORRUPT or _OVERSIZE). */
  error(urc: CountedUrc, reason: number): void;
  /** The runner left the online path (link down): forget a message half received. */
  reset(): void;
}

/** One command of recovery (close the client, deactivate PDP, power down). */
export interface RecoveryCommand {
  readonly name: string;
  request(b: AtBuilder, c: ModemConfig): void;
  /** The result URC after OK, or null. */
  readonly result: Uint8Array | null;
  timeoutMs(c: ModemConfig): number;
  resultTimeoutMs(c: ModemConfig): number;
}

/** The periodic "is our MQTT client still connected?" query. */
export interface LinkCheck {
  request(b: AtBuilder, c: ModemConfig): void;
  readonly response: Uint8Array;
  /** A response line's fields: our client's state, or -1 if the line is about another. */
  state(f: Fields, c: ModemConfig): number;
  connected(state: number): boolean;
}

/** How a publish ended. */
export const PUBLISH_SENT = 0;
export const PUBLISH_FAILED = 1;
export const PUBLISH_TIMED_OUT = 2;
/** Ended by whoever aborted the engine (it is already recovering): no complaint. */
export const PUBLISH_ABORTED = 3;
export type PublishResult = typeof PUBLISH_SENT | typeof PUBLISH_FAILED | typeof PUBLISH_TIMED_OUT | typeof PUBLISH_ABORTED;

/** The dialect's way of putting one message on the wire (one or several commands). */
export interface PublishSend {
  /**
   * Send `topic` and `payload[0, length)` at `qos`. False if nothing went out (the command
   * builder refused it: `engine.builder.error` says why, or the engine was busy); otherwise
   * `done` is called exactly once.
   */
  send(topic: string, payload: Uint8Array, length: number): boolean;
}

export interface PublishEnv {
  readonly engine: AtEngine;
  readonly config: ModemConfig;
  readonly payload: Uint8Array;
  done(result: PublishResult): void;
}

/**
 * The module's clock as the network last set it (NITZ), asked between the runner's commands
 * (network-time.ts): a fallback when the cloud's time cannot be had.
 */
export interface NetworkTimeQuery {
  request(b: AtBuilder): void;
  /** The prefix of its one information line. */
  readonly response: Uint8Array;
  /** That line, as text, to UTC epoch ms; NaN when the module has heard no network time. */
  utcMs(line: string): number;
}

/**
 * One more topic subscribed on the open client after bring-up (late-subscription.ts): a
 * topic in the bring-up's subscribe costs every bring-up a longer turn.
 */
export interface ExtraSubscribe {
  /** The command line; `topicBytes` is the topic's UTF-8 length, for a dialect that sends it after a prompt. */
  request(b: AtBuilder, c: ModemConfig, topic: string, topicBytes: number, msgId: number): void;
  /** The topic's bytes go after a `>` prompt (SIMCom) rather than in the line (Quectel). */
  readonly topicAfterPrompt: boolean;
  readonly result: Uint8Array;
  /** The result line's fields (after the prefix): granted to our client and packet? */
  granted(f: Fields, c: ModemConfig, msgId: number): boolean;
}

/** What the module's HTTP client said of a GET. */
export interface HttpAnswer {
  /** The module's error code (0: the server answered). */
  err: number;
  /** The HTTP status, or 0 if none came. */
  status: number;
  /** The body's length (Content-Length), or -1 if the server did not say. */
  contentLength: number;
}

/**
 * The module's HTTP(S) client, for a download (a firmware image): a few setup commands, the
 * URL (its bytes sent after the command's prompt), a GET whose result URC gives the status
 * and length, and a read whose answer is the body, raw, after `CONNECT`, then a result URC.
 */
export interface HttpClient {
  /** The `index`th setup command (context, no response headers, TLS for https); false past the last. */
  setup(b: AtBuilder, index: number, https: boolean): boolean;
  /** The URL command, for a URL of `urlBytes` bytes (sent after its prompt). */
  url(b: AtBuilder, urlBytes: number): void;
  get(b: AtBuilder): void;
  readonly getResult: Uint8Array;
  /** The GET result line's fields (after the prefix) into `out`. */
  answer(f: Fields, out: HttpAnswer): void;
  read(b: AtBuilder): void;
  readonly readResult: Uint8Array;
  /** The read result's error code (0: the whole body came). */
  readError(f: Fields): number;
  /** How long the module itself waits for the server, for a GET or a read to finish. */
  readonly waitMs: number;
}

/**
 * A module family's half of the driver, bound when the runner is made (after Zephyr's
 * modem_cellular scripts per modem, and esp_modem's GenericModule with overrides): its
 * bring-up steps, URC table, incoming-message framing, publish, recovery commands, link
 * check, network time and a subscription after bring-up. Its answers for fakes and the simulator are in the dialect folder's answers.ts.
 */
export interface Dialect {
  /** Lower-case model or family name, as the `modem` config key spells it. */
  readonly name: string;
  readonly steps: Step[];
  readonly close: RecoveryCommand;
  readonly deactivate: RecoveryCommand;
  readonly powerDown: RecoveryCommand;
  readonly linkCheck: LinkCheck;
  readonly networkTime: NetworkTimeQuery;
  readonly subscribe: ExtraSubscribe;
  /** Its HTTP client, or null when the driver has none for this module (no downloads). */
  readonly http: HttpClient | null;
  urcs(env: DialectEnv): Urc[];
  inbound(env: DialectEnv): Inbound;
  publisher(env: PublishEnv): PublishSend;
}
