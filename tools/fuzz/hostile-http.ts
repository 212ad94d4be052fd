/**
 * Hostile HTTP against the web console: random methods, paths and Host headers, header bombs
 * and raw request lines. Holds if nothing but `127.0.0.1:<port>`/`localhost:<port>` gets a 2xx
 * or 3xx, the relay is never switched nor the firmware rebooted by those, and the console
 * still answers its own requests at the end.
 */
import { request as httpRequest } from "node:http";
import { createConnection } from "node:net";
import { parseCli } from "../../hosts/node/args";
import { startSession } from "../../hosts/node/session";
import { startWebConsole } from "../../hosts/node/web/server";
import { Failures, Random } from "./random";

function raw(port: number, payload: string): Promise<string> {
  return new Promise((resolve) => {
    let out = "";
    const s = createConnection({ host: "127.0.0.1", port }, () => s.end(Buffer.from(payload, "latin1")));
    s.setTimeout(1500, () => s.destroy());
    s.on("data", (d) => (out += d.toString("latin1")));
    s.on("error", () => undefined);
    s.on("close", () => resolve(out));
  });
}

/** The status, -1 when the connection failed, -2 when Node would not send the header. */
function request(port: number, method: string, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    try {
      const req = httpRequest({ host: "127.0.0.1", port, method, path, headers, setHost: false, timeout: 2000 }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      req.on("timeout", () => req.destroy());
      req.on("error", () => resolve(-1));
      req.end();
    } catch {
      resolve(-2);
    }
  });
}

const rawRequests = (r: Random, port: number): string[] => [
  r.junk(r.int(300)),
  `POST /api/toggle HTTP/1.1\r\nHost: evil.example:${port}\r\nX-Console: 1\r\n\r\n`,
  `GET /api/state HTTP/1.0\r\n\r\n`,
  `POST /api/toggle HTTP/1.1\r\nHost: evil.example\r\nContent-Length: 99999999\r\n\r\n` + r.junk(100),
  `GET / HTTP/1.1\r\nHost: evil.example\r\nX: ${"y".repeat(20000)}\r\n\r\n`,
  `GET http://127.0.0.1:${port}/api/state HTTP/1.1\r\nHost: evil.example\r\n\r\n`,
  `POST /api/fault/reboot HTTP/1.1\r\nHost: evil.example\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`,
  // Two Host headers, ours first: RFC 9112 3.2 says 400.
  `POST /api/toggle HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nHost: evil.example\r\nX-Console: 1\r\n\r\n`,
];

const foreignHosts = (r: Random, port: number): string[] => [
  "evil.example", `evil.example:${port}`, "127.0.0.1", "localhost", `127.0.0.1:${port + 1}`, `127.0.0.2:${port}`, `[::1]:${port}`, `localhost.evil.example:${port}`,
  "", `127.0.0.1:${port}.evil.example`, `127.0.0.1:0${port}`, `LOCALHOST:${port}x`, `127.0.0.1:${port}@evil`, r.junk(r.int(30)).replace(/[\r\n\0]/g, "x"),
];

const METHODS = ["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE"];
const PATHS = ["/", "/api/toggle", "/api/fault/reboot", "/api/state", "/events", "/app.js", "/../../etc/passwd", "/%2e%2e/%2e%2e/package.json", "//api/toggle", "/api/toggle?x=1", "/api/fault/zzz", "*"];

class Tally {
  readonly statuses = new Map<number, number>();
  count(status: number): void {
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }
  toString(): string {
    return [...this.statuses.entries()].sort((x, y) => x[0] - y[0]).map(([s, n]) => `${s}: ${n}`).join(", ");
  }
}

async function oneRaw(r: Random, failures: Failures, port: number, tally: Tally): Promise<void> {
  const line = r.pick(rawRequests(r, port));
  const answer = await raw(port, line);
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 0);
  tally.count(status);
  if (status >= 200 && status < 400) failures.fail(`console: raw request answered ${status}: ${JSON.stringify(line.slice(0, 90))}`);
}

async function oneRequest(r: Random, failures: Failures, port: number, tally: Tally): Promise<void> {
  const host = r.pick(foreignHosts(r, port));
  const method = r.pick(METHODS);
  const path = r.pick(PATHS);
  const headers: Record<string, string> = { Host: host, "X-Console": r.pick(["1", "0", ""]) };
  if (r.int(3) === 0) headers.Origin = r.pick([`http://127.0.0.1:${port}`, "http://evil.example", "null"]);
  const status = await request(port, method, path, headers);
  tally.count(status);
  if (status >= 200 && status < 400) failures.fail(`console: ${method} ${path} with Host ${JSON.stringify(host)} answered ${status}`);
}

export async function hostileHttp(r: Random, failures: Failures, ms: number): Promise<string> {
  const session = await startSession(parseCli(["--time-scale", "0.05", "--http-port", "0"]));
  const web = await startWebConsole(session, 0);
  session.rig.start();
  const port = Number(new URL(web.url).port);
  const firmware = session.rig.firmware;
  const relay = firmware.status().relay;
  const boot = firmware.boot;
  const tally = new Tally();
  const n = { requests: 0, raws: 0 };
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (r.int(4) === 0) {
      n.raws++;
      await oneRaw(r, failures, port, tally);
    } else {
      n.requests++;
      await oneRequest(r, failures, port, tally);
    }
  }
  if (firmware.status().relay !== relay) failures.fail("console: a hostile request switched the relay");
  if (firmware.boot !== boot) failures.fail("console: a hostile request rebooted the firmware");
  const own = await request(port, "GET", "/api/state", { Host: `127.0.0.1:${port}` });
  if (own !== 200) failures.fail(`console: its own request answered ${own} after the attack`);
  await web.close();
  await session.stop();
  return `console: ${n.requests} requests with a foreign Host and ${n.raws} raw ones (statuses ${tally}; -1: connection failed, -2: Node would not send the header, 0: closed without an answer), own /api/state still 200`;
}
