/** The console's HTTP side without a browser: static files, SSE, the toggle and fault API. */
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ONLINE_MS, STEP_MS, within } from "./helpers";
import { startConsoleRig, stateUntil, type ConsoleRig } from "./console-rig";

let c: ConsoleRig;
const post = (path: string, headers: Record<string, string> = { "X-Console": "1" }): Promise<Response> => fetch(c.web.url + path, { method: "POST", headers });

/** A raw request with the Host header we choose (fetch will not forge one); null host sends none. */
function raw(method: string, path: string, host: string | null, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(c.web.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers: { ...headers, ...(host === null ? {} : { Host: host }) }, setHost: false }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

test.before(async () => {
  c = await startConsoleRig();
});

test.after(async () => {
  await c?.stop();
});

test("page, script and style come from the repo, with a CSP that allows nothing else", async () => {
  for (const [path, type] of [["", "text/html"], ["app.js", "text/javascript"], ["style.css", "text/css"]]) {
    const res = await fetch(c.web.url + path);
    assert.is(res.status, 200, path);
    assert.match(res.headers.get("content-type") ?? "", type);
    assert.match(res.headers.get("content-security-policy") ?? "", /default-src 'self'/);
    assert.not.match(await res.text(), /https?:\/\/(?!www\.w3\.org)/, `${path} must not load anything from the network`);
  }
  assert.is((await fetch(c.web.url + "nope")).status, 404);
});

test("DNS rebinding: a request for any other host is refused before any handler runs", async () => {
  const port = new URL(c.web.url).port;
  const relayBefore = c.session.rig.firmware.status().relay;
  const bootBefore = c.session.rig.firmware.boot;
  for (const host of ["evil.example", `evil.example:${port}`, "127.0.0.1", "localhost", `127.0.0.1:${Number(port) + 1}`, `127.0.0.2:${port}`, `[::1]:${port}`, `localhost.evil.example:${port}`, ""]) {
    for (const [method, path] of [["POST", "/api/toggle"], ["POST", "/api/fault/reboot"], ["GET", "/api/state"], ["GET", "/"], ["GET", "/events"], ["HEAD", "/"]]) {
      const res = await raw(method, path, host, { "X-Console": "1" });
      assert.is(res.status, 421, `${method} ${path} with Host "${host}"`);
      assert.not.match(res.body, /"info"|"relay"|<html/i, "nothing of the console leaks");
    }
  }
  // Node itself answers 400 to an HTTP/1.1 request without Host.
  const none = await raw("GET", "/api/state", null);
  assert.ok(none.status >= 400 && none.status < 500 && !none.body.includes('"info"'), "no Host at all");
  assert.is(c.session.rig.firmware.status().relay, relayBefore, "the relay was not switched");
  assert.is(c.session.rig.firmware.boot, bootBefore, "the firmware was not rebooted");
});

/** The status line of a request written byte for byte (Node's client will not send two Hosts). */
function rawBytes(text: string): Promise<string> {
  const url = new URL(c.web.url);
  return new Promise((resolve, reject) => {
    let got = "";
    const socket = connect(Number(url.port), url.hostname, () => socket.end(text));
    socket.setEncoding("utf8").on("data", (d: string) => (got += d));
    socket.on("end", () => resolve(got.split("\r\n")[0]));
    socket.on("error", reject);
  });
}

test("two Host headers, ours first: 400, and nothing is done (RFC 9112 3.2)", async () => {
  const port = new URL(c.web.url).port;
  const relayBefore = c.session.rig.firmware.status().relay;
  for (const hosts of [[`127.0.0.1:${port}`, "evil.example"], [`127.0.0.1:${port}`, `127.0.0.1:${port}`], ["evil.example", `localhost:${port}`]]) {
    const head = hosts.map((h) => `Host: ${h}\r\n`).join("");
    const status = await rawBytes(`POST /api/toggle HTTP/1.1\r\n${head}X-Console: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    assert.match(status, / 400 /, hosts.join(" + "));
  }
  assert.is(c.session.rig.firmware.status().relay, relayBefore, "the relay was not switched");
});

test("the console's own names are served: 127.0.0.1:<port> and localhost:<port>, any case", async () => {
  const port = new URL(c.web.url).port;
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LocalHost:${port}`]) {
    const res = await raw("GET", "/api/state", host);
    assert.is(res.status, 200, host);
    assert.match(res.body, /^\{"info":/);
  }
});

test("HEAD / answers like GET, without a body", async () => {
  const port = new URL(c.web.url).port;
  const get = await raw("GET", "/", `127.0.0.1:${port}`);
  const head = await raw("HEAD", "/", `127.0.0.1:${port}`);
  assert.is(head.status, 200);
  assert.is(head.body, "");
  assert.is(head.headers["content-type"], get.headers["content-type"]);
  assert.is(head.headers["content-security-policy"], get.headers["content-security-policy"]);
  assert.is((await raw("HEAD", "/api/state", `localhost:${port}`)).status, 200);
  const events = await raw("HEAD", "/events", `localhost:${port}`);
  assert.equal([events.status, events.body], [200, ""]);
  assert.is((await raw("HEAD", "/nope", `localhost:${port}`)).status, 404);
  assert.is((await raw("PUT", "/", `localhost:${port}`)).status, 405);
});

test("SSE: a snapshot first, then pushes as things happen", async () => {
  const controller = new AbortController();
  const res = await fetch(c.web.url + "events", { signal: controller.signal });
  assert.match(res.headers.get("content-type") ?? "", /text\/event-stream/);
  const reader = res.body!.getReader();
  let text = "";
  const read = async (pattern: RegExp): Promise<void> => {
    while (!pattern.test(text)) text += new TextDecoder().decode((await reader.read()).value);
  };
  try {
    await within(read(/^event: snapshot\ndata: \{"info":/), STEP_MS, "snapshot");
    await within(read(/\nevent: (status|steps|event|trace)\ndata: /), STEP_MS, "a push");
  } finally {
    controller.abort();
  }
});

test("online, the bring-up checklist complete, the trace kept", async () => {
  const state = await stateUntil(c.web, (s) => s.status.online && s.status.consoleConnected, ONLINE_MS, "online");
  const final = await stateUntil(c.web, (s) => s.steps.every((step) => step.state === "done"), STEP_MS, "checklist done");
  assert.is(final.steps[0].name, "power on");
  assert.is(state.status.cloudOnline, true);
  // modem=auto (the default): the module as ATI named it, shown as "EC600S (EC600SCNLAR01A01M08)".
  assert.equal([state.status.model, state.status.revision], ["EC600S", "EC600SCNLAR01A01M08"]);
  assert.ok(state.trace.some((l) => l.includes("[TX] ATI")));
  assert.ok(state.trace.some((l) => l.includes("[TX] AT+QMTCONN=")));
  assert.ok(state.events.some((e) => e.kind === "online"));
});

test("toggle: refused without the console header, then a full round trip", async () => {
  assert.is((await post("api/toggle", {})).status, 403);
  const res = await post("api/toggle");
  assert.is(res.status, 200);
  const { id, value } = (await res.json()) as { id: string; value: number };
  assert.is(value, 1);
  const state = await stateUntil(c.web, (s) => s.roundTrip?.id === id && s.roundTrip.done, STEP_MS, "round trip done");
  assert.is(state.roundTrip!.replyCode, 200);
  assert.is(state.status.relay, 1);
});

test("faults: unknown is 404; an MQTT drop is seen and recovered from", async () => {
  assert.is((await post("api/fault/nope")).status, 404);
  const before = (await stateUntil(c.web, () => true, 0, "state")).status.counters["MQTT drops"];
  assert.is((await post("api/fault/qmtstat")).status, 200);
  await stateUntil(c.web, (s) => s.status.counters["MQTT drops"] > before && s.status.online, ONLINE_MS, "dropped and back online");
});

test.run();
