import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Firmware } from "../../src/app/firmware";
import { QUICK_BOOTS_KEY } from "../../src/app/boot-guard";
import { RELAY_KEY } from "../../src/app/relay";
import { DS, FakeSettings, FakeStorage } from "./fakes";
import { IDENTITY, unitRig } from "./unit-rig";

test("a blank unit says it has no identity, keeps its relay at the boot state and never talks to the module", () => {
  const r = unitRig();
  r.sm.run(5 * 60000, 50);
  assert.is(r.unit.state, "unprovisioned");
  assert.is(r.unit.firmware, null);
  assert.equal(r.sm.commands, [], "not one byte to the module, so nothing to the cloud");
  assert.equal(r.relay.writes, [0], "the relay reached its boot state (off: nothing stored)");
  const notices = r.log.lines.filter((l) => l.indexOf("no device identity, waiting for provisioning") >= 0);
  assert.ok(notices.length >= 5 && notices.length <= 6, `one notice a minute, not a flood: ${notices.length}`);
  assert.match(notices[0], /productKey is required.*deviceName is required.*deviceSecret is required/);
});

test("provisioning over the console: set the triple, the unit starts at once and comes online; NVS keeps it for the next boot", () => {
  const r = unitRig({ build: { apn: "CMIOT" } });
  assert.equal(r.said().length, 1, "the boot notice, once");
  r.type("set productKey " + IDENTITY.productKey + "\r\n");
  assert.equal(r.said(), ['productKey saved = "a1wFylTxYeD"', "still waiting: deviceName is required: 4..32 characters of letters, digits and _-@.:; deviceSecret is required: 1..64 characters of printable ASCII without spaces or '\"'"]);
  r.type("set deviceName " + IDENTITY.deviceName + "\n");
  r.said();
  r.type("set deviceSecret " + DS + "\r");
  const said = r.said();
  assert.equal(said, ["deviceSecret saved (32 characters)", "provisioned: starting"]);
  assert.ok(said.join("\n").indexOf(DS) < 0, "the secret is never echoed");
  assert.ok(r.sm.runUntilOnline(60000), "online");
  assert.is(r.unit.state, "online");
  assert.ok(r.sm.commands.some((c) => c.indexOf('AT+QICSGP=1,1,"CMIOT"') === 0), "the build's apn is the default under NVS");
  assert.equal(r.settings.values, IDENTITY);
  // Reboot: the same NVS, a new unit, online with no console at all.
  const again = unitRig({ storage: r.storage, settings: r.settings });
  assert.ok(again.sm.runUntilOnline(60000));
});

test("status names the module as ATI identified it (modem=auto, the default), with its revision", () => {
  const r = unitRig({ build: IDENTITY });
  r.type("status\n");
  assert.ok(r.said().includes("module EC600S"), "before identification: the dialect the runner starts with, no revision");
  assert.ok(r.sm.runUntilOnline(60000));
  assert.ok(r.sm.commands.includes("ATI"));
  r.type("status\n");
  const lines = r.said();
  assert.ok(lines.includes("module EC600S, revision EC600SCNLAR01A01M08"), lines.join("\n"));
  assert.match(lines[lines.length - 2], /^modem online, relay 0, queued \d+$/);
  assert.is(lines[lines.length - 1], "firmware 1.0.0");
});

test("NVS overrides the build's config, and every problem of a bad one is listed at once", () => {
  const settings = new FakeSettings();
  settings.values = { ...IDENTITY, mqttPort: "99999", apnAuth: "7" };
  const r = unitRig({ settings, build: { mqttPort: 1883 } });
  assert.is(r.unit.state, "config-error");
  assert.match(r.said().join("\n"), /^settings cannot run, waiting for provisioning on the console: apnAuth/, "said at boot");
  r.type("status\n");
  const lines = r.said();
  assert.match(lines[0], /^state config-error, up 0 s$/);
  assert.match(lines[1], /settings cannot run, waiting for provisioning on the console: apnAuth must be an integer 0\.\.3, got "7"; mqttPort must be an integer 1\.\.65535, got "99999"/);
  r.sm.run(1000);
  assert.equal(r.sm.commands, []);
  r.type("unset mqttPort\n");
  assert.equal(r.said(), ["mqttPort unset (the build's value applies)", 'still waiting: apnAuth must be an integer 0..3, got "7"']);
  r.type("set apnAuth 2\n");
  assert.equal(r.said(), ['apnAuth saved = "2"', "provisioned: starting"]);
  assert.ok(r.sm.runUntilOnline(60000));
});

