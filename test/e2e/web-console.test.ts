/** The console's HTTP side without a browser: static files, SSE, the toggle and fault API. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ONLINE_MS, STEP_MS, within } from "./helpers";
import { startConsoleRig, stateUntil, type ConsoleRig } from "./console-rig";

let c: ConsoleRig;
const post = (path: string, headers: Record<string, string> = { "X-Console": "1" }): Promise<Response> => fetch(c.web.url + path, { method: "POST", headers });

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
