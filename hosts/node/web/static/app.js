// The console page: one EventSource for everything the host pushes, two kinds of button.
// Text goes in with textContent only; nothing from the wire is parsed as HTML.

const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";
const WINDOW_MS = 10 * 60 * 1000;
const BUSY_STATES = new Set(["auth-failed", "config-error", "no-sim"]);

const view = { info: null, status: null, steps: [], chart: [], trip: null };

// ---------- status ----------

function tone(status) {
  if (status.online) return "online";
  return BUSY_STATES.has(status.modem) ? "bad" : "busy";
}

function renderStatus(status) {
  view.status = status;
  const state = tone(status);
  $("link-pill").dataset.state = state;
  $("link-pill").textContent = status.online ? "online" : "offline";
  $("modem-state").dataset.state = state;
  $("modem-state").textContent = status.modem;
  $("modem-reason").textContent = status.reason;
  $("modem-model").textContent = status.model ? status.model + (status.revision ? " (" + status.revision + ")" : "") : "–";
  yesNo($("cloud-online"), status.cloudOnline, "online", "offline");
  yesNo($("console-connected"), status.consoleConnected, "connected", "not connected");
  $("sim-time").textContent = clock(status.simTime);
  $("boot").textContent = "#" + status.boot;
  $("queued").textContent = String(status.queued);
  renderCounters(status.counters);
  renderTimers(status);
  renderRelay(status.relay);
  renderProperties(status.properties);
  renderReadings(status.temperature, status.humidity);
  renderSteps();
  updateToggle();
}

function yesNo(el, value, yes, no) {
  el.textContent = value === null ? "n/a" : value ? yes : no;
  el.className = value === null ? "" : value ? "yes" : "no";
}

function renderCounters(counters) {
  const dl = $("counters");
  dl.replaceChildren();
  for (const [name, value] of Object.entries(counters)) {
    dl.append(el("dt", name), el("dd", String(value)));
  }
}

// The running version, and an update under way (its progress) or the last one refused (why).
function otaText(ota) {
  if (ota.state === "downloading") return `${ota.version}, downloading ${ota.target}: ${ota.percent} %`;
  if (ota.state === "waiting") return `${ota.version}, ${ota.target} waits for the link`;
  if (ota.state === "rebooting") return `${ota.version}, ${ota.target} verified: restarting into it`;
  if (ota.state === "failed") return `${ota.version} (update to ${ota.target} refused: ${ota.error})`;
  return ota.version;
}

// The device's own clock, LED pattern, countdown and schedules (LocalTimer).
function renderTimers(status) {
  const c = status.clock;
  $("device-clock").textContent = c.utc === null ? "not set" : `${c.utc.replace("T", " ").slice(0, 19)} UTC (${c.source}, ${c.ageS} s ago)`;
  $("led").textContent = status.led;
  const cd = status.countdown;
  $("countdown").textContent = cd.running ? `${cd.timeLeft} s, then ${cd.power ? "ON" : "OFF"}` : "none";
  $("firmware").textContent = otaText(status.ota);
  const list = $("schedules");
  list.replaceChildren();
  if (status.schedules.length === 0) list.append(el("li", "none"));
  for (const s of status.schedules) {
    const on = s.PowerSwitch ?? s[s.Targets];
    const zone = `UTC${s.TimezoneOffset >= 0 ? "+" : "-"}${Math.abs(s.TimezoneOffset) / 3600}`;
    list.append(el("li", `${s.Timer} (${zone}) → ${s.Targets} ${on ? "ON" : "OFF"}${s.Enable && s.IsValid ? "" : " (off)"}`));
  }
}

// The thing model, a row per property (the firmware's table): its value, and a cloud set for writable bools.
function renderProperties(properties) {
  const body = $("properties");
  body.replaceChildren();
  const ready = view.info && view.info.canSet && view.status && view.status.consoleConnected;
  for (const p of properties) {
    const value = p.value === null ? "–" : p.type === "bool" ? (p.value ? "ON" : "OFF") : p.value.toFixed(1);
    const row = el("tr");
    row.append(el("td", p.id), el("td", p.type + (p.type === "float" ? ` [${p.min}, ${p.max}]` : "")), el("td", value));
    const cell = el("td");
    if (p.writable && p.type === "bool") {
      const b = el("button", "Set " + (p.value ? "OFF" : "ON"));
      b.disabled = !ready;
      b.dataset.property = p.id;
      b.addEventListener("click", () => setProperty(p.id, b));
      cell.append(b);
    } else {
      cell.append(el("span", "read-only"));
    }
    row.append(cell);
    body.append(row);
  }
}

async function setProperty(id, button) {
  button.disabled = true;
  const res = await post("/api/set/" + encodeURIComponent(id));
  if (!res.ok) $("properties-note").textContent = (await res.json()).error;
}