test("set refuses a bad value with the config's own message, and keeps the old one", () => {
  const settings = new FakeSettings();
  settings.values = { ...IDENTITY };
  const r = unitRig({ settings });
  r.type("set keepaliveS 5\n");
  r.type("set deviceSecret has space\n");
  r.type("set deviceName ab\n");
  assert.equal(r.said(), [
    'error: keepaliveS must be an integer 30..1200, got "5"',
    "error: deviceSecret must be 1..64 characters of printable ASCII without spaces or '\"', got 9 characters (not shown)",
    'error: deviceName must be 4..32 characters of letters, digits and _-@.:, got "ab"',
  ]);
  assert.equal(settings.values, IDENTITY);
  assert.is(settings.writes, 0);
});

test("get shows the value in use and where it comes from; secrets only as set/not set", () => {
  const settings = new FakeSettings();
  settings.values = { ...IDENTITY, apn: "CMIOT" };
  const r = unitRig({ settings, build: { apn: "CMNET", mqttHost: "broker.example" } });
  r.type("get apn\nget mqttHost\nget keepaliveS\nget deviceSecret\nget apnPassword\n");
  assert.equal(r.said(), [
    'apn = "CMIOT" [nvs]',
    'mqttHost = "broker.example" [build]',
    "keepaliveS = 120 [default]",
    "deviceSecret set, 32 characters (not shown) [nvs]",
    "apnPassword not set [default]",
  ]);
  r.type("set apn internet\nget apn\n");
  assert.equal(r.said(), ['apn saved = "internet"', "takes effect after reboot", 'apn = "CMIOT" [nvs] (stored "internet", after reboot)']);
});

test("the console takes CR, LF and CRLF alike, and unknown commands, keys and missing values get one line each", () => {
  const settings = new FakeSettings();
  settings.values = { ...IDENTITY };
  const r = unitRig({ settings });
  r.type("bogus\rget nope\nset apn\r\nget\r\n\r\n\nunset\rreboot now\n");
  assert.equal(r.said(), [
    'error: unknown command "bogus" (try help)',
    'error: unknown setting "nope" (help lists them)',
    "error: set takes a key and a value: set <key> <value>",
    "error: get takes one key: get <key>",
    "error: unset takes one key: unset <key>",
    "error: reboot takes no arguments",
  ]);
});

test("reboot and factory-reset: the line goes out first, then the board restarts; factory-reset keeps the settings, clears the user data and calls the app's hook", () => {
  const settings = new FakeSettings();
  settings.values = { ...IDENTITY, apn: "CMIOT" };
  const r = unitRig({ settings });
  r.type("reboot\n");
  assert.equal(r.said(), ["rebooting"]);
  assert.is(r.restarts, 0);
  r.sm.run(300);
  assert.is(r.restarts, 1);
  r.type("factory-reset\n");
  assert.equal(r.said(), ["factory reset: schedules, countdown, relay memory and boot counter cleared, settings kept; rebooting"]);
  assert.equal(settings.values, { ...IDENTITY, apn: "CMIOT" });
  assert.is(r.storage.getInt(RELAY_KEY), -1);
  assert.is(r.factoryResets, 1);
  r.sm.run(300);
  assert.is(r.restarts, 2);
});

