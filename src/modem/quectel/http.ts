import { ascii } from "../../at/bytes";
import { constant } from "../../at/constant";
import type { AtBuilder } from "../../at/builder";
import type { Fields } from "../../at/fields";
import type { HttpAnswer, HttpClient } from "../dialect";

/** Seconds the module waits: for the URL's bytes, the server's answer, the body's end. */
const WAIT_SECONDS = 80;
/** Quectel's URL limit (QHTTPURL's <URL_length>, 1-2048 bytes). */
const MAX_URL = 2048;
/** The SSL context an https URL uses (QSSLCFG's defaults: no server check unless configured). */
const SSL_CONTEXT = 1;

/**
 * Quectel's HTTP(S) client (the HTTP(S) AT commands manual shared by the EC200/EC600/EC800
 * series): QHTTPCFG, QHTTPURL (the URL after CONNECT), QHTTPGET with `+QHTTPGET:
 * <err>,<status>,<length>`, and QHTTPREAD, whose answer is CONNECT, the body, OK, then
 * `+QHTTPREAD: <err>`. The body is the raw answer the AT engine streams by count.
 */
export const QUECTEL_HTTP: HttpClient = constant({
  setup(b: AtBuilder, index: number, https: boolean): boolean {
    if (index === 0) b.begin("AT+QHTTPCFG=").str("contextid", 16).int(1, 1, 16);
    // Only the body in QHTTPREAD's answer: its length is then the Content-Length.
    else if (index === 1) b.begin("AT+QHTTPCFG=").str("responseheader", 16).int(0, 0, 1);
    else if (index === 2 && https) b.begin("AT+QHTTPCFG=").str("sslctxid", 16).int(SSL_CONTEXT, 0, 5);
    else return false;
    return true;
  },
  url(b: AtBuilder, urlBytes: number): void {
    b.begin("AT+QHTTPURL=").int(urlBytes, 1, MAX_URL).int(WAIT_SECONDS, 1, 65535);
  },
  get(b: AtBuilder): void {
    b.begin("AT+QHTTPGET=").int(WAIT_SECONDS, 1, 65535);
  },
  getResult: ascii("+QHTTPGET:"),
  answer(f: Fields, out: HttpAnswer): void {
    out.err = f.int(0, -1);
    out.status = f.int(1, 0);
    out.contentLength = f.int(2, -1);
  },
  read(b: AtBuilder): void {
    b.begin("AT+QHTTPREAD=").int(WAIT_SECONDS, 1, 65535);
  },
  readResult: ascii("+QHTTPREAD:"),
  readError(f: Fields): number {
    // Stryker disable next-line UnaryOperator: only 0 makes a read complete; a missing code is an error either way
    return f.int(0, -1);
  },
  waitMs: WAIT_SECONDS * 1000,
});
