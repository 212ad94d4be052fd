import { constant } from "../../at/constant";
import { answer, DialectAnswers, OK, PROMPT } from "../answers";

/** An A7670 on the happy path (see src/modem/answers.ts). */
export const SIMCOM_ANSWERS: DialectAnswers = constant({
  ready: "*ATREADY: 1",
  poweredDown: "",
  mqttClosed: "+CMQTTCONNLOST: 0,1",
  pdpLost: "+CMQTTNONET",
  answers: [
    // Maker, model and revision, then the IMEI and the capabilities, as an A76xx prints them.
    answer("^ATI$", "\r\nManufacturer: SIMCOM INCORPORATED\r\nModel: A7670C-LASE\r\nRevision: A7670M7_V1.11.1\r\nIMEI: 861234050000001\r\n+GCAP: +CGSM,+FCLASS,+DS\r\n" + OK),
    answer("^AT\\+CPIN\\?$", "\r\n+CPIN: READY\r\n" + OK),
    // One answer per command: Espruino's RegExp (the fixtures run there too) matches neither
    // an optional class nor an alternation inside a group.
    answer("^AT\\+CEREG\\?$", "\r\n+CEREG: 0,1\r\n" + OK),
    answer("^AT\\+CGREG\\?$", "\r\n+CGREG: 0,1\r\n" + OK),
    answer("^AT\\+CREG\\?$", "\r\n+CREG: 0,1\r\n" + OK),
    answer("^AT\\+CMQTTSTART$", OK, { result: "+CMQTTSTART: 0" }),
    answer("^AT\\+CMQTTCONNECT=(\\d+)", OK, { result: "+CMQTTCONNECT: $1,0" }),
    answer("^AT\\+CMQTTSUBTOPIC=(\\d+),(\\d+)", PROMPT, { dataGroup: 2 }),
    answer("^AT\\+CMQTTSUB=(\\d+)$", OK, { result: "+CMQTTSUB: $1,0" }),
    // One topic in one command: its bytes after the prompt.
    answer("^AT\\+CMQTTSUB=(\\d+),(\\d+),\\d$", PROMPT, { dataGroup: 2, result: "+CMQTTSUB: $1,0" }),
    answer("^AT\\+CMQTTTOPIC=(\\d+),(\\d+)$", PROMPT, { dataGroup: 2 }),
    answer("^AT\\+CMQTTPAYLOAD=(\\d+),(\\d+)$", PROMPT, { dataGroup: 2, payload: true }),
    answer("^AT\\+CMQTTPUB=(\\d+)", OK, { result: "+CMQTTPUB: $1,0" }),
    answer("^AT\\+CMQTTDISC\\?$", "\r\n+CMQTTDISC: 0,0\r\n" + OK),
    answer("^AT\\+CMQTTDISC=(\\d+)", OK, { result: "+CMQTTDISC: $1,0" }),
    answer("^AT\\+CMQTTSTOP$", OK, { result: "+CMQTTSTOP: 0" }),
    answer("^AT\\+CPOF$", OK, { powerOff: true }),
    // TLS (simcom/tls.ts): an empty certificate store; a download takes <size> bytes after the prompt.
    answer("^AT\\+CCERTLIST$", OK),
    answer('^AT\\+CCERTDOWN="[^"]*",(\\d+)$', PROMPT, { dataGroup: 1 }),
    // Local time and its zone in quarter hours (the same instant as the Quectel table's QLTS).
    answer("^AT\\+CCLK\\?$", '\r\n+CCLK: "26/12/07,10:42:30+32"\r\n' + OK),
  ],
});

/** An incoming message in its four parts (topic and payload in one chunk each). */
export function simcomMessage(topic: string, topicBytes: number, payload: string, payloadBytes: number): string {
  return (
    "\r\n+CMQTTRXSTART: 0," + topicBytes + "," + payloadBytes + "\r\n+CMQTTRXTOPIC: 0," + topicBytes + "\r\n" + topic +
    "\r\n+CMQTTRXPAYLOAD: 0," + payloadBytes + "\r\n" + payload + "\r\n+CMQTTRXEND: 0\r\n"
  );
}
