import { test } from "uvu";
import * as assert from "uvu/assert";
import { intArg, isAtLine, parseAtCommand, splitArgs, strArg } from "../../sim/ec600s/at-command";

test("forms of extended commands", () => {
  assert.equal(parseAtCommand("AT+CPIN?"), { name: "+CPIN", form: "read", args: [] });
  assert.equal(parseAtCommand("at+qmtcfg=?"), { name: "+QMTCFG", form: "test", args: [] });
  assert.equal(parseAtCommand("AT+QPOWD"), { name: "+QPOWD", form: "exec", args: [] });
  assert.equal(parseAtCommand('AT+QMTOPEN=0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883')?.args, [
    { text: "0", quoted: false },
    { text: "iot-as-mqtt.cn-shanghai.aliyuncs.com", quoted: true },
    { text: "1883", quoted: false },
  ]);
});

test("basic commands", () => {
  assert.equal(parseAtCommand("AT"), { name: "", form: "exec", args: [] });
  assert.equal(parseAtCommand("ATE0"), { name: "E", form: "set", args: [{ text: "0", quoted: false }] });
  assert.equal(parseAtCommand("ATI"), { name: "I", form: "exec", args: [] });
  assert.is(parseAtCommand("ATXYZ"), undefined);
});

test("quoted strings keep commas and are not escaped; empty args are kept", () => {
  assert.equal(splitArgs('1,"a,b",,"",x'), [
    { text: "1", quoted: false },
    { text: "a,b", quoted: true },
    { text: "", quoted: false },
    { text: "", quoted: true },
    { text: "x", quoted: false },
  ]);
  assert.is(splitArgs('"open'), undefined);
  assert.is(splitArgs('"a"b'), undefined);
  assert.equal(splitArgs(' "a" , 2 '), [
    { text: "a", quoted: true },
    { text: "2", quoted: false },
  ]);
});

test("typed argument access", () => {
  const cmd = parseAtCommand('AT+X=5,"s",-1,"5"');
  if (!cmd) throw new Error("parse");
  assert.is(intArg(cmd, 0, 0, 5), 5);
  assert.is(intArg(cmd, 0, 0, 4), undefined);
  assert.is(intArg(cmd, 2, -1, 0), -1);
  assert.is(intArg(cmd, 3, 0, 9), undefined, "quoted number is not a number");
  assert.is(strArg(cmd, 1), "s");
  assert.is(strArg(cmd, 0), undefined, "unquoted is not a string");
  assert.is(strArg(cmd, 9), undefined);
});

test("only lines starting with AT are commands", () => {
  assert.ok(isAtLine("at+csq"));
  assert.not.ok(isAtLine("xAT"));
  assert.not.ok(isAtLine(""));
});

test.run();
