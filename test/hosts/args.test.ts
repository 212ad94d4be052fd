import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseCli, UsageError } from "../../hosts/node/args";

test("no flags: simulated everything, web console on 8080, real time", () => {
  const o = parseCli([]);
  assert.is(o.headless, false);
  assert.is(o.trace, false);
  assert.is(o.httpPort, 8080);
  assert.is(o.timeScale, 1);
  assert.is(o.broker, undefined);
  assert.is(o.port, undefined);
  assert.is(o.serialConsole, false, "stdin is left alone: npm start and the tests read nothing from it");
  assert.is(o.unprovisioned, false);
});

test("--serial-console and --unprovisioned", () => {
  const o = parseCli(["--serial-console", "--unprovisioned", "--storage", "nvs.json"]);
  assert.equal([o.serialConsole, o.unprovisioned, o.storage], [true, true, "nvs.json"]);
});

test("every flag is read", () => {
  const o = parseCli([
    "--broker", "mqtt://10.0.0.2:1884", "--port", "/dev/ttyUSB2", "--baud", "921600", "--product-key", "pk", "--device-name", "dev1",
    "--device-secret", "s", "--headless", "--trace", "--http-port", "0", "--storage", "/tmp/nvs.json",
  ]);
  assert.equal(
    [o.broker, o.port, o.baud, o.productKey, o.deviceName, o.deviceSecret, o.headless, o.trace, o.httpPort, o.storage],
    ["mqtt://10.0.0.2:1884", "/dev/ttyUSB2", 921600, "pk", "dev1", "s", true, true, 0, "/tmp/nvs.json"],
  );
  assert.is(parseCli(["--time-scale", "0.05"]).timeScale, 0.05);
  assert.equal([parseCli(["--time-scale", "0.01"]).timeScale, parseCli(["--time-scale", "100"]).timeScale], [0.01, 100]);
  assert.is(parseCli(["--http-port=0"]).httpPort, 0);
  assert.is(parseCli(["-h"]).help, true);
});

const refusals: Array<[string[], RegExp]> = [
  [["--bogus"], /^unknown option --bogus$/],
  [["extra"], /^unexpected argument extra$/],
  [["--broker"], /^option '--broker <value>' argument missing/],
  [["--http-port", "70000"], /--http-port must be an integer from 0 to 65535/],
  [["--http-port", "8o8o"], /--http-port must be an integer/],
  [["--time-scale", "0"], /--time-scale must be a number from 0\.01 to 100/],
  [["--time-scale", "fast"], /--time-scale/],
  // So small the device never comes online in a lifetime; so large it is a typo.
  [["--time-scale", "1e-9"], /^--time-scale must be a number from 0\.01 to 100, got "1e-9"$/],
  [["--time-scale", "0.001"], /^--time-scale must be a number from 0\.01 to 100/],
  [["--time-scale", "101"], /^--time-scale must be a number from 0\.01 to 100/],
  // node:util calls a value starting with "-" "ambiguous"; say what is wrong with it instead.
  [["--http-port", "-1"], /^--http-port must be an integer from 0 to 65535, got "-1"$/],
  [["--baud", "-9600", "--port", "/dev/ttyUSB2"], /^--baud must be an integer from 300 to 4000000, got "-9600"$/],
  [["--time-scale", "-0.5"], /^--time-scale must be a number from 0\.01 to 100, got "-0\.5"$/],
  [["--baud", "9600"], /--baud needs --port/],
  [["--port", "/dev/ttyUSB2", "--baud", "12"], /--baud must be an integer from 300/],
  [["--port", "/dev/ttyUSB2", "--time-scale", "0.5", "--broker", "mqtt://h:1"], /--time-scale works with the simulated modem only/],
  [["--port", "/dev/ttyUSB2"], /--port without --broker talks to real Aliyun: give --product-key/],
];

for (const [argv, message] of refusals) {
  test(`refused in one line: ${argv.join(" ")}`, () => {
    try {
      parseCli(argv);
      assert.unreachable("accepted");
    } catch (error) {
      assert.instance(error, UsageError);
      assert.match((error as Error).message, message);
      assert.not.match((error as Error).message, /\n/);
    }
  });
}

test("a real modem with its triple and no broker is fine (real Aliyun)", () => {
  const o = parseCli(["--port", "/dev/ttyUSB2", "--product-key", "pk", "--device-name", "dev1", "--device-secret", "s"]);
  assert.is(o.port, "/dev/ttyUSB2");
});

test.run();
