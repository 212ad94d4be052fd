/**
 * The web console: a page served on 127.0.0.1 from hosts/node/web/static (no CDN, no build),
 * live updates by Server-Sent Events, and a small JSON API for the buttons.
 *
 *   GET  /                 the page (index.html, app.js, style.css)
 *   GET  /events           SSE: `snapshot` first, then status/steps/sample/event/trace/roundtrip
 *   GET  /api/state        the snapshot as JSON
 *   POST /api/toggle       publish property/set PowerSwitch_1 = !relay from the console client
 *   POST /api/set/<id>     the same for any writable bool of the thing model (toggles its value)
 *   POST /api/fault/<id>   run a fault (faults.ts)
 *
 * POSTs must carry `X-Console: 1`: a page from elsewhere cannot add that header without a
 * CORS preflight this server never grants, so it cannot click our buttons. Before any of
 * that, a request whose Host is not the console's own (own-host.ts) gets 421 Misdirected
 * Request: that is what stops a DNS-rebinding page, which the header check alone does not.
 * HEAD is answered like GET, without a body.
 */
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { runFault, UnknownFault } from "../faults";
import type { Session } from "../session";
import { ConsoleModel } from "./model";
import { isOwnHost } from "./own-host";

export interface WebConsole {
  readonly url: string;
  readonly model: ConsoleModel;
  close(): Promise<void>;
}

export class WebConsoleError extends Error {}

const STATIC: Record<string, [file: string, type: string]> = {
  "/": ["index.html", "text/html; charset=utf-8"],
  "/app.js": ["app.js", "text/javascript; charset=utf-8"],
  "/style.css": ["style.css", "text/css; charset=utf-8"],
};
const STATIC_DIR = new URL("./static/", import.meta.url);
const SECURITY = { "Content-Security-Policy": "default-src 'self'; style-src 'self'; img-src 'self' data:", "X-Content-Type-Options": "nosniff" };

/** How many Host headers came (rawHeaders alternates names and values). */
function hostHeaders(raw: string[]): number {
  let n = 0;
  for (let i = 0; i < raw.length; i += 2) if (raw[i].toLowerCase() === "host") n++;
  return n;
}

export async function startWebConsole(session: Session, port: number): Promise<WebConsole> {
  const model = new ConsoleModel(session.rig, session.cloud);
  const unhookTrace = session.trace.add((line) => model.trace(line));
  const streams = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const { port: own } = server.address() as AddressInfo;
    // Node keeps the first of several Host headers; RFC 9112 3.2 says to refuse such a request.
    if (hostHeaders(req.rawHeaders) !== 1) return fail(res, 400, "a request must have exactly one Host header");
    if (!isOwnHost(req.headers.host, own)) return fail(res, 421, "this console answers only to 127.0.0.1 and localhost on its own port");
    void route(req, res, session, model, streams).catch((e) => fail(res, 500, String(e)));
  });
  try {
    await listen(server, port);
  } catch (error) {
    model.close();
    unhookTrace();
    throw error;
  }
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}/`,
    model,
    close: async () => {
      model.close();
      unhookTrace();
      for (const res of streams) res.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      const why = error.code === "EADDRINUSE" ? `port ${port} is in use (pass --http-port <n>, or 0 for any free port)` : error.message;
      reject(new WebConsoleError(`web console: ${why}`));
    });
    server.listen(port, "127.0.0.1", () => resolve());
  });
}

async function route(req: IncomingMessage, res: ServerResponse, session: Session, model: ConsoleModel, streams: Set<ServerResponse>): Promise<void> {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  if (req.method === "GET" || req.method === "HEAD") return get(path, req.method === "HEAD", res, model, streams);
  if (req.method !== "POST") return fail(res, 405, "method not allowed");
  if (req.headers["x-console"] !== "1") return fail(res, 403, "missing X-Console header");
  return action(path, res, session, model);
}

/** A button's POST. */
async function action(path: string, res: ServerResponse, session: Session, model: ConsoleModel): Promise<void> {
  if (path === "/api/toggle") return toggle(res, session);
  if (path.startsWith("/api/set/")) return setProperty(res, session, model, decodeURIComponent(path.slice("/api/set/".length)));
  if (path.startsWith("/api/fault/")) return fault(res, session, decodeURIComponent(path.slice("/api/fault/".length)));
  fail(res, 404, "not found");
}

// Node sends no body for HEAD whatever a handler writes; only the event stream must not stay open.
async function get(path: string, head: boolean, res: ServerResponse, model: ConsoleModel, streams: Set<ServerResponse>): Promise<void> {
  if (path === "/events" && head) return void res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-store" }).end();
  if (path === "/events") return stream(res, model, streams);
  if (path === "/api/state") return json(res, 200, model.snapshot());
  const entry = STATIC[path];
  if (!entry) return fail(res, 404, "not found");
  const body = await readFile(new URL(entry[0], STATIC_DIR));
  res.writeHead(200, { "Content-Type": entry[1], "Cache-Control": "no-store", ...SECURITY });
  res.end(body);
}

function stream(res: ServerResponse, model: ConsoleModel, streams: Set<ServerResponse>): void {
  res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-store", Connection: "keep-alive" });
  const send = (kind: string, data: unknown): void => void res.write(`event: ${kind}\ndata: ${JSON.stringify(data)}\n\n`);
  send("snapshot", model.snapshot());
  model.events.on("push", send);
  streams.add(res);
  res.on("close", () => {
    model.events.off("push", send);
    streams.delete(res);
  });
}

async function toggle(res: ServerResponse, session: Session): Promise<void> {
  if (!session.cloud?.connected) return fail(res, 503, "the console is not connected to the broker");
  const value = session.rig.firmware.status().relay === 1 ? 0 : 1;
  const id = await session.cloud.setPowerSwitch(value);
  json(res, 200, { id, value });
}

/** A writable bool of the thing model, toggled from the cloud side (the table says which exist). */
async function setProperty(res: ServerResponse, session: Session, model: ConsoleModel, id: string): Promise<void> {
  if (!session.cloud?.connected) return fail(res, 503, "the console is not connected to the broker");
  const row = model.status().properties.find((p) => p.id === id);
  if (!row) return fail(res, 404, `the thing model has no property ${JSON.stringify(id)}`);
  if (!row.writable || row.type !== "bool") return fail(res, 400, `${id} is not a writable bool`);
  const value = row.value === 1 ? 0 : 1;
  const requestId = await session.cloud.setProperty(id, value);
  json(res, 200, { id: requestId, property: id, value });
}

async function fault(res: ServerResponse, session: Session, id: string): Promise<void> {
  try {
    await runFault(session.rig, id);
    json(res, 200, { ok: true });
  } catch (error) {
    fail(res, error instanceof UnknownFault ? 404 : 500, (error as Error).message);
  }
}

function json(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { "Content-Type": "application/json", "Cache-Control": "no-store" });
  res.end(JSON.stringify(body));
}

function fail(res: ServerResponse, code: number, message: string): void {
  if (res.headersSent) return void res.end();
  json(res, code, { error: message });
}