function renderRelay(relay) {
  $("lamp").dataset.on = String(relay);
  $("relay-state").textContent = relay ? "ON" : "OFF";
}

function renderReadings(t, h) {
  $("temperature").textContent = t === null ? "–" : t.toFixed(1);
  $("humidity").textContent = h === null ? "–" : h.toFixed(1);
}

// ---------- round trip ----------

function renderTrip(trip) {
  view.trip = trip;
  stage("set", "0 ms");
  stage("relay", trip.relayMs === null ? "unchanged" : ms(trip.relayMs));
  stage("reply", trip.replyMs === undefined ? undefined : ms(trip.replyMs) + (trip.replyCode === 200 ? "" : " (" + trip.replyCode + ")"));
  stage("post", trip.postMs === undefined ? undefined : ms(trip.postMs));
  $("trip-total").textContent = tripTotal(trip);
  updateToggle();
}

function stage(name, text) {
  const li = document.querySelector(`.trip li[data-stage="${name}"]`);
  li.dataset.seen = text === undefined ? "0" : "1";
  li.querySelector(".ms").textContent = text === undefined ? "…" : text;
}

function tripTotal(trip) {
  if (!trip.done) return `PowerSwitch_1 = ${trip.value} sent, waiting…`;
  const scaled = trip.scale !== 1 ? ` (${Math.round(trip.postMs / trip.scale)} ms simulated)` : "";
  return `round trip ${ms(trip.postMs)}${scaled}`;
}

function updateToggle() {
  const info = view.info;
  const ready = info && info.canSet && view.status && view.status.consoleConnected;
  const waiting = view.trip && !view.trip.done && Date.now() - view.tripSent < 10000;
  $("toggle").disabled = !ready || Boolean(waiting);
}

async function toggle() {
  view.tripSent = Date.now();
  $("toggle").disabled = true;
  const res = await post("/api/toggle");
  if (!res.ok) $("trip-total").textContent = (await res.json()).error;
  setTimeout(updateToggle, 10000);
}

// ---------- chart ----------

function renderChart() {
  const svg = $("chart");
  svg.replaceChildren();
  const now = Date.now();
  const span = chartSpan(now);
  const points = view.chart.filter((p) => p.t > now - span);
  const box = { left: 48, right: 752, top: 12, bottom: 190 };
  const x = (t) => box.left + ((t - (now - span)) / span) * (box.right - box.left);
  axes(svg, box, x, now, span);
  if (points.length < 2) return svg.append(text(400, 100, "waiting for readings…", "axis", "middle"));
  series(svg, points, "temperature", "t", box, x, 0.5, "left");
  series(svg, points, "humidity", "h", box, x, 2, "right");
}

// The last 10 minutes once there are that many; until then, what there is (at least 30 s).
function chartSpan(now) {
  const first = view.chart.length > 0 ? view.chart[0].t : now;
  return Math.min(WINDOW_MS, Math.max(30000, now - first));
}

function axes(svg, box, x, now, span) {
  for (let i = 0; i <= 4; i++) {
    const y = box.top + ((box.bottom - box.top) * i) / 4;
    svg.append(line(box.left, y, box.right, y, "grid"));
  }
  for (const part of [1, 0.5, 0]) {
    svg.append(text(x(now - part * span), 210, part ? "−" + ago(part * span) : "now", "axis", "middle"));
  }
}

function ago(msValue) {
  return msValue >= 120000 ? Math.round(msValue / 60000) + " min" : Math.round(msValue / 1000) + " s";
}

function series(svg, points, key, cls, box, x, pad, side) {
  const values = points.map((p) => p[key]);
  const lo = Math.min(...values) - pad;
  const hi = Math.max(...values) + pad;
  const y = (v) => box.bottom - ((v - lo) / (hi - lo)) * (box.bottom - box.top);
  const path = document.createElementNS(SVG, "polyline");
  path.setAttribute("class", cls);
  path.setAttribute("points", points.map((p) => `${x(p.t).toFixed(1)},${y(p[key]).toFixed(1)}`).join(" "));
  svg.append(path);
  const at = side === "left" ? box.left - 6 : box.right + 6;
  const anchor = side === "left" ? "end" : "start";
  svg.append(text(at, box.top + 4, hi.toFixed(1), `axis ${cls}-label`, anchor));
  svg.append(text(at, box.bottom + 4, lo.toFixed(1), `axis ${cls}-label`, anchor));
}

function line(x1, y1, x2, y2, cls) {
  const l = document.createElementNS(SVG, "line");
  for (const [k, v] of Object.entries({ x1, y1, x2, y2, class: cls })) l.setAttribute(k, String(v));
  return l;
}

function text(x, y, content, cls, anchor) {
  const t = document.createElementNS(SVG, "text");
  for (const [k, v] of Object.entries({ x, y, class: cls, "text-anchor": anchor })) t.setAttribute(k, String(v));
  t.textContent = content;
  return t;
}

