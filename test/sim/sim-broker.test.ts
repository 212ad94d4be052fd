/**
 * Simulator + Aliyun-compatible broker over TCP on 127.0.0.1: the network faults that need
 * a real broker (kick by a second login, restart, signature refusal). Module time runs 50x
 * faster than life; every wait is bounded.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { MqttClient } from "mqtt";
import { connectConsole, loginAsDevice, startBroker, type RunningBroker } from "../../sim/broker";
import { DEVICE, SET_TOPIC } from "./rig";
import { SimTerminal } from "./terminal";

const consoleLogin = { username: "console", password: "pw" };

class Terminal extends SimTerminal {
  constructor(broker: RunningBroker) {
    super(broker, "ec600s", 3000);
  }

  async connect(secret = DEVICE.deviceSecret, deviceName = DEVICE.deviceName): Promise<string> {
    this.sim.powerOn();
    await this.expect("RDY");
    await this.at("ATE0");
    await this.at("AT+CEREG=1");
    await this.expect("+CEREG: 1");
    await this.at("AT+QIACT=1");
    await this.at('AT+QMTCFG="recv/mode",0,0,1');
    await this.at(`AT+QMTCFG="aliauth",0,"${DEVICE.productKey}","${deviceName}","${secret}"`);
    await this.at('AT+QMTOPEN=0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883', "+QMTOPEN: 0,");
    return this.at('AT+QMTCONN=0,"clientExample_0"', "+QMTCONN: 0,");
  }
}

async function withRig(body: (broker: RunningBroker, term: Terminal) => Promise<void>): Promise<void> {
  const broker = await startBroker({ devices: [DEVICE], console: consoleLogin });
  const term = new Terminal(broker);
  try {
    await body(broker, term);
  } finally {
    term.sim.close();
    await broker.close();
  }
}

test("the broker refuses a wrong secret (4) and an unknown device (5)", () =>
  withRig(async (_broker, term) => {
    assert.ok((await term.connect("wrong-secret")).endsWith("+QMTCONN: 0,"));
    assert.is(await term.expect("\r\n"), "2,4\r\n");
    await term.at('AT+QMTCFG="aliauth",0,"a1wFylTxYeD","stranger","x"');
    await term.at('AT+QMTOPEN=0,"h",1883', "+QMTOPEN: 0,0");
    await term.at('AT+QMTCONN=0,"c"', "+QMTCONN: 0,2,5\r\n");
  }));

test("a second login with the device's credentials kicks the module: +QMTSTAT: 0,1", () =>
  withRig(async (broker, term) => {
    assert.ok((await term.connect()).endsWith("+QMTCONN: 0,"));
    await term.expect("0,0\r\n");
    assert.ok(broker.isOnline(DEVICE.productKey, DEVICE.deviceName));
    let intruder: MqttClient | undefined;
    try {
      intruder = await loginAsDevice(broker.url, DEVICE);
      await term.expect("\r\n+QMTSTAT: 0,1\r\n");
      assert.is(term.sim.clientState(0), "idle");
    } finally {
      await intruder?.endAsync(true);
    }
  }));

test("broker restart: +QMTSTAT, then the module reconnects and receives a set", () =>
  withRig(async (broker, term) => {
    await term.connect();
    await term.expect("0,0\r\n");
    await broker.restart();
    await term.expect("\r\n+QMTSTAT: 0,1\r\n");
    await term.at('AT+QMTOPEN=0,"h",1883', "+QMTOPEN: 0,0\r\n");
    await term.at('AT+QMTCONN=0,"clientExample_0"', "+QMTCONN: 0,0,0\r\n");
    await term.at(`AT+QMTSUB=0,1,"${SET_TOPIC}",0`, "+QMTSUB: 0,1,0,1\r\n");
    const cloud = await connectConsole(broker.url, consoleLogin);
    try {
      await cloud.setProperty(DEVICE.productKey, DEVICE.deviceName, { PowerSwitch_1: 1 }, "42");
      const urc = await term.expect('}"\r\n');
      assert.ok(urc.endsWith(`+QMTRECV: 0,0,"${SET_TOPIC}",96,"{"method":"thing.service.property.set","id":"42","params":{"PowerSwitch_1":1},"version":"1.0.0"}"\r\n`), urc);
    } finally {
      await cloud.close();
    }
  }));

test("broker gone: QMTOPEN reports 5", () =>
  withRig(async (broker, term) => {
    await term.connect();
    await term.expect("0,0\r\n");
    await broker.close();
    await term.expect("+QMTSTAT: 0,1\r\n");
    await term.at('AT+QMTOPEN=0,"h",1883', "+QMTOPEN: 0,5\r\n");
    assert.is(term.rest(), "");
  }));

test("set_reply from the module reaches the console", () =>
  withRig(async (broker, term) => {
    await term.connect();
    await term.expect("0,0\r\n");
    const cloud = await connectConsole(broker.url, consoleLogin);
    try {
      await cloud.watch(DEVICE.productKey, DEVICE.deviceName);
      const reply = cloud.waitFor("setReply", (r) => r.id === "9", 3000);
      const body = '{"id":"9","code":200,"data":{}}';
      await term.at(`AT+QMTPUBEX=0,0,0,0,"${SET_TOPIC}_reply",${body.length}`, "> ");
      term.sim.write(body);
      await term.expect("+QMTPUBEX: 0,0,0\r\n");
      assert.is((await reply)[0].code, 200);
    } finally {
      await cloud.close();
    }
  }));

test.run();
