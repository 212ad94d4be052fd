/**
 * Quectel's HTTP(S) client: QHTTPCFG, QHTTPURL (the URL after CONNECT), QHTTPGET (OK, then
 * `+QHTTPGET: <err>,<status>,<length>`), QHTTPREAD (CONNECT, the body at the UART's pace,
 * OK, `+QHTTPREAD: <err>`). Files come from the options' SimFiles.
 */
import { intArg, strArg } from "../at-command";
import { concat } from "../bytes";
import type { Handler, Module } from "../module";
import { HTTP_SOCKET_READ_ERROR } from "../../ota/files";

/** Bytes per piece of the body, and the time a piece takes at 115200 baud (~11.5 bytes/ms). */
const PIECE = 1024;
const PIECE_MS = 90;
/** "No GET/POST request" (705) and "network deactivated" (709), as `+QHTTPGET`/CME codes. */
const NO_REQUEST = 705;
const PDP_DOWN = 709;

const encoder = new TextEncoder();

const qhttpcfg: Handler = (m, cmd) => {
  const key = strArg(cmd, 0, 32);
  if (cmd.form !== "set" || key === undefined) return m.fail();
  const known: Record<string, [number, number]> = { contextid: [1, 16], responseheader: [0, 1], requestheader: [0, 1], sslctxid: [0, 5], contenttype: [0, 5] };
  const range = known[key];
  if (range === undefined) return m.fail(703);
  if (cmd.args.length === 1) return m.reply("OK");
  return intArg(cmd, 1, range[0], range[1]) === undefined ? m.fail() : m.reply("OK");
};

const qhttpurl: Handler = (m, cmd) => {
  const length = intArg(cmd, 0, 1, 2048);
  if (cmd.form !== "set" || length === undefined || (cmd.args.length > 1 && intArg(cmd, 1, 1, 65535) === undefined)) return m.fail();
  m.connectPrompt(length, (bytes) => {
    m.state.http.url = new TextDecoder().decode(bytes);
    m.state.http.answer = undefined;
    m.reply("OK");
  });
};

const qhttpget: Handler = (m, cmd) => {
  const s = m.state.http;
  if (cmd.form !== "set" || intArg(cmd, 0, 1, 65535) === undefined) return m.fail();
  if (s.url === "") return m.fail(NO_REQUEST);
  const pdpUp = m.state.pdp.get(1)?.active === true;
  m.reply("OK", [], () =>
    m.after(200, () => {
      if (!pdpUp) return m.urc(`+QHTTPGET: ${PDP_DOWN}`);
      const answer = m.options.files.fetch(s.url);
      s.answer = answer;
      m.urc("error" in answer ? `+QHTTPGET: ${answer.error}` : `+QHTTPGET: 0,${answer.status},${answer.body.length}`);
    }),
  );
};

const qhttpread: Handler = (m, cmd) => {
  const answer = m.state.http.answer;
  if (cmd.form !== "set" || intArg(cmd, 0, 1, 65535) === undefined) return m.fail();
  if (answer === undefined || "error" in answer) return m.fail(NO_REQUEST);
  m.state.http.answer = undefined;
  m.busyFor(() => {
    m.urcBytes(encoder.encode("\r\nCONNECT\r\n"));
    sendBody(m, answer.body, answer.deliver, 0, answer.deliver < answer.body.length);
  });
};

/** The body in pieces at the UART's pace, then the end; a cut body ends with a socket error. */
function sendBody(m: Module, body: Uint8Array, deliver: number, at: number, cut: boolean): void {
  if (at >= deliver) {
    m.urcBytes(concat(encoder.encode("\r\nOK\r\n"), encoder.encode(`\r\n+QHTTPREAD: ${cut ? HTTP_SOCKET_READ_ERROR : 0}\r\n`)));
    m.idle();
    return;
  }
  const end = Math.min(deliver, at + PIECE);
  m.urcBytes(body.subarray(at, end));
  m.after(PIECE_MS, () => sendBody(m, body, deliver, end, cut));
}

export const httpCommands: Record<string, Handler> = {
  "+QHTTPCFG": qhttpcfg,
  "+QHTTPURL": qhttpurl,
  "+QHTTPGET": qhttpget,
  "+QHTTPREAD": qhttpread,
};
