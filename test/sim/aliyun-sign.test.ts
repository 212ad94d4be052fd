import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseClientId } from "../../sim/aliyun/client-id";
import { aliyunCredentials, hmacHex, signContent } from "../../sim/aliyun/sign";
import { verifyDeviceLogin, type DeviceLogin } from "../../sim/aliyun/verify";

const light = { productKey: "a14Xib5kdYd", deviceName: "light1983432", deviceSecret: "oLyaKqVxtRvjH284LdhqVgVUx1UPy6zq" };
const xp = { productKey: "a1Ze3BcsQ5x", deviceName: "XP001", deviceSecret: "amzS2Q9siGHpSVDVhvDV43661DmfdXtW" };
const lookup = (pk: string, dn: string) => [light, xp].find((d) => d.productKey === pk && d.deviceName === dn);

test("known answer 1: raw content, hmacsha1", () => {
  const sig = hmacHex("hmacsha1", "secret", "clientId12345deviceNamedeviceproductKeypktimestamp789");
  assert.is(sig.toUpperCase(), "FAFD82A3D602B37FB0FA8B7892F24A477F851A14");
});

test("known answer 2: SN1928339 with timestamp", () => {
  const creds = aliyunCredentials(light, { id: "SN1928339", timestamp: "1539421321846" });
  assert.is(creds.password, "b2488041f64f425016b467ee1c94959ebd592ad1");
  assert.is(creds.clientId, "SN1928339|securemode=3,signmethod=hmacsha1,timestamp=1539421321846|");
  assert.is(creds.username, "light1983432&a14Xib5kdYd");
});

test("known answer 3: no timestamp leaves it out of the content", () => {
  assert.is(signContent({ id: "XP001", deviceName: "XP001", productKey: "a1Ze3BcsQ5x" }), "clientIdXP001deviceNameXP001productKeya1Ze3BcsQ5x");
  const creds = aliyunCredentials(xp, { id: "XP001" });
  assert.is(creds.password, "cc4e388e7f1ea1e5bdaf15891b76f2dfcfeffb06");
  assert.is(creds.clientId, "XP001|securemode=3,signmethod=hmacsha1|");
});

test("md5 and sha256 sign too, and verify", () => {
  for (const signmethod of ["hmacmd5", "hmacsha256"] as const) {
    const creds = aliyunCredentials(light, { id: "x", timestamp: 1, signmethod });
    assert.is(creds.password.length, signmethod === "hmacmd5" ? 32 : 64);
    assert.ok(verifyDeviceLogin(creds, lookup).ok);
  }
});

test("parseClientId tolerates spaces, key order and extra keys", () => {
  const parsed = parseClientId(" SN1 | timestamp=5 , signmethod=hmacsha1,securemode=3, _v=sdk-c-4.0 |");
  assert.equal(parsed, { id: "SN1", params: { timestamp: "5", signmethod: "hmacsha1", securemode: "3", _v: "sdk-c-4.0" } });
});

test("parseClientId rejects malformed ids", () => {
  for (const bad of ["SN1", "SN1|securemode=3", "|securemode=3|", "a|b|c|", "a|securemode|", "a|k=1,k=2|", "a|k=|", "a|k=1|x", "x".repeat(65) + "|k=1|"]) {
    assert.is(parseClientId(bad), undefined, bad);
  }
  assert.ok(parseClientId("x".repeat(64) + "|k=1|"));
});

test("verify accepts upper-case hex and a reordered clientId", () => {
  const creds = aliyunCredentials(light, { id: "SN1928339", timestamp: "1539421321846" });
  const login = { ...creds, clientId: "SN1928339|timestamp=1539421321846,signmethod=hmacsha1,securemode=3|", password: creds.password.toUpperCase() };
  assert.equal(verifyDeviceLogin(login, lookup), { ok: true, device: light, id: "SN1928339" });
});

function refusal(login: DeviceLogin): [number, string] {
  const verdict = verifyDeviceLogin(login, lookup);
  if (verdict.ok) throw new Error("accepted");
  return [verdict.returnCode, verdict.reason];
}

test("verify rejections carry CONNACK codes", () => {
  const good = aliyunCredentials(light, { id: "SN1928339", timestamp: "1539421321846" });
  assert.equal(refusal({ ...good, password: "0".repeat(40) }), [4, "bad signature"]);
  assert.equal(refusal({ ...good, clientId: good.clientId.replace("1846", "1847") }), [4, "bad signature"]);
  assert.equal(refusal({ ...good, clientId: good.clientId.replace("hmacsha1", "hmacsha512") }), [4, "unknown signmethod hmacsha512"]);
  assert.equal(refusal({ ...good, clientId: "SN1928339" }), [4, "malformed clientId"]);
  assert.equal(refusal({ ...good, username: "light1983432" }), [4, "malformed username"]);
  assert.equal(refusal({ ...good, username: "XP001&a1Ze3BcsQ5x" }), [4, "bad signature"]);
  assert.equal(refusal({ ...good, username: "nobody&a14Xib5kdYd" }), [5, "unknown device"]);
});

test("securemode: 2 (TLS) and 3 (TCP) are accepted, anything else is refused with CONNACK 4", () => {
  for (const mode of [2, 3]) assert.ok(verifyDeviceLogin(aliyunCredentials(light, { id: "SN1", securemode: mode }), lookup).ok, String(mode));
  for (const mode of [-5, -2, 0, 1, 4, 99]) {
    assert.equal(refusal(aliyunCredentials(light, { id: "SN1", securemode: mode })), [4, `unsupported securemode ${mode}`]);
  }
  const good = aliyunCredentials(light, { id: "SN1" });
  assert.equal(refusal({ ...good, clientId: good.clientId.replace("securemode=3", "securemode=abc") }), [4, "unsupported securemode abc"]);
});

test("missing signmethod means hmacmd5", () => {
  const creds = aliyunCredentials(xp, { id: "XP001", signmethod: "hmacmd5" });
  assert.ok(verifyDeviceLogin({ ...creds, clientId: "XP001|securemode=3|" }, lookup).ok);
});

test.run();
