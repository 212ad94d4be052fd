/**
 * Incoming PUBLISH -> host. recv/mode 0 puts the payload in the URC, raw and unescaped:
 * `+QMTRECV: <idx>,<msgid>,"<topic>",<len>,"<payload>"` (the `<len>` field only with
 * msg_len_enable 1). recv/mode 1 stores it (recv_id 0-4) and announces
 * `+QMTRECV: <idx>,<recv_id>`; the host reads it with `AT+QMTRECV=<idx>,<recv_id>`.
 */
import { intArg } from "./at-command";
import { concat, encode } from "./bytes";
import type { Handler, Module } from "./module";
import type { IncomingMessage } from "./mqtt-transport";
import { CLIENT_COUNT, RECV_BUFFERS, type QmtSlot } from "./qmt-slot";

export function recvUrc(idx: number, message: IncomingMessage, withLength: boolean): Uint8Array {
  const length = withLength ? `${message.payload.length},` : "";
  const head = `\r\n+QMTRECV: ${idx},${message.messageId},"${message.topic}",${length}"`;
  return concat(encode(head), message.payload, encode('"\r\n'));
}

export function deliverMessage(m: Module, idx: number, slot: QmtSlot, message: IncomingMessage): void {
  const [mode, withLength] = slot.config["recv/mode"];
  if (mode === 0) return m.urcBytes(recvUrc(idx, message, withLength === 1));
  const free = slot.stored.findIndex((s) => s === undefined);
  // All five buffers full: the module has nowhere to put it.
  if (free < 0) return;
  slot.stored[free] = message;
  m.urc(`+QMTRECV: ${idx},${free}`);
}

/** `AT+QMTRECV?` -> which buffers hold a message; `AT+QMTRECV=<idx>,<recv_id>` reads one. */
export const qmtrecv: Handler = (m, cmd) => {
  if (cmd.form === "read") {
    const lines = m.state.slots.filter((s) => s.inUse).map((s) => `+QMTRECV: ${m.state.slots.indexOf(s)},${s.stored.map((x) => (x ? 1 : 0)).join(",")}`);
    return m.reply("OK", lines);
  }
  const idx = intArg(cmd, 0, 0, CLIENT_COUNT - 1);
  const id = intArg(cmd, 1, 0, RECV_BUFFERS - 1);
  const message = idx === undefined || id === undefined ? undefined : m.state.slots[idx].stored[id];
  if (cmd.form !== "set" || idx === undefined || id === undefined) return m.fail();
  m.state.slots[idx].stored[id] = undefined;
  m.reply("OK", message ? recvUrc(idx, message, true) : []);
};