test("at: queued through the AT engine, sent only between the driver's commands, its answer shown", () => {
  const settings = new FakeSettings();
  settings.values = { ...IDENTITY };
  const r = unitRig({ settings });
  r.sm.script.push(["AT+CSQ", "\r\n+CSQ: 21,99\r\n\r\nOK\r\n"], ["ATI", "\r\nQuectel\r\nEC600S\r\n\r\nOK\r\n"]);
  // Every command line must go out after the one before it got its final code.
  let finals = 0;
  let early = 0;
  const unit = r.unit;
  r.sm.attach({
    receive: (bytes, length) => {
      finals += (Buffer.from(bytes.subarray(0, length)).toString("latin1").match(/\r\n(OK|ERROR)\r\n/g) ?? []).length;
      unit.receive(bytes, length);
    },
    poll: () => unit.poll(),
    get online() {
      return unit.online;
    },
  });
  const write = r.sm.write.bind(r.sm);
  r.sm.write = (bytes, offset, length) => {
    const lines = r.sm.commands.length;
    const n = write(bytes, offset, length);
    if (r.sm.commands.length > lines && finals < lines) early++;
    return n;
  };
  r.sm.run(40); // bring-up under way
  r.type("at AT+CSQ\n");
  r.sm.run(200);
  r.type("at ATI\n");
  r.sm.run(200);
  assert.equal(r.said(), ["  +CSQ: 21,99", "OK", "  Quectel", "  EC600S", "OK"]);
  assert.ok(r.sm.commands.indexOf("AT+CSQ") > 0 && r.sm.commands.indexOf("ATI") > 0);
  assert.ok(r.sm.runUntilOnline(60000), "the driver went on with its bring-up");
  assert.is(early, 0, "no command line went out before the one before it was answered");
  r.type("at hello\n");
  assert.equal(r.said(), ["error: at takes an AT command line: at AT+CSQ"]);
});

test("at on a unit without a firmware says so; a second at while one runs is refused", () => {
  const blank = unitRig();
  assert.match(blank.said().join("\n"), /^no device identity, waiting for provisioning on the console: productKey is required/);
  blank.type("at AT\n");
  assert.equal(blank.said(), ["error: the modem is not running (unprovisioned)"]);
  const settings = new FakeSettings();
  settings.values = { ...IDENTITY };
  const r = unitRig({ settings });
  r.sm.script.push(["AT+QENG", ""]); // never answers
  r.type("at AT+QENG=\"servingcell\"\nat AT\n");
  assert.equal(r.said(), ["error: the last at command has not finished"]);
  r.sm.run(11000);
  assert.equal(r.said(), ["at: no final result code within 10 s"]);
});

test("boot loop: five quick boots in a row, and the sixth starts in safe mode (relay off, no button or sensor), reported on the console and to the cloud", () => {
  const storage = new FakeStorage();
  const settings = new FakeSettings();
  settings.values = { ...IDENTITY, relayBootPolicy: "on" };
  storage.values.relay = 1;
  for (let boot = 1; boot <= 5; boot++) {
    const r = unitRig({ storage, settings });
    assert.is(r.unit.state === "safe-mode", false, `boot ${boot} is a normal one`);
    r.sm.run(30000, 50); // dies after 30 s, before the link was stable
  }
  assert.is(storage.values[QUICK_BOOTS_KEY], 5);
  const r = unitRig({ storage, settings, ota: true });
  assert.is(r.unit.state, "safe-mode");
  assert.match(r.said()[0], /^safe mode: 5 quick reboots in a row/, "said on the console at boot");
  // An update over the air is how a bad build gets fixed: safe mode keeps it.
  const ota = (r.unit.firmware as Firmware).ota!;
  ota.onOffer(JSON.stringify({ code: "1000", data: { size: 1000, version: "9.9.9", url: "http://ota.example/fw.bin", signMethod: "Md5", sign: "0".repeat(32) }, id: 1 }));
  assert.is(ota.state, "waiting", ota.error);
  assert.equal(r.relay.writes, [0], "the relay in its safe state (off), not the boot policy's on");
  assert.ok(r.log.lines.some((l) => /^error: safe mode: 5 quick reboots in a row/.test(l)));
  assert.ok(r.sm.runUntilOnline(60000), "the cloud link still comes up");
  r.sm.run(1000);
  const event = r.sm.commands.findIndex((c) => /^AT\+QMTPUBEX=0,\d+,\d,\d,"\/sys\/a1wFylTxYeD\/co_0001\/thing\/event\/SafeMode\/post"/.test(c));
  assert.ok(event >= 0, "the reason is posted as the SafeMode event");
  assert.ok(r.sm.payloads.some((p) => JSON.parse(p).params?.Reason?.indexOf("5 quick reboots") === 0));
  r.type("status\n");
  assert.match(r.said().join("\n"), /state safe-mode[\s\S]*safe mode: 5 quick reboots in a row/);
  assert.is(r.unit.state, "safe-mode");
  // Online and stable: the count is cleared, and the next boot is a normal one.
  r.sm.run(130000, 100);
  assert.is(storage.values[QUICK_BOOTS_KEY], 0);
  assert.equal(r.log.lines.filter((l) => /boot: a good boot/.test(l)), ["info: boot: a good boot (link stable): quick reboots no longer counted"], "said once");
  const next = unitRig({ storage, settings });
  assert.is(next.unit.state === "safe-mode", false);
});

