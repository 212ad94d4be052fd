import { constant } from "../../at/constant";
import { answer, DialectAnswers, OK, PROMPT } from "../answers";

/** An EC600S on the seed's happy path (see src/modem/answers.ts). */
export const QUECTEL_ANSWERS: DialectAnswers = constant({
  ready: "RDY",
  poweredDown: "POWERED DOWN",
  mqttClosed: "+QMTSTAT: 0,1",
  pdpLost: '+QIURC: "pdpdeact",1',
  answers: [
    answer("^ATI$", "\r\nQuectel\r\nEC600S\r\nRevision: EC600SCNLAR01A01M08\r\n" + OK),
    answer("^AT\\+CPIN\\?$", "\r\n+CPIN: READY\r\n" + OK),
    // One answer per command: Espruino's RegExp (the fixtures run there too) matches neither
    // an optional class nor an alternation inside a group.
    answer("^AT\\+CEREG\\?$", "\r\n+CEREG: 0,1\r\n" + OK),
    answer("^AT\\+CGREG\\?$", "\r\n+CGREG: 0,1\r\n" + OK),
    answer("^AT\\+CREG\\?$", "\r\n+CREG: 0,1\r\n" + OK),
    answer("^AT\\+QMTCONN\\?$", "\r\n+QMTCONN: 0,3\r\n" + OK),
    answer("^AT\\+QMTOPEN=(\\d+)", OK, { result: "+QMTOPEN: $1,0" }),
    answer("^AT\\+QMTCONN=(\\d+)", OK, { result: "+QMTCONN: $1,0,0" }),
    answer("^AT\\+QMTSUB=(\\d+),(\\d+)", OK, { result: "+QMTSUB: $1,$2,0,0" }),
    answer("^AT\\+QMTCLOSE=(\\d+)", OK, { result: "+QMTCLOSE: $1,0" }),
    answer('^AT\\+QMTPUBEX=(\\d+),(\\d+),\\d,\\d,"[^"]*",(\\d+)$', PROMPT, { dataGroup: 3, payload: true, result: "+QMTPUBEX: $1,$2,0" }),
    answer("^AT\\+QPOWD=1$", OK, { powerOff: true }),
    // TLS (quectel/tls.ts). An empty UFS lists nothing for the CA's name; the upload answers
    // CONNECT, takes exactly <size> bytes, then gives their size and XOR checksum (hex).
    answer('^AT\\+QFLST="UFS:[^"]*"$', OK),
    answer('^AT\\+QFUPL="UFS:[^"]*",(\\d+),\\d+$', "\r\nCONNECT\r\n", { dataGroup: 1, dataReply: "\r\n+QFUPL: $1,$sum\r\n" + OK }),
    // The HTTP client's setup and URL (the URL's bytes after CONNECT); GET and READ depend on
    // the file served, so fakes answer those themselves.
    answer("^AT\\+QHTTPCFG=", OK),
    answer("^AT\\+QHTTPURL=(\\d+),\\d+$", "\r\nCONNECT\r\n", { dataGroup: 1 }),
    // UTC from the network's last NITZ (mode 1); the zone is the network's, in quarter hours.
    answer("^AT\\+QLTS=1$", '\r\n+QLTS: "2026/12/07,02:42:30+32,0"\r\n' + OK),
  ],
});

/** `+QMTRECV` as recv/mode 0,0,1 frames it. */
export function quectelMessage(topic: string, payloadBytes: number, payload: string): string {
  return '\r\n+QMTRECV: 0,1,"' + topic + '",' + payloadBytes + ',"' + payload + '"\r\n';
}
