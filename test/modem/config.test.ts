import { test } from "uvu";
import * as assert from "uvu/assert";
import { MODEM_DEFAULTS } from "../../src/modem/config";

test("the modem's defaults name no device and carry no CA: a build without a config holds nobody's credentials", () => {
  const { productKey, deviceName, deviceSecret, clientId, caCert, tls } = MODEM_DEFAULTS;
  assert.equal({ productKey, deviceName, deviceSecret, clientId, caCert, tls }, { productKey: "", deviceName: "", deviceSecret: "", clientId: "", caCert: "", tls: false });
});

test.run();