test("a boot that lives its window clears the count even offline; bootLoopBoots 0 turns the guard off", () => {
  const storage = new FakeStorage();
  storage.values[QUICK_BOOTS_KEY] = 4;
  const r = unitRig({ storage }); // blank unit, never online
  r.sm.run(599000, 1000);
  assert.is(storage.values[QUICK_BOOTS_KEY], 5, "not yet");
  r.sm.run(2000, 1000);
  assert.is(storage.values[QUICK_BOOTS_KEY], 0);
  assert.ok(r.log.lines.includes("info: boot: a good boot (up 600 s): quick reboots no longer counted"), r.log.lines.join("\n"));
  const settings = new FakeSettings();
  settings.values = { ...IDENTITY, bootLoopBoots: "0" };
  storage.values[QUICK_BOOTS_KEY] = 50;
  assert.is(unitRig({ storage, settings }).unit.state === "safe-mode", false);
  settings.values.bootLoopBoots = "3";
  storage.values[QUICK_BOOTS_KEY] = 3;
  assert.is(unitRig({ storage, settings }).unit.state, "safe-mode");
});

test("a storage that fails does not stop the unit: it boots normally and says why", () => {
  const storage = new FakeStorage();
  storage.failWrites = true;
  const settings = new FakeSettings();
  settings.values = { ...IDENTITY };
  const r = unitRig({ storage, settings });
  assert.is(r.unit.state === "safe-mode", false);
  assert.ok(r.log.lines.some((l) => l.indexOf("warn: boot-loop counter not saved: Error: nvs full") === 0));
  settings.failWrites = true;
  r.type("set apn x\n");
  assert.equal(r.said(), ["error: NVS did not take apn: Error: nvs full"]);
});

test("the cloud's keys are NVS settings like the others: a blank unit provisioned for OneNET on the console logs in with its token", () => {
  const r = unitRig();
  r.said();
  r.type("set cloud onenet\n");
  r.type("set productId 123123\n");
  r.type("set deviceName mydev\n");
  r.type("set deviceKey " + Buffer.from("0123456789abcdef0123456789abcdef").toString("base64") + "\n");
  const said = r.said();
  assert.is(said[said.length - 1], "provisioned: starting", said.join("\n"));
  assert.ok(said.every((l) => l.indexOf("MDEyMzQ1") < 0), "the device key is a secret: never echoed");
  assert.ok(r.sm.runUntilOnline(60000), "online");
  assert.ok(r.sm.commands.some((c) => c.indexOf('AT+QMTCONN=0,"mydev","123123","version=2018-10-31&res=products%2F123123%2Fdevices%2Fmydev') === 0), r.sm.commands.join("\n"));
  assert.not.ok(r.sm.commands.some((c) => c.includes("aliauth")));
});

test("settings this board cannot run (gangs=2 without a second relay pin): a config error on the console, not a crash", () => {
  const settings = new FakeSettings();
  settings.values = { ...IDENTITY, gangs: "2" };
  const r = unitRig({ settings });
  assert.is(r.unit.state, "config-error");
  assert.match(r.said().join("\n"), /gangs 2 needs the host's second relay pin/);
  r.sm.run(1000);
  assert.equal(r.sm.commands, []);
  r.type("unset gangs\n");
  assert.equal(r.said(), ["gangs unset (the default value applies)", "provisioned: starting"]);
  assert.ok(r.sm.runUntilOnline(60000));
});

test.run();
