/**
 * Aliyun's OTA messages (its "OTA updates" topic reference): the upgrade offer the device is
 * pushed on /ota/device/upgrade, read or refused with a reason; the version it informs and the
 * progress it reports.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { encodeOtaInform, encodeOtaProgress, OTA_DOWNLOAD_FAILED, OTA_MAX_CHARS, OTA_MAX_URL, OTA_UPGRADE_FAILED, OTA_VERIFY_FAILED, OTA_WRITE_FAILED, OtaTopics, parseOtaOffer, type OtaOffer } from "../../src/cloud/ota";

const MD5 = "93230c3bde425a9d7984a594ac55f6e1";
const SHA256 = "f8d85b250d4d787a9f483d89a974b0c0f8d85b250d4d787a9f483d89a974b0c0";
const URL = "https://iotx-ota.oss-cn-shanghai.aliyuncs.com/ota/a1b2/fw.bin?Expires=1502955804&OSSAccessKeyId=LTAI&Signature=XfgJu7P6DW%3D&security-token=CAIS";

/** The shape of Aliyun's documented single-file HTTPS offer, with `data` overridden. */
function message(data: Record<string, unknown>, drop: string[] = []): string {
  const d: Record<string, unknown> = {
    size: 432945,
    version: "2.0.0",
    isDiff: 0,
    url: URL,
    md5: MD5,
    digestsign: "A4WOPSYHJ6DDDJD9",
    sign: MD5,
    signMethod: "MD5",
    module: "default",
    extData: { key1: "value1", _package_udi: '{"ota_notice":"fixes"}' },
    ...data,
  };
  for (const k of drop) delete d[k];
  return JSON.stringify({ code: "1000", data: d, id: 1626969597470, message: "success" });
}

function accepted(payload: string): OtaOffer {
  const r = parseOtaOffer(payload);
  if (!r.ok) throw new Error("refused: " + r.reason);
  return r.offer;
}

function refusal(payload: string): string {
  const r = parseOtaOffer(payload);
  if (r.ok) throw new Error("accepted: " + JSON.stringify(r.offer));
  return r.reason;
}

test("Aliyun's documented HTTPS offer is read: url, size, version, method and digest", () => {
  assert.equal(accepted(message({})), { url: URL, size: 432945, version: "2.0.0", signMethod: "md5", sign: MD5 });
});

test("signMethod in any of Aliyun's spellings; SHA256 takes a 64-digit sign", () => {
  for (const m of ["Md5", "MD5", "md5"]) assert.is(accepted(message({ signMethod: m })).signMethod, "md5", m);
  const o = accepted(message({ signMethod: "SHA256", sign: SHA256 }));
  assert.is(o.signMethod, "sha256");
  assert.is(o.sign, SHA256);
  assert.is(accepted(message({ signMethod: "Sha256", sign: SHA256 })).signMethod, "sha256");
});

test("the digest is kept in lower case whatever case it came in", () => {
  assert.is(accepted(message({ sign: MD5.toUpperCase() })).sign, MD5);
  assert.is(accepted(message({ signMethod: "SHA256", sign: SHA256.toUpperCase() })).sign, SHA256);
});

test("an offer with only `md5`: MD5 (signMethod Md5, or none: Aliyun's default)", () => {
  const withMethod = accepted(message({ signMethod: "Md5" }, ["sign"]));
  assert.is(withMethod.signMethod, "md5");
  assert.is(withMethod.sign, MD5);
  const bare = accepted(message({}, ["sign", "signMethod", "digestsign", "module", "extData", "isDiff"]));
  assert.equal(bare, { url: URL, size: 432945, version: "2.0.0", signMethod: "md5", sign: MD5 });
});

test("an offer with only `md5` but signMethod SHA256 is refused (the md5 is not the sign)", () => {
  assert.match(refusal(message({ signMethod: "SHA256" }, ["sign"])), "sha256");
});

test("`sign` wins over `md5` when both are there", () => {
  const other = "0123456789abcdef0123456789abcdef";
  assert.is(accepted(message({ sign: other })).sign, other);
});

