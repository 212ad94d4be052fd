/**
 * The test CA and the embedded broker's server certificate, committed under
 * test/fixtures/tls/ (how they were made: its README.md). For the simulator and the demo
 * only: the key is public, so the certificate proves nothing outside this repository.
 */
import { readFileSync } from "node:fs";

const DIR = new URL("../../test/fixtures/tls/", import.meta.url);

function fixture(name: string): string {
  return readFileSync(new URL(name, DIR), "utf8");
}

export interface TestTls {
  /** The CA that signed the server certificate: what a module must be given to trust the broker. */
  ca: string;
  /** Another CA, which did not sign it: a module given this one refuses the broker. */
  otherCa: string;
  key: string;
  cert: string;
}

export function testTls(): TestTls {
  return { ca: fixture("ca.pem"), otherCa: fixture("other-ca.pem"), key: fixture("server.key"), cert: fixture("server.pem") };
}
