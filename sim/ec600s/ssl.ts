/**
 * The module's SSL contexts as `AT+QSSLCFG` (Quectel, contexts 0-5) and `AT+CSSLCFG` (SIMCom,
 * 0-9) set them, and what a client on one needs to open its connection: the TLS endpoint for
 * the transport, verifying against the CA file the context names, or why it cannot.
 */
import type { Module } from "./module";
import type { MqttEndpoint } from "./mqtt-transport";

export interface SslContext {
  /** 0 SSL3.0, 1 TLS1.0, 2 TLS1.1, 3 TLS1.2, 4 all. */
  version: number;
  /** Quectel's cipher suite word (0XFFFF: all); the simulator accepts any. */
  ciphers: string;
  /** Verification: 0 none, 1 the server (Quectel seclevel, SIMCom authmode), 2 both ways. */
  verify: number;
  /** The CA file's key in `Module.files`, or undefined. */
  cacert?: string;
}

export const SSL_CONTEXTS = 10;

export function freshSslContexts(): SslContext[] {
  return Array.from({ length: SSL_CONTEXTS }, () => ({ version: 4, ciphers: "0XFFFF", verify: 0 }));
}

/**
 * Where a client on context `ctx` connects: over TLS, verifying the server with the CA file
 * when the context says so. A string is why it cannot even try (no CA file, client
 * certificates the simulator does not model): the module reports a failed open.
 */
export function tlsEndpoint(m: Module, endpoint: MqttEndpoint, ctx: number): MqttEndpoint | string {
  const c = m.state.ssl[ctx];
  if (!c) return `no SSL context ${ctx}`;
  if (c.verify === 0) return { ...endpoint, tls: {} };
  if (c.verify > 1) return "client authentication is not simulated";
  const file = c.cacert === undefined ? undefined : m.files.get(c.cacert);
  if (!file) return `SSL context ${ctx}: no CA file ${c.cacert ?? "(none set)"}`;
  return { ...endpoint, tls: { ca: new TextDecoder().decode(file) } };
}

/** The 16-bit XOR of big-endian byte pairs that `+QFUPL` reports (a last odd byte is a high half). */
export function fileChecksum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) sum ^= i % 2 === 0 ? bytes[i] << 8 : bytes[i];
  return sum;
}
