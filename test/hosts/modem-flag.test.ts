import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseCli, UsageError } from "../../hosts/node/args";

test("--modem picks the module; an unknown one is a usage error naming the choices", () => {
  assert.is(parseCli(["--modem", "a7670"]).modem, "a7670");
  assert.is(parseCli([]).modem, undefined);
  assert.throws(() => parseCli(["--modem", "sim800"]), (e: Error) => e instanceof UsageError && /--modem must be one of ec600s, ec200s, ec800m, ec200u, eg912y, a7670, auto, got "sim800"/.test(e.message));
});

test.run();
