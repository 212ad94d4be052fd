/** `mqtt://host:port` for an external broker: parsed, and checked reachable before anything starts. */
import { createConnection } from "node:net";

export interface BrokerAddress {
  host: string;
  port: number;
  url: string;
}

export class BrokerUrlError extends Error {}

export function parseBrokerUrl(text: string): BrokerAddress {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BrokerUrlError(`--broker: not a URL: ${text} (expected mqtt://host:port)`);
  }
  if (url.protocol !== "mqtt:" && url.protocol !== "tcp:") throw new BrokerUrlError(`--broker: only mqtt:// is supported (the simulator has no TLS), got ${url.protocol}//`);
  const port = url.port === "" ? 1883 : Number(url.port);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return { host, port, url: `mqtt://${url.host || host}${url.port === "" ? ":1883" : ""}` };
}

/** Resolves if a TCP connection opens within timeoutMs; rejects with a one-line reason otherwise. */
export function probeBroker(address: BrokerAddress, timeoutMs = 3000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: address.host, port: address.port });
    const fail = (why: string): void => {
      socket.destroy();
      reject(new BrokerUrlError(`cannot reach broker ${address.url}: ${why}`));
    };
    socket.setTimeout(timeoutMs, () => fail(`no answer in ${timeoutMs} ms`));
    socket.once("error", (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
    socket.once("connect", () => {
      socket.destroy();
      resolve();
    });
  });
}