test("http:// is taken too; the url may be as long as QHTTPURL takes", () => {
  assert.is(accepted(message({ url: "http://ota.example.com/fw.bin" })).url, "http://ota.example.com/fw.bin");
  assert.is(accepted(message({ url: "HTTPS://OTA.EXAMPLE.COM/fw.bin" })).url, "HTTPS://OTA.EXAMPLE.COM/fw.bin");
  const long = "https://h/" + "a".repeat(OTA_MAX_URL - 10);
  assert.is(long.length, OTA_MAX_URL);
  assert.is(accepted(message({ url: long })).url, long);
});

const REFUSALS: Array<[string, string, RegExp]> = [
  ["no url", message({}, ["url"]), /url/],
  ["a number for url", message({ url: 5 }), /url/],
  ["an MQTT-streamed package (no url)", message({ dProtocol: "mqtt", streamId: 1397345, streamFileId: 1 }, ["url"]), /MQTT/],
  ["an ftp url", message({ url: "ftp://h/fw.bin" }), /url/],
  ["a url with a space", message({ url: "https://h/f w.bin" }), /url/],
  ["a url with a line end", message({ url: "https://h/fw.bin\r\nAT+QPOWD" }), /url/],
  ["a url with a non-ASCII character", message({ url: "https://h/fw\u00e9.bin" }), /url/],
  ["a url longer than QHTTPURL takes", message({ url: "https://h/" + "a".repeat(OTA_MAX_URL - 9) }), /url/],
  ["no size", message({}, ["size"]), /size/],
  ["size 0", message({ size: 0 }), /size/],
  ["a negative size", message({ size: -5 }), /size/],
  ["a fractional size", message({ size: 10.5 }), /size/],
  ["size as a string", message({ size: "432945" }), /size/],
  ["no version", message({}, ["version"]), /version/],
  ["an empty version", message({ version: "" }), /version/],
  ["a version of 65 characters", message({ version: "1".repeat(65) }), /version/],
  ["a number for version", message({ version: 2 }), /version/],
  ["a version with a line end", message({ version: "2.0\nota: fake" }), /version/],
  ["a version with a quote", message({ version: '2.0"' }), /version/],
  ["signMethod SHA1", message({ signMethod: "SHA1" }), /signMethod/],
  ["signMethod as a number", message({ signMethod: 5 }), /signMethod/],
  ["an empty signMethod", message({ signMethod: "" }), /signMethod/],
  ["no sign and no md5", message({}, ["sign", "md5"]), /sign/],
  ["a sign of 31 digits", message({ sign: MD5.slice(1) }), /md5/],
  ["a sign of 33 digits", message({ sign: MD5 + "0" }), /md5/],
  ["a sign with a non-hex digit", message({ sign: "g" + MD5.slice(1) }), /md5/],
  ["a sign with ':' (just past '9')", message({ sign: ":" + MD5.slice(1) }), /md5/],
  ["a sign with '`' (just before 'a')", message({ sign: "`" + MD5.slice(1) }), /md5/],
  ["an MD5-length sign for SHA256", message({ signMethod: "SHA256", sign: MD5 }), /sha256/],
  ["a SHA256-length sign for MD5", message({ sign: SHA256 }), /md5/],
  ["a number for sign", message({ sign: 12345 }), /sign/],
  ["a sign with '/' (below the digits)", message({ sign: "/" + MD5.slice(1) }), /md5/],
  ["SHA256 with only an md5 field, even of SHA256's length", message({ signMethod: "SHA256", md5: SHA256 }, ["sign"]), /sha256/],
  ["a url with DEL (127)", message({ url: "https://h/fw\u007f.bin" }), /url/],
  ["a version with '/' (just before the digits)", message({ version: "2/0" }), /version/],
  ["a version with ':' (just past the digits)", message({ version: "2:0" }), /version/],
  ["a version with '`' (just before 'a')", message({ version: "2`0" }), /version/],
  ["a version with '{' (just past 'z')", message({ version: "2{0" }), /version/],
  ["a version with '@' (just before 'A')", message({ version: "2@0" }), /version/],
  ["a version with '[' (just past 'Z')", message({ version: "2[0" }), /version/],
  ["no data", JSON.stringify({ code: "1000", id: 1, message: "success" }), /data/],
  ["data as a string", JSON.stringify({ code: "1000", data: "x", id: 1 }), /data/],
  ["data as an array", JSON.stringify({ code: "1000", data: [1], id: 1 }), /data/],
  ["not JSON", "{\"code\":", /JSON/],
  ["a JSON array", "[1,2]", /JSON/],
  ["empty", "", /JSON/],
];

