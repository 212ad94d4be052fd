import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseCli, UsageError } from "../../hosts/node/args";
import { readCaFile, tlsConfig } from "../../hosts/node/ca-file";
import { testTls } from "../../sim/broker";

function refused(argv: string[]): string {
  try {
    parseCli(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error("accepted " + argv.join(" "));
}

test("--tls alone: the embedded broker's test CA; without it nothing changes", () => {
  assert.equal(tlsConfig(parseCli([])), {});
  const keys = tlsConfig(parseCli(["--tls"]));
  assert.is(keys.tls, "on");
  assert.is(keys.caCert, testTls().ca);
});

test("--ca-file is read once at start; a bad file is a one-line usage error", () => {
  const dir = mkdtempSync(join(tmpdir(), "ca-"));
  const good = join(dir, "ca.pem");
  writeFileSync(good, testTls().otherCa);
  assert.is(tlsConfig(parseCli(["--tls", "--ca-file", good])).caCert, testTls().otherCa);
  const bad = join(dir, "bad.pem");
  writeFileSync(bad, "not a certificate\n");
  for (const [path, message] of [
    [join(dir, "missing.pem"), /^--ca-file .*missing\.pem: cannot read it \(ENOENT\)$/],
    [bad, /^--ca-file .*bad\.pem: not a PEM certificate/],
    [dir, /^--ca-file .*: cannot read it \(EISDIR\)$/],
  ] as const) {
    try {
      readCaFile(path);
      assert.unreachable(path);
    } catch (error) {
      assert.instance(error, UsageError);
      assert.match((error as Error).message, message);
      assert.not.match((error as Error).message, /\n/);
    }
  }
});

test("flag combinations: --ca-file needs --tls; --tls with --broker or --port needs --ca-file", () => {
  assert.is(refused(["--ca-file", "x.pem"]), "--ca-file needs --tls");
  assert.match(refused(["--tls", "--broker", "mqtt://127.0.0.1:1883"]), /^--tls with --broker or --port needs --ca-file/);
  assert.match(refused(["--tls", "--port", "/dev/ttyUSB2", "--broker", "mqtt://h:1"]), /needs --ca-file/);
  const o = parseCli(["--tls", "--ca-file", "ca.pem", "--broker", "mqtt://127.0.0.1:1883"]);
  assert.equal([o.tls, o.caFile], [true, "ca.pem"]);
});

test.run();