// ---------- bring-up ----------

function renderSteps() {
  const list = $("steps");
  list.replaceChildren();
  for (const step of view.steps) list.append(stepItem(step));
}

function stepItem(step) {
  const li = el("li");
  li.dataset.state = step.state;
  const icon = el("span", step.state === "done" ? "✓" : step.state === "pending" ? "○" : "");
  icon.className = "icon";
  if (step.state === "active") icon.append(spinner());
  const dur = el("span", duration(step));
  dur.className = "dur";
  const name = el("span", step.name);
  name.className = "name";
  li.append(icon, name, dur);
  return li;
}

function duration(step) {
  if (step.ms !== null) return seconds(step.ms);
  if (step.at === null) return "";
  if (step.state === "active" && view.status) return seconds(view.status.simTime - step.at);
  return "t=" + seconds(step.at);
}

function spinner() {
  const s = el("span");
  s.className = "spin";
  return s;
}

// ---------- faults ----------

function renderFaults(faults) {
  const box = $("faults");
  box.replaceChildren();
  for (const f of faults) box.append(faultButton(f));
  if (faults.length === 0) $("fault-note").textContent = "No faults to inject with a real modem.";
}

function faultButton(fault) {
  const b = el("button", fault.label);
  b.title = fault.detail;
  b.dataset.fault = fault.id;
  const what = el("span", fault.detail);
  what.className = "what";
  b.append(what);
  b.addEventListener("click", async () => {
    b.classList.add("sent");
    const res = await post("/api/fault/" + encodeURIComponent(fault.id));
    if (!res.ok) $("fault-note").textContent = (await res.json()).error;
    setTimeout(() => b.classList.remove("sent"), 1500);
  });
  return b;
}

// ---------- event log and trace ----------

function addEvent(line) {
  const list = $("events");
  const stick = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
  const li = el("li");
  li.dataset.kind = line.kind;
  const at = el("span", clock(line.at));
  at.className = "at";
  const t = el("span", line.text);
  t.className = "text";
  li.append(at, t);
  list.append(li);
  while (list.children.length > 200) list.firstChild.remove();
  if (stick) list.scrollTop = list.scrollHeight;
}

function addTrace(lineText) {
  const pre = $("trace");
  const stick = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
  const span = el("span", lineText + "\n");
  span.className = lineText.includes("][TX]") ? "tx" : "rx";
  pre.append(span);
  while (pre.childNodes.length > 400) pre.firstChild.remove();
  if (stick) pre.scrollTop = pre.scrollHeight;
}

// ---------- wiring ----------

function renderInfo(info) {
  view.info = info;
  $("device").textContent = `${info.device.productKey} / ${info.device.deviceName}`;
  const meta = $("meta");
  meta.replaceChildren(
    el("span", info.simulated ? "simulated module" : "module on serial"),
    el("span", info.broker ? (info.embeddedBroker ? "embedded broker " : "broker ") + info.broker : "real Aliyun"),
    el("span", info.timeScale === 1 ? "real time" : `time ×${+(1 / info.timeScale).toFixed(2)}`),
  );
  renderFaults(info.faults);
}

function onSnapshot(s) {
  renderInfo(s.info);
  view.steps = s.steps;
  view.chart = s.chart;
  $("events").replaceChildren();
  s.events.forEach(addEvent);
  $("trace").replaceChildren();
  s.trace.forEach(addTrace);
  if (s.roundTrip) renderTrip(s.roundTrip);
  renderStatus(s.status);
  renderChart();
}

const HANDLERS = {
  snapshot: onSnapshot,
  status: renderStatus,
  steps: (steps) => {
    view.steps = steps;
    renderSteps();
  },
  sample: (sample) => {
    view.chart.push(sample);
    if (view.chart.length > 400) view.chart.shift();
    renderChart();
  },
  event: addEvent,
  trace: addTrace,
  roundtrip: renderTrip,
};

function connect() {
  const source = new EventSource("/events");
  for (const [kind, handle] of Object.entries(HANDLERS)) {
    source.addEventListener(kind, (e) => {
      $("lost").classList.add("hidden");
      handle(JSON.parse(e.data));
    });
  }
  source.onerror = () => $("lost").classList.remove("hidden");
}

function post(path) {
  return fetch(path, { method: "POST", headers: { "X-Console": "1" } });
}

function el(tag, content) {
  const e = document.createElement(tag);
  if (content !== undefined) e.textContent = content;
  return e;
}

function ms(value) {
  return Math.round(value) + " ms";
}

function seconds(msValue) {
  return (msValue / 1000).toFixed(2) + " s";
}

function clock(msValue) {
  const total = Math.max(0, Math.floor(msValue / 1000));
  const pad = (n) => String(n).padStart(2, "0");
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
}

$("toggle").addEventListener("click", () => void toggle());
connect();