test("the refusals the cloud is told say what was wanted", () => {
  assert.is(refusal("[1]"), "not a JSON object of at most " + OTA_MAX_CHARS + " characters");
  assert.is(refusal(message({ version: "" })), "no version of 1-64 letters, digits, '.', '-' or '_'");
  assert.is(refusal(message({ sign: "x" })), "sign is not a md5 digest in hex");
});

test("every character a version may hold, at the edges of each class, and 64 of them, is accepted", () => {
  for (const version of ["0.9", "az-AZ_09", "a", "z", "A", "Z", "1".repeat(64)]) assert.is(accepted(message({ version })).version, version);
  assert.is(accepted(message({ url: "https://h/~fw.bin" })).url, "https://h/~fw.bin");
});

for (const [what, payload, reason] of REFUSALS) {
  test(`refused: ${what}`, () => {
    assert.match(refusal(payload), reason);
  });
}

test("a message longer than OTA_MAX_CHARS is refused unread; one just within is read", () => {
  const base = message({});
  const pad = (n: number): string => message({ extData: { note: "x".repeat(n) } });
  const fits = pad(OTA_MAX_CHARS - base.length);
  // The extData object adds its own characters: trim to exactly the limit.
  const within = pad(OTA_MAX_CHARS - base.length - (fits.length - OTA_MAX_CHARS));
  assert.is(within.length, OTA_MAX_CHARS);
  assert.ok(parseOtaOffer(within).ok);
  assert.match(refusal(pad(OTA_MAX_CHARS - base.length - (fits.length - OTA_MAX_CHARS) + 1)), /JSON/);
});

test("a message nested deeper than the JSON limit is refused without parsing (XS recursion)", () => {
  assert.match(refusal(message({ extData: JSON.parse("[".repeat(9) + "]".repeat(9)) })), /JSON/);
  // Thousands deep: refused by counting, never handed to JSON.parse.
  assert.match(refusal('{"data":' + "[".repeat(5000) + "]".repeat(5000) + "}"), /JSON/);
  // A few levels (Aliyun's extData) are fine.
  assert.ok(parseOtaOffer(message({ extData: { a: { b: [1] } } })).ok);
});

test("inherited names are not fields: a payload cannot borrow `url` from the prototype", () => {
  const payload = '{"data":{"__proto__":{"url":"' + URL + '"},"size":1,"version":"1","sign":"' + MD5 + '"}}';
  assert.match(refusal(payload), /url/);
});

test("inform: Aliyun's request with the id and version as strings", () => {
  const text = encodeOtaInform("123", "1.0.1");
  assert.is(text, '{"id":"123","params":{"version":"1.0.1"}}');
  assert.equal(JSON.parse(text), { id: "123", params: { version: "1.0.1" } });
});

test("progress: the step as a string, from 1-100 and each failure code, and the description escaped", () => {
  assert.is(encodeOtaProgress("7", 40, "downloading"), '{"id":"7","params":{"step":"40","desc":"downloading"}}');
  for (const step of [1, 100, OTA_UPGRADE_FAILED, OTA_DOWNLOAD_FAILED, OTA_VERIFY_FAILED, OTA_WRITE_FAILED]) {
    assert.equal(JSON.parse(encodeOtaProgress("8", step, "x")), { id: "8", params: { step: String(step), desc: "x" } });
  }
  const desc = 'md5 is "ab"\\ not\n"cd"';
  assert.is(JSON.parse(encodeOtaProgress("9", -3, desc)).params.desc, desc);
});

test("failure codes are Aliyun's: -1 upgrade, -2 download, -3 verification, -4 burning", () => {
  assert.equal([OTA_UPGRADE_FAILED, OTA_DOWNLOAD_FAILED, OTA_VERIFY_FAILED, OTA_WRITE_FAILED], [-1, -2, -3, -4]);
});

test("topics: inform, upgrade and progress for one device", () => {
  const t = new OtaTopics("a1wFylTxYeD", "co_0001");
  assert.is(t.inform, "/ota/device/inform/a1wFylTxYeD/co_0001");
  assert.is(t.upgrade, "/ota/device/upgrade/a1wFylTxYeD/co_0001");
  assert.is(t.progress, "/ota/device/progress/a1wFylTxYeD/co_0001");
});

test.run();
