/**
 * `--tls` and `--ca-file`: the CA the firmware is configured with (its `caCert` setting; the
 * firmware itself never reads a file). Read once at start; a bad file is a one-line error.
 */
import { readFileSync } from "node:fs";
import { testTls } from "../../sim/broker";
import { UsageError, type CliOptions } from "./args";

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/** The config keys `--tls` adds: tls on and the CA (the file's, or the embedded broker's test CA). */
export function tlsConfig(cli: CliOptions): Record<string, string> {
  if (!cli.tls) return {};
  return { tls: "on", caCert: cli.caFile === undefined ? testTls().ca : readCaFile(cli.caFile) };
}

export function readCaFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`--ca-file ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (!PEM.test(text)) throw new UsageError(`--ca-file ${path}: not a PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)`);
  return text;
}
