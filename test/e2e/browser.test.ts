/**
 * The console as a person uses it, in headless Chromium (Debian's `chromium`, driven by
 * playwright-core; never a downloaded browser): wait for online, click the toggle, see the
 * relay change and the round trip's latency, break the link and watch it come back.
 * Skips, saying so, when /usr/bin/chromium is not installed.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { startConsoleRig, type ConsoleRig } from "./console-rig";
import { ONLINE_MS, STEP_MS } from "./helpers";

const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOT = "/tmp/cat1-switch-console.png";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

if (!existsSync(CHROMIUM)) {
  test("browser: SKIPPED, /usr/bin/chromium not installed (apt-get install chromium; CI installs it)", () => {
    console.log("\n  skipped: no /usr/bin/chromium");
  });
} else {
  let c: ConsoleRig;
  let browser: BrowserContext;
  let page: Page;
  const profile = mkdtempSync(join(tmpdir(), "cat1-chromium-"));
  const errors: string[] = [];

  test.before(async () => {
    c = await startConsoleRig();
    browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, viewport: { width: 1400, height: 1000 } });
    page = await browser.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()}`));
    // Every request must stay on the console's own server.
    page.on("request", (r) => {
      if (!r.url().startsWith(c.web.url) && !r.url().startsWith("data:")) errors.push(`external request: ${r.url()}`);
    });
  });

  test.after(async () => {
    await browser?.close();
    await c?.stop();
    rmSync(profile, { recursive: true, force: true });
  });

  test("the page shows the device coming online, step by step", async () => {
    await page.goto(c.web.url);
    await page.locator("#link-pill", { hasText: "online" }).waitFor({ timeout: ONLINE_MS });
    assert.is(await page.textContent("#modem-state"), "online");
    await page.locator("#steps li[data-state=done]", { hasText: "subscribe" }).waitFor({ timeout: STEP_MS });
    const steps = (c.web.model.snapshot() as { steps: unknown[] }).steps.length;
    assert.is(await page.locator("#steps li[data-state=done]").count(), steps, "every step ticked");
    assert.is(await page.textContent("#cloud-online"), "online");
  });

  test("toggle from the cloud: relay ON, set -> relay -> set_reply -> post with latencies", async () => {
    assert.is(await page.textContent("#relay-state"), "OFF");
    await page.locator("#toggle:not([disabled])").waitFor({ timeout: STEP_MS });
    await page.click("#toggle");
    await page.locator("#relay-state", { hasText: "ON" }).waitFor({ timeout: STEP_MS });
    await page.locator("#trip-total", { hasText: "round trip" }).waitFor({ timeout: STEP_MS });
    assert.match((await page.textContent("#trip-total"))!, /^round trip \d+ ms \(\d+ ms simulated\)$/);
    for (const stage of ["relay", "reply", "post"]) assert.match((await page.textContent(`#trip-${stage}`))!, /^\d+ ms$/, stage);
    assert.is(await page.getAttribute("#lamp", "data-on"), "1");
  });

  test("break it: an MQTT drop shows in the log and the link comes back", async () => {
    await page.click('button[data-fault="qmtstat"]');
    await page.locator("#events li[data-kind=offline]").first().waitFor({ timeout: STEP_MS });
    await page.locator("#link-pill", { hasText: "online" }).waitFor({ timeout: ONLINE_MS });
    await page.locator("#chart polyline").first().waitFor({ timeout: 10000 });
    await page.click("#trace-box summary");
    await page.locator("#trace span").first().waitFor({ timeout: STEP_MS });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(`\n  screenshot: ${SCREENSHOT}`);
    assert.equal(errors, []);
  });
}

test.run();
