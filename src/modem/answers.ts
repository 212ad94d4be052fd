/**
 * A dialect's answers, as data, for the fakes and the simulator to speak it: what its happy
 * path says to each command, how it frames an incoming message, and the URCs of its faults.
 * The firmware never imports these tables.
 */
export interface Answer {
  /** A RegExp source matched against the command line (without CR). */
  readonly match: string;
  /** Output at once (framing included); `$1`.. are the match's groups. */
  readonly reply: string;
  /** A result URC line after the result delay, or "". */
  readonly result: string;
  /** A data command: the group holding the byte count to take after the `>` prompt (0: none). */
  readonly dataGroup: number;
  /** The data is a message payload (fakes record it). */
  readonly payload: boolean;
  /** The module powers off after answering. */
  readonly powerOff: boolean;
  /**
   * What the module says once the data is in, instead of `OK` (a file upload's
   * `+QFUPL: <size>,<checksum>` before its OK); `$sum` is the data's 16-bit XOR checksum in
   * hex (src/modem/ca-file.ts). "" for `OK`.
   */
  readonly dataReply: string;
}

export interface DialectAnswers {
  /** The line the module prints when it has booted. */
  readonly ready: string;
  /** What it prints as it powers down, or "". */
  readonly poweredDown: string;
  /** Its URC for "the broker closed our client" and "the network deactivated PDP". */
  readonly mqttClosed: string;
  readonly pdpLost: string;
  /** First match wins; anything else is answered `OK`. */
  readonly answers: Answer[];
}

/** An entry with defaults: OK and nothing else. */
export function answer(match: string, reply: string, extra?: Partial<Answer>): Answer {
  const e: Partial<Answer> = extra !== undefined ? extra : {};
  return {
    match: match,
    reply: reply,
    result: e.result !== undefined ? e.result : "",
    dataGroup: e.dataGroup !== undefined ? e.dataGroup : 0,
    payload: e.payload === true,
    powerOff: e.powerOff === true,
    dataReply: e.dataReply !== undefined ? e.dataReply : "",
  };
}

export const OK = "\r\nOK\r\n";
export const PROMPT = "\r\n> ";
